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
      explained.reason =
        "no zone on the way down is \(trust.status.word); `danescope chain \(trust.name) \(trust.type)`"
        + " shows the whole chain"
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
    if let engineReason = engineReasons["\(trust.name) \(trust.type)"],
      let reason = reasons["\(trust.name) \(trust.type)"],
      trust.reason == ChainBuilder.lookupFailureReason(trust.name, trust.type, engineReason)
    {
      agreed.reason = ChainBuilder.lookupFailureReason(trust.name, trust.type, reason)
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
    let lookupStatus: ChainStatus
    switch security {
    case .bogus: lookupStatus = .bogus
    case .indeterminate: lookupStatus = .indeterminate
    case .insecure: lookupStatus = .insecure
    case .secure: return trust
    }
    let combined = ChainStatus.combine(trust.status, lookupStatus)
    guard combined != trust.status else { return trust }
    var bounded = trust
    bounded.status = combined
    bounded.isBoundedByLookup = true
    let why =
      security == .insecure
      ? "libunbound found no chain of trust it can check: the zone is unsigned, or signed only"
        + " with algorithms libunbound does not implement"
      : security.reason ?? "no reason given"
    bounded.reason =
      "the check acts on its own MX lookup, which was \(security.word) (\(why));"
      + " danescope's chain engine, rebuilding the chain from later lookups, found it"
      + " \(trust.status.word)"
    return bounded
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
