/// The outcome of checking a denial proof, before signatures are taken into account.
struct ProofOutcome: Sendable {
  var steps: [String] = []
  var isProven = false
  var problem: String?
  var isOptOut = false

  static func failed(_ problem: String, steps: [String] = []) -> ProofOutcome {
    ProofOutcome(steps: steps, isProven: false, problem: problem)
  }

  static func proven(_ steps: [String], optOut: Bool = false) -> ProofOutcome {
    ProofOutcome(steps: steps, isProven: true, problem: nil, isOptOut: optOut)
  }
}

/// NSEC denial of existence (RFC 4035 §5.4, RFC 6840 §4.1 and §4.3).
struct NSECProof {
  struct Link {
    let owner: DNSName
    let next: DNSName
    let types: TypeBitMap

    var text: String { "NSEC \(owner) → \(next) [\(types)]" }
  }

  let zone: DNSName
  let links: [Link]

  init(zone: DNSName, records: [ResourceRecord]) {
    self.zone = zone
    links = records.compactMap { record in
      guard case .nsec(let data) = record.rdata else { return nil }
      return Link(owner: record.name, next: data.nextDomain, types: data.types)
    }
  }

  /// True when `link` says there is no name strictly between its owner and next name, and
  /// `name` lies in that gap (the last NSEC wraps round to the apex).
  func covers(_ link: Link, _ name: DNSName) -> Bool {
    guard link.owner < name, name.isSubdomain(of: zone) else { return false }
    // An NSEC at a delegation (NS without SOA) or a DNAME says nothing about names below it.
    let isCut = link.types.contains(.ns) && !link.types.contains(.soa)
    if (isCut || link.types.contains(.dname)) && name.isSubdomain(of: link.owner) { return false }
    return link.owner < link.next ? name < link.next : true
  }

  func matching(_ name: DNSName) -> Link? { links.first { $0.owner == name } }
  func covering(_ name: DNSName) -> Link? { links.first { covers($0, name) } }

  /// The closest encloser that a covering NSEC implies: the longest ancestor of `name` shared
  /// with the NSEC's owner or its next name.
  func closestEncloser(of name: DNSName, from link: Link) -> DNSName {
    func common(_ a: DNSName, _ b: DNSName) -> DNSName {
      var count = 0
      while count < min(a.labelCount, b.labelCount),
        a.suffix(labelCount: count + 1) == b.suffix(labelCount: count + 1)
      {
        count += 1
      }
      return a.suffix(labelCount: count)
    }
    let a = common(name, link.owner)
    let b = common(name, link.next)
    let deeper = a.labelCount >= b.labelCount ? a : b
    return deeper.isSubdomain(of: zone) ? deeper : zone
  }

  func prove(_ claim: DenialReport.Claim, name: DNSName, type: RRType) -> ProofOutcome {
    guard !links.isEmpty else { return .failed("no NSEC records in the answer") }
    switch claim {
    case .nameError: return proveNameError(name)
    case .noData: return proveNoData(name, type)
    case .noDS: return proveNoDS(name)
    case .wildcard:
      guard let link = covering(name) else { return .failed("no NSEC covers \(name)") }
      return .proven(["\(link.text) covers \(name): the exact name does not exist"])
    }
  }

  private func proveNameError(_ name: DNSName) -> ProofOutcome {
    if let link = matching(name) { return .failed("\(link.text) shows that \(name) exists") }
    guard let link = covering(name) else { return .failed("no NSEC covers \(name)") }
    var steps = ["\(link.text) covers \(name)"]
    let encloser = closestEncloser(of: name, from: link)
    steps.append("closest encloser \(encloser)")
    guard let wildcard = try? encloser.prepending("*") else {
      return .failed("wildcard name under \(encloser) is too long", steps: steps)
    }
    if let match = matching(wildcard) {
      return .failed("\(match.text) shows that the wildcard \(wildcard) exists", steps: steps)
    }
    guard let wildLink = covering(wildcard) else {
      return .failed("no NSEC proves that the wildcard \(wildcard) does not exist", steps: steps)
    }
    steps.append("\(wildLink.text) covers \(wildcard)")
    return .proven(steps)
  }

  private func proveNoData(_ name: DNSName, _ type: RRType) -> ProofOutcome {
    if let link = matching(name) {
      if link.types.contains(type) { return .failed("\(link.text) lists \(type) at \(name)") }
      if link.types.contains(.cname) { return .failed("\(link.text) lists a CNAME at \(name)") }
      if type == .ds, let problem = childApexProblem(link.text, link.types, at: name) {
        return .failed(problem)
      }
      return .proven(["\(link.text) matches \(name) and does not list \(type)"])
    }
    guard let link = covering(name) else { return .failed("no NSEC matches or covers \(name)") }
    // An empty non-terminal: the next name lies below the queried name.
    if link.next.isSubdomain(of: name) {
      return .proven(["\(link.text): \(name) is an empty non-terminal"])
    }
    // Otherwise a wildcard NODATA (RFC 4035 §3.1.3.4).
    let encloser = closestEncloser(of: name, from: link)
    guard let wildcard = try? encloser.prepending("*"), let match = matching(wildcard) else {
      return .failed("\(link.text) covers \(name) but no wildcard NSEC shows the type absent")
    }
    if match.types.contains(type) { return .failed("\(match.text) lists \(type)") }
    return .proven(["\(link.text) covers \(name)", "\(match.text) does not list \(type)"])
  }

  private func proveNoDS(_ name: DNSName) -> ProofOutcome {
    guard let link = matching(name) else {
      return .failed("no NSEC at \(name) shows the delegation without DS")
    }
    if link.types.contains(.ds) { return .failed("\(link.text) lists DS") }
    if let problem = childApexProblem(link.text, link.types, at: name) { return .failed(problem) }
    guard link.types.contains(.ns) else {
      return .failed("\(link.text) shows no delegation (no NS)")
    }
    return .proven(["\(link.text): a delegation (NS) without DS"])
  }
}

/// A DS set lives on the parent side of a zone cut (RFC 4035 §2.4, §3.1.4.1), so only the
/// parent's NSEC or NSEC3 can deny it: a matching record with the SOA bit comes from the apex
/// of the child zone (RFC 4035 §5.2, RFC 6840 §4.4), and says nothing about the parent's DS.
/// The root has no parent: its own apex record is the only one that can deny its DS.
func childApexProblem(_ text: String, _ types: TypeBitMap, at name: DNSName) -> String? {
  guard types.contains(.soa), !name.isRoot else { return nil }
  return "\(text) comes from the apex of the child zone \(name) (SOA bit): only the parent "
    + "side of the cut can deny a DS"
}
