/// The header's badges: DNSSEC (the MX answer's status), DANE (the verdicts of every MX ×
/// address, summed up) and the MX count.
enum HeaderBadges {
  static func spans(_ report: ConsoleReport, traces: [ProbeKey: TraceLog]) -> [Span] {
    var spans = [Span(" DNSSEC ", .header), Span(report.mxStatus.word, report.mxStatus.role)]
    let (word, role) = dane(report, traces: traces)
    spans.append(Span("  DANE ", .header))
    spans.append(Span(word, role))
    // With a bogus or failed MX lookup there is no host count to give.
    let usable = report.mxStatus == .secure || report.mxStatus == .insecure
    spans.append(Span("  MX \(usable || !report.hosts.isEmpty ? "\(report.hosts.count)" : "?") ", .header))
    return spans
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
