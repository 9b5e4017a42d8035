/// The chain summary at the top of a check's report: the zones from the trust anchor down to
/// the MX RRset, and a reason wherever those zones alone do not account for its status.
extension DANECheck {
  /// The summary with a reason that says where its status comes from when no zone line shows
  /// it. The zones listed are those of the MX name only: when the MX name is a CNAME, the
  /// answer's status also depends on the chain of the name it leads to (RFC 4035 §5: each RRset
  /// of the answer is validated in its own zone), and a summary that reads insecure over three
  /// secure zones must name that target and say what its chain found.
  static func explained(_ trust: ChainReport) -> ChainReport {
    guard !trust.zonesShowStatus else { return trust }
    // The MX name's own answer (the CNAME RRset, or the MX RRset or its denial) is judged by
    // the engine, whose reason then already says what is wrong with it.
    if trust.reason != nil, trust.answer?.status == trust.status { return trust }
    var explained = trust
    if let index = trust.cnameTargets.firstIndex(where: { $0.status == trust.status }) {
      let path = ([trust.name] + trust.cnameTargets[...index].map(\.name)).map(\.description)
      let target = trust.cnameTargets[index]
      explained.reason =
        "the \(trust.type) lookup follows the CNAME \(path.joined(separator: " → ")), whose"
        + " chain is \(target.status.word)" + (target.reason.map { ": \($0)" } ?? "")
    } else if trust.reason == nil {
      // The name came from DNS: quoted, so that pasting the command runs nothing in it.
      let command = "danescope chain \(ShellWord.quoted(trust.name.description)) \(trust.type)"
      explained.reason =
        "no zone on the way down is \(trust.status.word); `\(command)` shows the whole chain"
    }
    return explained
  }

  /// The chain summary with the check's own reason wherever the engine failed to look up an
  /// RRset whose lookup by the check failed too: the engine asks later and may get another
  /// answer (a SERVFAIL where the check's lookup timed out), and one report gives one reason
  /// per RRset, the one of the lookup it acts on. Where the check's own lookup of that RRset got
  /// its answer, the engine's failure is a second observation and says so.
  static func agreeing(_ trust: ChainReport, withFailuresOf lookups: [RRsetLookup]) -> ChainReport {
    var reasons: [String: String] = [:]
    var answered: [String: String] = [:]
    for lookup in lookups {
      let subject = "\(lookup.name) \(lookup.type)"
      if case .indeterminate(let reason) = lookup.security {
        reasons[subject] = reasons[subject] ?? reason
      } else {
        answered[subject] = answered[subject] ?? lookup.security.word
      }
    }
    guard !reasons.isEmpty || !answered.isEmpty else { return trust }
    var agreed = trust
    var engineReasons: [String: String] = [:]
    func restate(_ finding: Finding) -> Finding {
      var restated = finding
      if finding.code.rawValue == "LOOKUP_FAILED", let reason = reasons[finding.subject] {
        engineReasons[finding.subject] = finding.evidence.first { $0.label == "reason" }?.value
        restated = Finding(
          finding.code, subject: finding.subject, evidence: [Evidence("reason", reason)],
          severity: finding.severity, consequences: finding.consequences)
      } else if finding.code.rawValue == "LOOKUP_FAILED", let word = answered[finding.subject] {
        restated = Finding(
          finding.code, subject: finding.subject,
          evidence: finding.evidence + [
            Evidence(
              "lookup",
              "danescope's chain engine's, made after the check's own, which was \(word)")
          ], severity: finding.severity, consequences: finding.consequences)
      }
      restated.consequences = restated.consequences.map(restate)
      return restated
    }
    agreed.findings = trust.findings.map(restate)
    // The summary's own reason is restated only when it is the engine's failed lookup of the
    // chain's question, whose LOOKUP_FAILED was restated above.
    let question = "\(trust.name) \(trust.type)"
    if case .lookupFailed(let name, let type, _)? = trust.cause,
      name == trust.name, type == trust.type,
      engineReasons[question] != nil, let reason = reasons[question]
    {
      agreed.cause = ChainBuilder.lookupFailureReason(trust.name, trust.type, reason)
    }
    return agreed
  }

  /// The chain summary never reads better than the MX lookup the report acts on (bogus, then
  /// indeterminate, insecure, secure), and says why when it is held down. It is rebuilt from
  /// lookups made after the check's own, which the cache may answer when the first one timed
  /// out or failed; and where the engine and libunbound disagree (an algorithm libunbound does
  /// not implement, such as Ed448 on Debian 12: RFC 4035 §5.2 makes that zone insecure for it),
  /// the verdicts below, which follow libunbound, would otherwise sit under a better headline.
  static func boundedByLookup(_ trust: ChainReport, _ security: SecurityStatus) -> ChainReport {
    let own = ChainReport.Verdict(status: trust.status, reason: trust.reason)
    guard let verdict = bounded(own, of: trust.name, trust.type, by: security) else { return trust }
    var bounded = trust
    bounded.status = verdict.status
    bounded.reason = verdict.reason
    bounded.isBoundedByLookup = true
    return bounded
  }

  /// The check's own lookup of `name` and `type` as the one rule's lookup
  /// (`bounded(_:by:lookup:engine:)`).
  static func bounded(
    _ verdict: ChainReport.Verdict, of name: DNSName, _ type: RRType, by security: SecurityStatus
  ) -> ChainReport.Verdict? {
    bounded(
      verdict, by: security, lookup: "the check acts on its own \(type) lookup of \(name)",
      engine: "danescope's chain engine, rebuilding the chain from later lookups, found it"
        + " \(verdict.status.word)")
  }

  /// A zone of a chain held to libunbound's status for the lookups that fetched its DS set and
  /// its DNSKEY set, by the same rule as the RRsets; the engine's verdict stays in the reason,
  /// with the algorithms it validated the zone's keys with.
  static func held(_ zone: ZoneReport) -> ZoneReport {
    var held = zone
    let algorithms = Set(zone.keys.map(\.key.algorithm.description)).sorted()
    let engine =
      "danescope's chain engine validated "
      + (algorithms.isEmpty ? "it" : "it with " + algorithms.joined(separator: ", "))
      + " and found it \(zone.status.word)"
    let lookups: [(RRType, SecurityStatus?)] = [
      (.ds, zone.dsLookupStatus), (.dnskey, zone.dnskeyLookupStatus),
    ]
    for case (let type, let security?) in lookups {
      let own = ChainReport.Verdict(status: held.status, reason: held.reason)
      guard
        let verdict = bounded(
          own, by: security,
          lookup: "libunbound's answer to the engine's \(type) lookup of \(zone.name)",
          engine: engine)
      else { continue }
      held.status = verdict.status
      held.reason = verdict.reason
      held.isBoundedByLookup = true
    }
    return held
  }

  /// The one rule behind `boundedByLookup`, `held(_:)` and `DomainReport.heldToLookups`: the
  /// engine's verdict on some data lowered to libunbound's status for the lookup that fetched
  /// it (the authoritative one), with a reason that names both (`lookup`, then `engine`, the
  /// engine's verdict in words); nil when the verdict is not better than the lookup.
  static func bounded(
    _ verdict: ChainReport.Verdict, by security: SecurityStatus, lookup: String, engine: String
  ) -> ChainReport.Verdict? {
    let lookupStatus: ChainStatus
    switch security {
    case .bogus: lookupStatus = .bogus
    case .indeterminate: lookupStatus = .indeterminate
    case .insecure: lookupStatus = .insecure
    case .secure: return nil
    }
    let combined = ChainStatus.combine(verdict.status, lookupStatus)
    guard combined != verdict.status else { return nil }
    let why =
      security == .insecure
      ? "libunbound found no chain of trust it can check: the zone is unsigned, or signed only"
        + " with algorithms libunbound does not implement"
      : security.reason ?? "no reason given"
    return ChainReport.Verdict(
      status: combined,
      reason: "\(lookup), which was \(security.word) (\(why)); \(engine)")
  }
}

extension DomainReport {
  /// Every lookup the check acted on: the MX, then each host's addresses, the CNAME at its name
  /// when asked, and its TLSA lookups.
  public var lookupsUsed: [RRsetLookup] {
    [mx.lookup] + mx.hosts.flatMap(\.lookupsUsed)
  }

  /// A chain of trust of a record this check used (the MX, a host's A, AAAA or TLSA, or the
  /// CNAME at its name), held to libunbound's status for the check's own lookup of it, as the
  /// chain summary is (`DANECheck.boundedByLookup`): no RRset on the way reads better than the
  /// verdict the report acts on, and the engine's own stays in the reason. libunbound's answer
  /// to a question follows its CNAMEs, so the targets are held to it too; the alias itself is
  /// held to the check's CNAME lookup at the name, when it made one. Each zone on the way, with
  /// its DS links and keys, is held by the same rule to libunbound's status for the DS and
  /// DNSKEY lookups the engine fetched it with (`DANECheck.held`). A chain of a record the
  /// check did not look up is returned as it is.
  public func heldToLookups(_ chain: ChainReport) -> ChainReport {
    let used = lookupsUsed
    func lookup(_ name: DNSName, _ type: RRType) -> RRsetLookup? {
      used.first { $0.name == name && $0.type == type }
    }
    let agreed = DANECheck.agreeing(chain, withFailuresOf: used)
    guard let question = lookup(chain.name, chain.type) else { return agreed }
    var held = DANECheck.boundedByLookup(agreed, question.security)
    if let own = held.beforeTargets, let alias = lookup(chain.name, .cname),
      let bounded = DANECheck.bounded(own, of: chain.name, .cname, by: alias.security)
    {
      held.beforeTargets = bounded
    }
    held.cnameTargets = held.cnameTargets.map { target in
      var link = target
      link.zones = link.zones.map(DANECheck.held)
      let own = ChainReport.Verdict(status: target.status, reason: target.reason)
      guard let bounded = DANECheck.bounded(own, of: chain.name, chain.type, by: question.security)
      else { return link }
      link.status = bounded.status
      link.reason = bounded.reason
      link.isBoundedByLookup = true
      return link
    }
    held.zones = held.zones.map(DANECheck.held)
    return held
  }
}

extension ChainReport {
  /// True when the status is secure, or a zone on the way down has the status itself and its
  /// line (with that zone's reason) accounts for it. False when every zone is better than the
  /// summary: the cause lies in the answer, in a CNAME target's chain, or in the check's own MX
  /// lookup, and only `reason` can say it.
  public var zonesShowStatus: Bool {
    status == .secure || zones.contains { $0.status == status }
  }
}
