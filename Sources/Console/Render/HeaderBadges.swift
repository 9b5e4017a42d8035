import ValidationCore

/// The header's badges: DNSSEC (the worst status of the lookups the check acted on), DANE (the
/// verdicts of every MX × address, summed up) and the MX count.
enum HeaderBadges {
  /// The DNSSEC and DANE badges; the MX count is `mxSpan`, apart, since a narrow header leaves
  /// it out (HeaderLine).
  /// While `r` checks again (`isRechecking`) both read "checking…": the last check's verdicts
  /// are not the new one's.
  static func spans(_ report: ConsoleReport, traces: [ProbeKey: TraceLog], isRechecking: Bool)
    -> [Span]
  {
    let checking = (ConsoleReport.Status.pending.word, Role.pending)
    let (status, statusRole) = isRechecking ? checking : dnssec(report)
    let (word, role) = isRechecking ? checking : dane(report, traces: traces)
    return [
      Span(" DNSSEC ", .header), Span(status, statusRole.inHeader), Span("  DANE ", .header),
      Span(word, role.inHeader),
    ]
  }

  /// How much of the `--at` time the header has room for.
  enum AtForm: CaseIterable {
    /// `as of 2027-02-10T00:00:00Z`
    case whole
    /// `as of 2027-02-10`
    case day
    /// `@2027-02-10`
    case compactDay
    /// `@` alone: the status line's "Judged as of … (--at)" gives the time.
    case mark
  }

  /// `--at`: the time DNSSEC and certificates are judged as of, in `form` (whole where the
  /// header has room, down to a bare `@` where it has almost none); nil when judged as of now.
  static func atSpan(_ report: ConsoleReport, form: AtForm) -> Span? {
    guard let time = report.judgedAsOf else { return nil }
    let stamp = UTCTimestamp.text(time)
    let day = String(stamp.prefix { $0 != "T" })
    let shown: String
    switch form {
    case .whole: shown = "as of " + stamp
    case .day: shown = "as of " + day
    case .compactDay: shown = "@" + day
    case .mark: shown = "@"
    }
    return Span("  " + shown, .warning.inHeader)
  }

  /// The MX count badge, shown after `spans` where the header has room for it.
  static func mxSpan(_ report: ConsoleReport, isRechecking: Bool) -> Span {
    Span("  MX \(isRechecking ? "…" : mxCount(report)) ", .header)
  }

  /// The worst DNSSEC status among the lookups the check acted on: the MX set, each host's
  /// addresses, and each TLSA set it looked up (a TLSA set not looked up takes its addresses'
  /// status, which is already counted). So a DANE badge deferred by a bogus TLSA set never stands
  /// beside "secure", and "secure" waits until no lookup is pending. A domain that does not
  /// exist says so instead of a bare "secure" (which would read as good news). A check that
  /// could not complete (`check`'s exit status 3: the chain engine's walk did not finish, the
  /// time limit was reached) reads "incomplete" rather than anything better than
  /// indeterminate: what was not finished is not secure.
  /// Docs/UserGuide.md ("The console", Header) says the same.
  static func dnssec(_ report: ConsoleReport) -> (String, Role) {
    guard report.isNoSuchDomain else {
      let statuses = [report.mxStatus] + report.hosts.flatMap { [$0.addressStatus, $0.tlsa.status] }
      let worst = statuses.max { rank($0) < rank($1) } ?? report.mxStatus
      if report.incompleteReason != nil, rank(worst) < rank(.indeterminate) {
        return ("incomplete", .indeterminate)
      }
      return (worst.word, worst.role)
    }
    switch report.mxStatus {
    case .secure: return ("NXDOMAIN (proven)", .warning)
    case .insecure: return ("NXDOMAIN (not signed)", .insecure)
    default: return ("NXDOMAIN (\(report.mxStatus.word))", report.mxStatus.role)
    }
  }

  /// Worse is higher. Pending outranks only secure: a lookup still running holds back
  /// "secure", not a worse status already known.
  private static func rank(_ status: ConsoleReport.Status) -> Int {
    switch status {
    case .secure: return 0
    case .pending: return 1
    case .insecure: return 2
    case .indeterminate: return 3
    case .bogus: return 4
    }
  }

  /// How many MX hosts; "none" for a domain that does not exist; for an MX lookup that gives
  /// no host set to count, what went wrong, in the panes' words ("bogus", "indeterminate");
  /// "…" while it runs.
  static func mxCount(_ report: ConsoleReport) -> String {
    if report.isNoSuchDomain { return "none" }
    if !report.hosts.isEmpty { return "\(report.hosts.count)" }
    switch report.mxStatus {
    case .secure, .insecure: return "\(report.hosts.count)"
    case .bogus, .indeterminate: return report.mxStatus.word
    case .pending: return "…"
    }
  }

  /// The DANE badge sums up what a sending server would do at every MX × address, never better
  /// than the worst of them: one good host never hides a bad one, and a check that did not
  /// finish never reads as a verdict. In this order, the first that applies:
  /// - the MX answer is bogus or got none: "deferred" (RFC 7672 §2.1.1);
  /// - no address: "none", or "checking…" while the check runs (a host with no address counts
  ///   with `check`'s verdict for it, `unprobed`: unreachable or deferred);
  /// - some failed or deferred: "failed", "deferred", or "1 of 2 failed" when not all;
  /// - some still probing: "probing…";
  /// - some stopped by the check's time limit: "incomplete" when no address was reached to
  ///   the end (the rest unreachable), else "1 of 2 incomplete";
  /// - some unreachable: "unreachable", or "1 of 2 unreachable";
  /// - the rest all alike: their word ("verified", "no DANE", "TLS, not authenticated");
  ///   verified beside no DANE or unauthenticated TLS: "partial"; no DANE beside unauthenticated
  ///   TLS: "not authenticated".
  /// Docs/UserGuide.md ("The console", Header) gives the same table.
  static func dane(_ report: ConsoleReport, traces: [ProbeKey: TraceLog])
    -> (String, Role)
  {
    let verdicts = report.hosts.flatMap { host in
      host.addresses.map { address -> ConsoleReport.ProbeVerdict in
        let traced = traces[ProbeKey(host: host.name, address: address.text)]
        if let traced, !traced.isRunning, traced.verdict != .pending { return traced.verdict }
        return address.verdict
      } + (host.unprobed.map { [$0.verdict] } ?? [])
    }
    if report.mxStatus == .bogus || report.mxStatus == .indeterminate {
      // A sender cannot trust (or get) the MX set: it defers (RFC 7672 §2.1.1).
      return ("deferred", .indeterminate)
    }
    if verdicts.isEmpty { return report.isComplete ? ("none", .dim) : ("checking…", .pending) }
    let count = { (verdict: ConsoleReport.ProbeVerdict) in verdicts.filter { $0 == verdict }.count }
    let some = { (verdict: ConsoleReport.ProbeVerdict, word: String) -> String in
      count(verdict) == verdicts.count ? word : "\(count(verdict)) of \(verdicts.count) \(word)"
    }
    if count(.failed) > 0 { return (some(.failed, "failed"), .bogus) }
    if count(.deferred) > 0 { return (some(.deferred, "deferred"), .indeterminate) }
    if count(.pending) > 0 { return ("probing…", .pending) }
    if count(.incomplete) > 0 {
      // Stopped probes say nothing about their addresses; the check itself is incomplete (as
      // `check` says, exit status 3), and an unreachable rest makes it no better.
      let nothingReached = count(.incomplete) + count(.unreachable) == verdicts.count
      return (nothingReached ? "incomplete" : some(.incomplete, "incomplete"), .indeterminate)
    }
    if count(.unreachable) > 0 { return (some(.unreachable, "unreachable"), .error) }
    let kinds = Set(verdicts)
    if kinds == [.verified] { return ("verified", .secure) }
    if kinds.count == 1, let only = kinds.first { return (only.word, only.role) }
    if kinds.contains(.verified) { return ("partial", .warning) }
    return ("not authenticated", .warning)
  }
}
