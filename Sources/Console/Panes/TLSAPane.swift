import ValidationCore

/// Per MX host: the TLSA set and its status, each record decoded, usable or not and why, the
/// certificate depth it matched in the last handshake, and the advice findings.
enum TLSAPane {
  static func rows(_ context: PaneContext) -> [Row] {
    guard let report = context.state.report else {
      return [Row.label(context.state.idleText, .dim)]
    }
    if report.hosts.isEmpty {
      return [Row.label(report.mxNote ?? (report.isComplete ? "No MX hosts." : "Looking up MX…"),
        report.isComplete ? .dim : .pending)]
    }
    var rows: [Row] = []
    for (hostIndex, host) in report.hosts.enumerated() {
      if hostIndex > 0 { rows.append(.blank) }
      // No lookup, no status: the note says why it was not looked up.
      let tlsa = host.tlsa.wasLookedUp
        ? [Span("  " + host.tlsa.name + " TLSA ", .dim),
          Span(host.tlsa.status.word, host.tlsa.status.role)]
        : [Span("  TLSA not looked up", .dim)]
      rows.append(Row([Span("MX \(host.preference) ", .dim), Span(host.name, .title)] + tlsa,
        key: "host:" + host.name))
      if let note = host.tlsa.note { rows.append(Row.label("  " + note, .dim)) }
      // A handshake that reached the DANE decision tells which records matched; a probe that
      // failed before TLS (no STARTTLS, 454) tried none of them.
      let wasMatched = host.addresses.contains(where: \.reachedDANEDecision)
      let wasNotTried = !wasMatched && host.addresses.contains { $0.verdict == .failed }
      for (index, record) in host.tlsa.records.enumerated() {
        rows += recordRows(record, key: "tlsa:\(hostIndex).\(index)", wasMatched: wasMatched,
          wasNotTried: wasNotTried, glyphs: context.glyphs)
      }
      for (index, finding) in host.tlsa.findings.enumerated() {
        rows.append(Row([
          Span("  \(finding.severity) ", finding.severity.role), Span(finding.summary),
        ], key: "tlsa-finding:\(hostIndex).\(index)"))
      }
    }
    return rows
  }

  /// A record's rows. `wasMatched`: a handshake of this host got as far as matching records,
  /// so a usable record with no match depth matched nothing and gets no success mark.
  /// `wasNotTried`: the host's probes failed before any handshake, so no record was tried.
  /// Only a record that matched gets ✓; one no handshake tried gets the neutral mark.
  static func recordRows(
    _ record: ConsoleReport.TLSARecordView, key: String, wasMatched: Bool,
    wasNotTried: Bool = false, glyphs: Glyphs
  ) -> [Row] {
    let (mark, word, role): (String, String, Role)
    if !record.isUsable {
      (mark, word, role) = (glyphs.bad, "unusable", .warning)
    } else if wasMatched, record.matchedDepth == nil {
      (mark, word, role) = (glyphs.unmatched, "usable, matched nothing in the last handshake",
        .warning)
    } else if record.failureAfterMatch != nil {
      (mark, word, role) = (glyphs.bad, "usable", .error)
    } else if record.matchedDepth == nil {
      // No handshake held it against a chain (none reached TLS, or none has run yet): ✓ is
      // for a match only.
      (mark, word, role) = (glyphs.untried, "usable", .dim)
    } else {
      (mark, word, role) = (glyphs.ok, "usable", .secure)
    }
    var rows = [
      Row([
        Span("  \(mark) ", role),
        Span("\(record.usage) \(record.selector) \(record.matchingType)  ", .title),
        Span(decoded(record)),
      ], key: key)
    ]
    var verdict = [Span("      " + word, role)]
    if !record.reason.isEmpty { verdict.append(Span(": " + record.reason, .dim)) }
    let matched = record.matchedPlace ?? record.matchedDepth.map { "matched depth \($0)" }
    if let matched, let places = record.failurePlacesAfterMatch {
      verdict.append(
        Span("  \(matched) in the last handshake, but authentication failed \(places)", .error))
    } else if let matched, let failure = record.failureAfterMatch {
      verdict.append(Span("  \(matched) in the last handshake, but \(failure)", .error))
    } else if let matched {
      verdict.append(Span("  \(matched) in the last handshake", .secure))
    } else if record.isUsable, wasNotTried {
      verdict.append(Span("  not tried: the last probe ended before a TLS handshake", .dim))
    }
    rows.append(Row(verdict, isSelectable: false))
    rows.append(Row.label("      " + record.data, .dim))
    return rows
  }

  /// `DANE-EE(3) SPKI(1) SHA2-256(1)`: the three fields by their registry names.
  static func decoded(_ record: ConsoleReport.TLSARecordView) -> String {
    let usage: String
    switch record.usage {
    case 0: usage = "PKIX-TA(0)"
    case 1: usage = "PKIX-EE(1)"
    case 2: usage = "DANE-TA(2)"
    case 3: usage = "DANE-EE(3)"
    default: usage = "usage(\(record.usage))"
    }
    let selector: String
    switch record.selector {
    case 0: selector = "Cert(0)"
    case 1: selector = "SPKI(1)"
    default: selector = "selector(\(record.selector))"
    }
    let matching: String
    switch record.matchingType {
    case 0: matching = "Full(0)"
    case 1: matching = "SHA2-256(1)"
    case 2: matching = "SHA2-512(2)"
    default: matching = "matching(\(record.matchingType))"
    }
    return "\(usage) \(selector) \(matching)"
  }

  static func finding(forKey key: String?, in report: ConsoleReport?) -> Finding? {
    guard let key, key.hasPrefix("tlsa-finding:"), let report else { return nil }
    let parts = key.dropFirst("tlsa-finding:".count).split(separator: ".").compactMap { Int($0) }
    guard parts.count == 2, parts[0] < report.hosts.count else { return nil }
    let findings = report.hosts[parts[0]].tlsa.findings
    return parts[1] < findings.count ? findings[parts[1]] : nil
  }
}
