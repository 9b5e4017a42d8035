import FoundationEssentials

/// Trace events as text lines, the way `danescope trace` prints them and the console shows them:
/// `>`/`<` for SMTP, `tls` lines for the handshake, the chain, the DANE decision. Everything the
/// server sent is already sanitised in the events; names from certificates are sanitised here.
/// Text that is already sanitised (finding sentences, reasons) only passes the idempotent
/// `SanitizedText(prose:)` guard, so its escapes are not escaped twice.
public enum TraceEventText {
  /// What the caller knows beyond the events: when certificate windows are judged, and why a
  /// probe with no usable records had none.
  public struct Context: Sendable {
    /// The time certificate windows are judged at (the injected clock's now, the one the probe
    /// verifies with); nil: the dates are shown without a judgement.
    public var now: Date?
    /// Every usable record is DANE-EE(3): a sender ignores the dates (RFC 7672 §3.1.1).
    public var isDANEEEOnly: Bool
    /// Why there were no usable records, when it is not that the TLSA set had none usable
    /// (`the TLSA lookup at … is bogus; a DANE sender defers delivery`, `TLSA records not
    /// secure`); the `dane:` line says it instead.
    public var noRecordsReason: String?

    public init(now: Date? = nil, usableRecords: [TLSAData] = [], noRecordsReason: String? = nil) {
      self.now = now
      isDANEEEOnly = !usableRecords.isEmpty && usableRecords.allSatisfy { $0.usage == .daneEE }
      self.noRecordsReason = noRecordsReason
    }
  }

  /// The lines for one event, without the time stamp.
  public static func lines(for kind: TraceEvent.Kind, context: Context = Context()) -> [String] {
    switch kind {
    case .connecting: return []
    case .connected: return ["connected"]
    case .smtpSent(let line): return ["> \(line)"]
    case .smtpReceived(let line): return ["< \(line)"]
    case .plaintextDiscarded(let count, let preview):
      return ["! discarded \(count) octets of plaintext sent after the 220: \(preview)"]
    case .tlsHandshakeStarted(let serverName):
      return ["tls: handshake, SNI \(serverName?.text ?? "(none)")"]
    case .tlsMessage(let message):
      return ["tls \(message.direction == .sent ? ">" : "<") \(message)"]
    case .tlsEstablished(let parameters): return [established(parameters)]
    case .tlsFailed(let reason): return ["tls: handshake failed: \(SanitizedText(prose: reason))"]
    case .peerChain(let chain):
      return chain.flatMap { certificateLines($0, context: context) }
    case .daneDecision(let outcome, let matches):
      return decisionLines(outcome, matches, noRecordsReason: context.noRecordsReason)
    case .stepFailed(let step, let failure): return ["! \(step): \(failure)"]
    case .finding(let finding):
      return ["\(finding.severity) \(finding.code): \(SanitizedText(prose: finding.summary))"]
    case .closed: return ["closed"]
    }
  }

  /// `[  0.012]` and the event's lines; continuation lines are indented under the first.
  public static func format(_ event: TraceEvent) -> [String] { format(event, context: Context()) }

  /// The same, with what the caller knows beyond the event (`Context`).
  public static func format(_ event: TraceEvent, context: Context) -> [String] {
    let stamp = "[" + PrintfText.make("%7.3f", event.elapsed) + "] "
    if case .connecting = event.kind {
      return [stamp + "connecting to \(event.address) port \(event.port)"]
    }
    return lines(for: event.kind, context: context).enumerated().map { index, line in
      (index == 0 ? stamp : String(repeating: " ", count: stamp.count)) + line
    }
  }

  static func established(_ parameters: TLSParameters) -> String {
    var parts = [parameters.version, parameters.cipher]
    if let group = parameters.group { parts.append("group \(group)") }
    if let signature = parameters.signatureScheme { parts.append("signature \(signature)") }
    return "tls: established: " + parts.map { SanitizedText($0).text }.joined(separator: ", ")
  }

  /// One certificate: subject, issuer, names, validity, key and fingerprints. With a time to
  /// judge at (`context.now`), a certificate outside its window is marked `expired` or `not yet
  /// valid`, and `(ignored for DANE-EE)` when only DANE-EE records count.
  public static func certificateLines(
    _ certificate: CertificateFacts, context: Context = Context()
  ) -> [String] {
    var validity = [certificate.notBefore, certificate.notAfter]
      .map { $0.map(UTCTimestamp.text) ?? "?" }.joined(separator: " to ")
    if let now = context.now, let mark = windowMark(certificate, now: now) {
      validity += ", \(mark) as of \(UTCTimestamp.text(now))"
      if context.isDANEEEOnly { validity += " (ignored for DANE-EE, RFC 7672 §3.1.1)" }
    }
    var key = "\(certificate.keyType) \(certificate.keyBits) bits"
    if let group = certificate.keyGroup { key += " \(group)" }
    var lines = ["chain depth \(certificate.depth): \(certificate.subject)"]
    lines.append("  issuer \(certificate.issuer)")
    if !certificate.dnsNames.isEmpty {
      lines.append(
        "  DNS names " + certificate.dnsNames.map(\.printable.text).joined(separator: ", ")
      )
    }
    lines.append("  valid \(validity)")
    lines.append("  key \(SanitizedText(key))" + (certificate.isCA ? ", CA" : ""))
    lines.append("  cert SHA-256 \(Hex.encode(certificate.certificateSHA256))")
    lines.append("  SPKI SHA-256 \(Hex.encode(certificate.spkiSHA256))")
    lines.append("  SPKI SHA-512 \(Hex.encode(certificate.spkiSHA512))")
    return lines
  }

  /// `expired` after notAfter, `not yet valid` before notBefore, nil inside the window.
  static func windowMark(_ certificate: CertificateFacts, now: Date) -> String? {
    if let notAfter = certificate.notAfter, now > notAfter { return "expired" }
    if let notBefore = certificate.notBefore, now < notBefore { return "not yet valid" }
    return nil
  }

  static func decisionLines(
    _ outcome: DANEOutcome, _ matches: [TLSAMatcher.Match], noRecordsReason: String? = nil
  ) -> [String] {
    var lines: [String]
    switch outcome {
    case .verified(let record, let depth):
      let place = TLSAMatcher.place(
        of: record, depth: depth,
        isAnchorNotSent: matches.contains { $0.record == record && $0.isAnchorNotSent })
      lines = ["dane: verified by \(record.zoneText) at \(place)"]
    case .failed(let reason):
      lines = ["dane: not authenticated: \(SanitizedText(prose: reason))"]
    case .notAttempted(.noUsableRecords):
      if let noRecordsReason {
        lines = ["dane: not attempted: \(SanitizedText(prose: noRecordsReason))"]
      } else {
        lines = ["dane: not attempted (no usable TLSA records): TLS without authentication"]
      }
    case .notAttempted(.noTLSAName):
      lines = [
        "dane: not attempted (no TLSA name given, no TLSA records looked up):"
          + " TLS without authentication"
      ]
    case .notAttempted(.noTLSSession):
      lines = ["dane: not attempted (no TLS session)"]
    }
    if case .notAttempted = outcome { return lines }
    if matches.isEmpty {
      lines.append("  danescope matcher: no record matches any certificate of the chain")
    }
    for match in matches {
      lines.append("  danescope matcher: \(match.record.zoneText) matches \(match.place)")
    }
    if case .failed = outcome { lines.append("  " + daneStopNote) }
    return lines
  }

  /// Said where DANE authentication failed, before the EHLO and QUIT that follow it: a sender
  /// delivers nothing to a server it could not authenticate (RFC 7672 §2.2), and the probe only
  /// ends the session; it never sends mail. The console's Handshake pane says the same.
  public static let daneStopNote =
    "a DANE sender stops here and does not deliver (RFC 7672 §2.2); what follows only ends the"
    + " session: danescope sends no mail"
}
