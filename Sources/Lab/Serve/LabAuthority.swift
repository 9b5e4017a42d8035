import ValidationCore

/// Answers DNS questions from the lab's zones the way an authoritative server does, for
/// `lab serve`: the data with its RRSIGs, or NODATA / NXDOMAIN with the SOA and the NSEC or
/// NSEC3 records that prove it (RFC 4035 §3.1, RFC 5155 §7.2). Every lab zone is served at once,
/// so a question goes straight to the deepest zone holding the name (a DS question to the
/// parent side of the cut).
struct LabAuthority: Sendable {
  struct Response: Sendable, Equatable {
    var rcode: DNSRcode = .noError
    var answer: [ResourceRecord] = []
    var authority: [ResourceRecord] = []
    var additional: [ResourceRecord] = []
    var isAuthoritative = true
  }

  private let zones: [LabZone]

  init(zones: [LabZone]) {
    self.zones = zones
  }

  func answer(_ name: DNSName, _ type: RRType, dnssec: Bool) -> Response {
    guard let zone = zone(for: name, type) else {
      return Response(rcode: .refused, isAuthoritative: false)
    }
    var response = Response()
    let records = zone.records.filter { $0.name == name }
    let cuts = zone.delegations
    if let cut = cuts.first(where: { name.isSubdomain(of: $0) && !(name == $0 && type == .ds) }) {
      // A cut to a zone the lab does not serve: a referral (never happens with the lab's own tree).
      response.isAuthoritative = false
      response.authority = zone.records.filter {
        $0.name == cut && ($0.type == .ns || $0.type == .ds)
      }
      return response
    }
    let matching = records.filter { $0.type == type || (type == .any && $0.type != .rrsig) }
    if !matching.isEmpty {
      response.answer =
        matching + (dnssec ? signatures(in: records, covering: Set(matching.map(\.type))) : [])
      return response
    }
    if let alias = records.first(where: { $0.type == .cname }) {
      response.answer = [alias] + (dnssec ? signatures(in: records, covering: [.cname]) : [])
      return response
    }
    let exists =
      !records.isEmpty || zone.records.contains { $0.name != name && $0.name.isSubdomain(of: name) }
    response.rcode = exists ? .noError : .nameError
    response.authority = soa(of: zone, dnssec: dnssec)
    if dnssec { response.authority += proof(for: name, exists: exists, in: zone) }
    return response
  }

  /// The deepest zone holding `name`; for DS at an apex, the parent's zone.
  private func zone(for name: DNSName, _ type: RRType) -> LabZone? {
    let holders = zones.filter { name.isSubdomain(of: $0.origin) }
      .sorted { $0.origin.labelCount > $1.origin.labelCount }
    if type == .ds, let first = holders.first, first.origin == name, !name.isRoot {
      return holders.dropFirst().first
    }
    return holders.first
  }

  private func signatures(in records: [ResourceRecord], covering types: Set<RRType>)
    -> [ResourceRecord]
  {
    records.filter {
      if case .rrsig(let rrsig) = $0.rdata { return types.contains(rrsig.typeCovered) }
      return false
    }
  }

  private func soa(of zone: LabZone, dnssec: Bool) -> [ResourceRecord] {
    let apex = zone.records.filter { $0.name == zone.origin }
    let soa = apex.filter { $0.type == .soa }
    return soa + (dnssec ? signatures(in: apex, covering: [.soa]) : [])
  }

  // MARK: Denial proofs

  private func proof(for name: DNSName, exists: Bool, in zone: LabZone) -> [ResourceRecord] {
    let nsec = zone.records.filter { $0.type == .nsec }
    if !nsec.isEmpty { return nsecProof(for: name, exists: exists, nsec, zone) }
    let nsec3 = zone.records.filter { $0.type == .nsec3 }
    if !nsec3.isEmpty { return nsec3Proof(for: name, exists: exists, nsec3, zone) }
    return []
  }

  private func withSignatures(_ records: [ResourceRecord], _ zone: LabZone) -> [ResourceRecord] {
    var out: [ResourceRecord] = []
    for record in records where !out.contains(record) {
      out.append(record)
      out += zone.records.filter {
        guard $0.name == record.name, case .rrsig(let rrsig) = $0.rdata else { return false }
        return rrsig.typeCovered == record.type
      }
    }
    return out
  }

  /// NODATA: the NSEC at the name (or, for an empty non-terminal, the one covering it).
  /// NXDOMAIN: the NSEC covering the name and the one covering the wildcard of its closest
  /// encloser.
  private func nsecProof(
    for name: DNSName, exists: Bool, _ chain: [ResourceRecord], _ zone: LabZone
  ) -> [ResourceRecord] {
    func covering(_ target: DNSName) -> ResourceRecord? {
      chain.first { record in
        guard case .nsec(let data) = record.rdata else { return false }
        if record.name == target { return true }
        let next = data.nextDomain
        if next == zone.origin { return record.name < target }  // the last NSEC wraps around
        return record.name < target && target < next
      }
    }
    var proof: [ResourceRecord] = []
    if let own = covering(name) { proof.append(own) }
    if !exists {
      var encloser = name.parent
      while !zone.records.contains(where: { $0.name.isSubdomain(of: encloser) }) {
        encloser = encloser.parent
      }
      if let wildcard = try? encloser.prepending("*"), let cover = covering(wildcard) {
        proof.append(cover)
      }
    }
    return withSignatures(proof, zone)
  }

  /// RFC 5155 §7.2: NODATA by the matching NSEC3; NXDOMAIN by the closest encloser's match, a
  /// cover of the next closer name and a cover of the wildcard at the closest encloser.
  private func nsec3Proof(
    for name: DNSName, exists: Bool, _ chain: [ResourceRecord], _ zone: LabZone
  ) -> [ResourceRecord] {
    let parameters = ZoneSigner.nsec3Parameters
    func hash(_ target: DNSName) -> [UInt8] {
      NSEC3Hash.hash(name: target, salt: parameters.salt, iterations: parameters.iterations)
    }
    let entries: [(hash: [UInt8], record: ResourceRecord, next: [UInt8])] = chain.compactMap {
      guard case .nsec3(let data) = $0.rdata, let label = $0.name.labels.first,
        let owner = try? Base32Hex.decode(String(decoding: label, as: UTF8.self))
      else { return nil }
      return (owner, $0, data.nextHashedOwner)
    }
    func matching(_ target: DNSName) -> ResourceRecord? {
      let wanted = hash(target)
      return entries.first { $0.hash == wanted }?.record
    }
    func covering(_ target: DNSName) -> ResourceRecord? {
      let wanted = hash(target)
      return entries.first { entry in
        let afterOwner = entry.hash.lexicographicallyPrecedes(wanted)
        let beforeNext = wanted.lexicographicallyPrecedes(entry.next)
        let wraps = !entry.hash.lexicographicallyPrecedes(entry.next)
        return wraps ? (afterOwner || beforeNext) : (afterOwner && beforeNext)
      }?.record
    }
    if exists { return withSignatures(matching(name).map { [$0] } ?? [], zone) }
    var nextCloser = name
    var encloser = name.parent
    while matching(encloser) == nil && encloser != zone.origin {
      nextCloser = encloser
      encloser = encloser.parent
    }
    var proof = [matching(encloser), covering(nextCloser)].compactMap { $0 }
    if let wildcard = try? encloser.prepending("*"), let cover = covering(wildcard) {
      proof.append(cover)
    }
    return withSignatures(proof, zone)
  }
}
