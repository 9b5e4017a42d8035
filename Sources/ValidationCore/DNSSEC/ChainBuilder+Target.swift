/// What became of the queried RRset itself.
struct TargetOutcome: Sendable {
  var answer: RRsetReport?
  var denial: DenialReport?
  var status: ChainStatus = .secure
  var cause: ChainReport.Cause?
  var reason: String? {
    get { cause?.words }
    set { cause = newValue.map(ChainReport.Cause.stated) }
  }
  var validatorStatus: String?
  var validatorReason: String?
  /// Where a CNAME at the name points, when the answer is one.
  var cnameTarget: DNSName?
}

extension ChainBuilder {
  /// The chain's reason when the lookup of the answer itself failed.
  static func lookupFailureReason(_ name: DNSName, _ type: RRType, _ failure: String)
    -> ChainReport.Cause
  {
    .lookupFailed(name: name, type: type, failure: failure)
  }

  /// The zone whose keys sign `name`/`type`: the deepest zone of the walk at or above the name
  /// that holds it (for a DS, the parent's: the walk stops above the name, see `holderName`).
  /// Nil when that is unknown: a zone-cut (SOA) lookup at or above the holder failed, and the
  /// deepest zone the walk found may not be the one (its keys would fail a valid signature).
  func signingZone(for name: DNSName, type: RRType, in walk: ZoneWalk) -> ZoneReport? {
    let holder = holderName(for: name, type: type)
    if let unknown = walk.unknownCutsFrom, holder.isSubdomain(of: unknown) { return nil }
    return walk.zones.last { holder.isSubdomain(of: $0.name) }
  }

  /// What an answer whose zone is unknown comes to: a lookup failed, so it is indeterminate
  /// (unless the chain above it is already insecure or broken), never judged secure or bogus.
  func unknownZoneStatus(_ walk: ZoneWalk) -> ChainStatus {
    walk.status == .secure ? .indeterminate : walk.status
  }

  func judgeTarget(name: DNSName, type: RRType, walk: inout ZoneWalk, findings: inout [Finding])
    async -> TargetOutcome
  {
    let lookup = await source.lookup(name, type)
    var outcome = TargetOutcome(
      validatorStatus: lookup.validatorStatus, validatorReason: lookup.validatorReason)
    if let failure = lookup.failure {
      findings.append(lookupFailed("\(name) \(type)", failure))
      outcome.status = .indeterminate
      outcome.cause = Self.lookupFailureReason(name, type, failure)
      return outcome
    }
    if let redirection = DNAMERedirection(of: name, in: lookup) {
      return await judgeRedirection(
        redirection, name: name, type: type, lookup: lookup, outcome: outcome, walk: &walk,
        findings: &findings)
    }
    let zone = signingZone(for: name, type: type, in: walk)
    let zoneStatus = zone?.status ?? unknownZoneStatus(walk)
    var records = lookup.answerRecords(name, type)
    var key = RRSetKey(name: name, type: type)
    if records.isEmpty, type != .cname, let cname = lookup.answerRecords(name, .cname).first {
      records = [cname]
      key = RRSetKey(name: name, type: .cname)
      if case .cname(let target) = cname.rdata { outcome.cnameTarget = target }
    }
    guard let zone, zone.status == .secure || zone.status == .bogus else {
      // Insecure or indeterminate above, or the zone unknown: the answer is shown but not
      // judged, and a denial is not checked.
      outcome.status = zoneStatus
      if !records.isEmpty {
        outcome.answer = RRsetReport(
          key: key, records: records, signatures: [], status: zoneStatus)
      }
      return outcome
    }
    let keys = walk.keysByZone[zone.name] ?? []
    guard !records.isEmpty else {
      let claim: DenialReport.Claim = lookup.isNameError ? .nameError : .noData
      let result = denials.check(
        lookup, zone: zone.name, keys: keys, claim: claim, name: name, type: type)
      outcome.denial = result.report
      findings += result.findings
      noteSigners(result.report.rrsets, zone: zone.name, walk: &walk)
      outcome.status =
        result.report.isProven ? (result.report.makesInsecure ? .insecure : .secure) : .bogus
      outcome.reason =
        result.report.problem.map { "the denial for \(name) \(type): \($0)" }
        ?? insecureDenialReason(result.report, zone: zone.name)
      return inheritingBrokenChain(outcome, zone)
    }
    judgeAnswer(
      RRsetReport(key: key, records: records, signatures: [], status: .secure), lookup, zone,
      keys, &outcome, &walk, &findings)
    return inheritingBrokenChain(outcome, zone)
  }

  /// Why a denial that holds leaves the answer insecure, nil when it does not: an opt-out NSEC3
  /// covers the name (it may be an unsigned delegation, which opt-out leaves unauthenticated:
  /// RFC 5155 §6), or the NSEC3 records use more iterations than validators accept.
  func insecureDenialReason(_ denial: DenialReport, zone: DNSName) -> String? {
    guard denial.makesInsecure else { return nil }
    let subject = "the denial for \(denial.name) \(denial.type)"
    if denial.isOptOut {
      return "\(subject) is covered by an opt-out NSEC3 at \(zone), which cannot prove that"
        + " there is no unsigned delegation (RFC 5155 §6)"
    }
    let iterations = denial.nsec3Parameters.map { " (\($0.iterations))" } ?? ""
    return "\(subject) uses NSEC3 records of \(zone) with more iterations\(iterations) than"
      + " validators accept (\(options.nsec3IterationLimit), RFC 9276 §3.2)"
  }

  /// A name below a DNAME (RFC 6672): the DNAME RRset is the signed answer, judged in its own
  /// zone; the CNAME the server synthesized from it carries no signature of its own and must
  /// say exactly what the DNAME does (RFC 6672 §5.3). The engine then follows the new name as it
  /// follows a CNAME, unless the CNAME itself was asked for.
  private func judgeRedirection(
    _ redirection: DNAMERedirection, name: DNSName, type: RRType, lookup: ChainLookup,
    outcome start: TargetOutcome, walk: inout ZoneWalk, findings: inout [Finding]
  ) async -> TargetOutcome {
    var outcome = start
    let key = RRSetKey(name: redirection.owner, type: .dname)
    let zone = signingZone(for: redirection.owner, type: .dname, in: walk)
    let zoneStatus = zone?.status ?? unknownZoneStatus(walk)
    let unjudged = RRsetReport(
      key: key, records: redirection.records, signatures: [], status: zoneStatus)
    if let zone, zone.status == .secure || zone.status == .bogus {
      judgeAnswer(
        unjudged, lookup, zone, walk.keysByZone[zone.name] ?? [], &outcome, &walk, &findings)
    } else {
      // Insecure or indeterminate above, or the zone unknown: the DNAME is shown but not judged.
      outcome.status = zoneStatus
      outcome.answer = unjudged
    }
    switch redirection.target {
    case .failure(let error):
      // The server answers YXDOMAIN: the DNAME, as judged, is the proof that no such name is.
      outcome.reason =
        "the DNAME at \(redirection.owner) makes \(name) too long (\(error)), so the name "
        + "cannot exist (YXDOMAIN, RFC 6672 §2.2)"
    case .success(let target):
      if let served = redirection.servedCNAME, served != target {
        outcome.status = .bogus
        outcome.reason =
          "the CNAME at \(name) points to \(served), but the DNAME at \(redirection.owner) "
          + "makes it \(target)"
      } else if type != .cname {
        outcome.cnameTarget = target
      }
    }
    return inheritingBrokenChain(outcome, zone)
  }

  /// Signatures that verify with the keys of a bogus zone prove nothing: the answer is bogus
  /// too, as a zone below a broken link is (its signatures are still shown as they checked).
  private func inheritingBrokenChain(_ judged: TargetOutcome, _ zone: ZoneReport?)
    -> TargetOutcome
  {
    guard let zone, zone.status == .bogus, judged.status != .bogus else { return judged }
    var outcome = judged
    outcome.status = .bogus
    outcome.reason = "the chain above is broken (\(zone.name) is bogus)"
    outcome.answer = judged.answer.map {
      RRsetReport(key: $0.key, records: $0.records, signatures: $0.signatures, status: .bogus)
    }
    return outcome
  }

  /// Checks the answer RRset's signatures, and for a wildcard answer the proof that the exact
  /// name does not exist (RFC 4035 §5.3.4).
  private func judgeAnswer(
    _ unsigned: RRsetReport, _ lookup: ChainLookup, _ zone: ZoneReport, _ keys: [ZoneKey],
    _ outcome: inout TargetOutcome, _ walk: inout ZoneWalk, _ findings: inout [Finding]
  ) {
    let key = unsigned.key
    let signatures = judge.check(
      records: unsigned.records, owner: key.name,
      signatures: lookup.signatures(over: key.name, key.type), zone: zone.name, keys: keys)
    let usable = signatures.filter(\.isUsable)
    let rrset = RRsetReport(
      key: key, records: unsigned.records, signatures: signatures,
      status: usable.isEmpty ? .bogus : .secure)
    outcome.answer = rrset
    noteSigners([rrset], zone: zone.name, walk: &walk)
    let algorithms = Set(zone.ds.filter(\.authenticates).map(\.ds.algorithm))
    findings += signatureFindings.findings(for: rrset, zoneAlgorithms: algorithms)
    outcome.status = rrset.status
    if rrset.status == .bogus { outcome.reason = "\(key) has no valid signature" }
    guard let wildcard = usable.first(where: \.isWildcardExpansion) else { return }
    let result = denials.check(
      lookup, zone: zone.name, keys: keys, claim: .wildcard, name: key.name, type: key.type,
      wildcardLabels: Int(wildcard.rrsig.labels))
    outcome.denial = result.report
    findings += result.findings
    if !result.report.isProven {
      outcome.status = .bogus
      outcome.reason = "wildcard answer without a valid proof: \(result.report.problem ?? "-")"
    }
  }

  /// Records, per key, the RRsets it signed with a signature that verifies.
  func noteSigners(_ rrsets: [RRsetReport], zone: DNSName, walk: inout ZoneWalk) {
    guard let index = walk.zones.firstIndex(where: { $0.name == zone }) else { return }
    for rrset in rrsets {
      for signature in rrset.signatures where signature.verdict == .valid {
        for keyIndex in walk.zones[index].keys.indices
        where walk.zones[index].keys[keyIndex].keyTag == signature.rrsig.keyTag
          && walk.zones[index].keys[keyIndex].key.algorithm == signature.rrsig.algorithm
          && !walk.zones[index].keys[keyIndex].signed.contains(rrset.key)
        {
          walk.zones[index].keys[keyIndex].signed.append(rrset.key)
        }
      }
    }
  }
}

/// The DNAME an answer for a name came through: the DNAME RRset owned by the closest ancestor of
/// the name, the name it rewrites the queried one to, and the CNAME the server synthesized.
struct DNAMERedirection {
  let owner: DNSName
  let records: [ResourceRecord]
  let target: Result<DNSName, DNSNameError>
  let servedCNAME: DNSName?

  init?(of name: DNSName, in lookup: ChainLookup) {
    let above = lookup.answer.filter {
      $0.type == .dname && name.isSubdomain(of: $0.name) && name.labelCount > $0.name.labelCount
    }
    guard let owner = above.map(\.name).max(by: { $0.labelCount < $1.labelCount }) else {
      return nil
    }
    self.owner = owner
    records = lookup.answerRecords(owner, .dname)
    guard case .dname(let replacement)? = records.first?.rdata else { return nil }
    target = Result { () throws(DNSNameError) in
      try name.substituting(owner, with: replacement)
    }
    let served = lookup.answerRecords(name, .cname).compactMap { record -> DNSName? in
      guard case .cname(let target) = record.rdata else { return nil }
      return target
    }
    servedCNAME = served.first
  }
}
