/// The header's badges: DNSSEC (the MX answer's status), DANE (the verdicts of every MX ×
/// address, summed up) and the MX count.
enum HeaderBadges {
  static func spans(_ report: ConsoleReport, traces: [ProbeKey: TraceLog]) -> [Span] {
    let (status, statusRole) = dnssec(report)
    var spans = [Span(" DNSSEC ", .header), Span(status, statusRole)]
    let (word, role) = dane(report, traces: traces)
    spans.append(Span("  DANE ", .header))
    spans.append(Span(word, role))
    spans.append(Span("  MX \(mxCount(report)) ", .header))
    return spans
  }

  /// The MX answer's status; a domain that does not exist says so instead of a bare "secure"
  /// (which would read as good news).
  static func dnssec(_ report: ConsoleReport) -> (String, Role) {
    guard report.isNoSuchDomain else { return (report.mxStatus.word, report.mxStatus.role) }
    switch report.mxStatus {
    case .secure: return ("NXDOMAIN (proven)", .warning)
    case .insecure: return ("NXDOMAIN (not signed)", .insecure)
    default: return ("NXDOMAIN (\(report.mxStatus.word))", report.mxStatus.role)
    }
  }

  /// How many MX hosts; "none" for a domain that does not exist, "unknown" when a bogus or
  /// failed MX lookup gives no host set to count, "…" while it runs.
  static func mxCount(_ report: ConsoleReport) -> String {
    if report.isNoSuchDomain { return "none" }
    if !report.hosts.isEmpty { return "\(report.hosts.count)" }
    switch report.mxStatus {
    case .secure, .insecure: return "\(report.hosts.count)"
    case .bogus, .indeterminate: return "unknown"
    case .pending: return "…"
    }
  }

  /// All verified: verified. Any failed ("1 of 2 failed") or deferred: that. Nothing known
  /// yet: probing. Other mixes say "partial", so one good host never hides a bad one.
  static func dane(_ report: ConsoleReport, traces: [ProbeKey: TraceLog])
    -> (String, Role)
  {
    let verdicts = report.hosts.flatMap { host in
      host.addresses.map { address -> ConsoleReport.ProbeVerdict in
        let traced = traces[ProbeKey(host: host.name, address: address.text)]
        if let traced, !traced.isRunning, traced.verdict != .pending { return traced.verdict }
        return address.verdict
      }
    }
    if report.mxStatus == .bogus || report.mxStatus == .indeterminate {
      // A sender cannot trust (or get) the MX set: it defers (RFC 7672 §2.1.1).
      return ("deferred", .indeterminate)
    }
    if verdicts.isEmpty { return report.isComplete ? ("none", .dim) : ("checking…", .pending) }
    let failed = verdicts.filter { $0 == .failed }.count
    if failed == verdicts.count { return ("failed", .bogus) }
    if failed > 0 { return ("\(failed) of \(verdicts.count) failed", .bogus) }
    if verdicts.contains(.deferred) { return ("deferred", .indeterminate) }
    if verdicts.contains(.pending) { return ("probing…", .pending) }
    let kinds = Set(verdicts)
    if kinds == [.verified] { return ("verified", .secure) }
    if kinds.count == 1, let only = kinds.first { return (only.word, only.role) }
    return ("partial", .warning)
  }
}
