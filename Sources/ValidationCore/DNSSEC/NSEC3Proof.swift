/// NSEC3 denial of existence (RFC 5155 §8): hashed owner names, the closest encloser proof,
/// the next closer name, wildcards and opt-out.
struct NSEC3Proof {
  struct Link {
    let owner: DNSName
    let ownerHash: [UInt8]
    let data: NSEC3Data

    var text: String {
      "NSEC3 \(Base32Hex.encode(ownerHash).lowercased()) → "
        + "\(Base32Hex.encode(data.nextHashedOwner).lowercased()) [\(data.types)]"
        + (data.isOptOut ? " opt-out" : "")
    }
  }

  let zone: DNSName
  let links: [Link]
  /// The parameters of the first NSEC3; records with other parameters are ignored.
  let parameters: NSEC3PARAMData?

  init(zone: DNSName, records: [ResourceRecord]) {
    self.zone = zone
    var links: [Link] = []
    var parameters: NSEC3PARAMData?
    for record in records {
      guard case .nsec3(let data) = record.rdata, record.name.parent == zone,
        let label = record.name.labels.first,
        let hash = try? Base32Hex.decode(String(decoding: label, as: UTF8.self))
      else { continue }
      let these = NSEC3PARAMData(
        hashAlgorithm: data.hashAlgorithm, flags: 0, iterations: data.iterations, salt: data.salt)
      if parameters == nil { parameters = these }
      guard these == parameters else { continue }
      links.append(Link(owner: record.name, ownerHash: hash, data: data))
    }
    self.links = links
    self.parameters = parameters
  }

  func hash(_ name: DNSName) -> [UInt8] {
    guard let parameters else { return [] }
    return NSEC3Hash.hash(name: name, salt: parameters.salt, iterations: parameters.iterations)
  }

  func matching(_ name: DNSName) -> Link? {
    let digest = hash(name)
    return links.first { $0.ownerHash == digest }
  }

  func covering(_ name: DNSName) -> Link? {
    let digest = hash(name)
    return links.first { link in
      let owner = link.ownerHash
      let next = link.data.nextHashedOwner
      let afterOwner = owner.lexicographicallyPrecedes(digest)
      let beforeNext = digest.lexicographicallyPrecedes(next)
      // The last NSEC3 of the chain wraps round to the first hash.
      return owner.lexicographicallyPrecedes(next)
        ? afterOwner && beforeNext : afterOwner || beforeNext
    }
  }

  /// RFC 5155 §8.3: the closest encloser (an ancestor with a matching NSEC3) and the next
  /// closer name below it (which a covering NSEC3 must show absent).
  func closestEncloserProof(_ name: DNSName) -> (
    encloser: DNSName, nextCloser: DNSName, cover: Link?, steps: [String]
  )? {
    var candidate = name
    while candidate.isSubdomain(of: zone) {
      if let match = matching(candidate) {
        guard candidate != name else { return nil }
        let nextCloser = name.suffix(labelCount: candidate.labelCount + 1)
        let cover = covering(nextCloser)
        var steps = ["\(match.text) matches the closest encloser \(candidate)"]
        if let cover { steps.append("\(cover.text) covers the next closer name \(nextCloser)") }
        return (candidate, nextCloser, cover, steps)
      }
      if candidate == zone { break }
      candidate = candidate.parent
    }
    return nil
  }

  func prove(_ claim: DenialReport.Claim, name: DNSName, type: RRType, wildcardLabels: Int?)
    -> ProofOutcome
  {
    guard let parameters, !links.isEmpty else { return .failed("no NSEC3 records in the answer") }
    guard parameters.hashAlgorithm == NSEC3Hash.sha1Algorithm else {
      return .failed("unknown NSEC3 hash algorithm \(parameters.hashAlgorithm)")
    }
    switch claim {
    case .nameError: return proveNameError(name)
    case .noData: return proveNoData(name, type)
    case .noDS: return proveNoDS(name)
    case .wildcard:
      // §8.8: the next closer name of the wildcard's closest encloser must be covered.
      let labels = wildcardLabels ?? name.labelCount - 1
      let nextCloser = name.suffix(labelCount: labels + 1)
      guard let cover = covering(nextCloser) else {
        return .failed("no NSEC3 covers the next closer name \(nextCloser)")
      }
      return .proven(
        ["\(cover.text) covers the next closer name \(nextCloser)"], optOut: cover.data.isOptOut)
    }
  }

  private func proveNameError(_ name: DNSName) -> ProofOutcome {
    if let match = matching(name) { return .failed("\(match.text) shows that \(name) exists") }
    guard let proof = closestEncloserProof(name) else {
      return .failed("no NSEC3 matches an ancestor of \(name) (no closest encloser)")
    }
    guard let cover = proof.cover else {
      return .failed("no NSEC3 covers the next closer name \(proof.nextCloser)", steps: proof.steps)
    }
    var steps = proof.steps
    guard let wildcard = try? proof.encloser.prepending("*") else {
      return .failed("wildcard name too long", steps: steps)
    }
    guard let wildCover = covering(wildcard) else {
      return .failed("no NSEC3 proves that the wildcard \(wildcard) does not exist", steps: steps)
    }
    steps.append("\(wildCover.text) covers the wildcard \(wildcard)")
    return .proven(steps, optOut: cover.data.isOptOut)
  }

  private func proveNoData(_ name: DNSName, _ type: RRType) -> ProofOutcome {
    if let match = matching(name) {
      if match.data.types.contains(type) {
        return .failed("\(match.text) lists \(type) at \(name)")
      }
      if match.data.types.contains(.cname) {
        return .failed("\(match.text) lists a CNAME at \(name)")
      }
      if type == .ds, let problem = childApexProblem(match.text, match.data.types, at: name) {
        return .failed(problem)
      }
      return .proven(["\(match.text) matches \(name) and does not list \(type)"])
    }
    // §8.6: with no NSEC3 at the name, a DS is denied only by opt-out over the next closer name.
    if type == .ds { return proveNoDS(name) }
    // §8.7: a wildcard NODATA.
    guard let proof = closestEncloserProof(name), proof.cover != nil,
      let wildcard = try? proof.encloser.prepending("*"), let match = matching(wildcard)
    else {
      return .failed("no NSEC3 matches \(name), and no wildcard NSEC3 shows \(type) absent")
    }
    if match.data.types.contains(type) { return .failed("\(match.text) lists \(type)") }
    return .proven(proof.steps + ["\(match.text) matches \(wildcard) and does not list \(type)"])
  }

  private func proveNoDS(_ name: DNSName) -> ProofOutcome {
    if let match = matching(name) {
      if match.data.types.contains(.ds) { return .failed("\(match.text) lists DS") }
      if let problem = childApexProblem(match.text, match.data.types, at: name) {
        return .failed(problem)
      }
      guard match.data.types.contains(.ns) else { return .failed("\(match.text) shows no NS") }
      return .proven(["\(match.text) matches \(name): a delegation (NS) without DS"])
    }
    // §8.6: no match, but an opt-out NSEC3 covers the next closer name.
    guard let proof = closestEncloserProof(name), let cover = proof.cover else {
      return .failed("no NSEC3 matches \(name) and no closest encloser proof")
    }
    guard cover.data.isOptOut else {
      return .failed(
        "\(cover.text) covers \(proof.nextCloser) without the opt-out flag", steps: proof.steps)
    }
    return .proven(
      proof.steps + ["opt-out: unsigned delegations may lie in this span"], optOut: true)
  }
}
