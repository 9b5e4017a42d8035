import FoundationEssentials
import ValidationCore

/// The probe's trace events as Handshake pane lines. One event may give several lines (the
/// negotiated parameters, one certificate of the chain per line pair).
extension TraceLine {
  /// What a certificate's validity window is judged against: the check's time (`--at`
  /// included), and whether the usable records are all DANE-EE, which ignores the dates (RFC
  /// 7672 §3.1.1: only the leaf's key or certificate is matched, nothing else of it checked).
  public struct ValidityContext: Sendable {
    public var now: Date
    public var isDANEEEOnly: Bool

    public init(now: Date, usableRecords: [TLSAData]) {
      self.now = now
      isDANEEEOnly = !usableRecords.isEmpty && usableRecords.allSatisfy { $0.usage == .daneEE }
    }
  }

  /// `noRecordsReason`: why the probe had no usable TLSA records (the probe request's, as
  /// `trace` says it), for the DANE line of a probe that did not attempt DANE.
  public static func lines(
    for event: TraceEvent, validity: ValidityContext? = nil, noRecordsReason: String? = nil
  ) -> [TraceLine] {
    let time = event.elapsed
    func line(_ kind: Kind, _ text: String) -> TraceLine {
      TraceLine(elapsed: time, kind: kind, text: text)
    }
    switch event.kind {
    case .connecting:
      return [line(.note, "connecting to \(event.address) port \(event.port)")]
    case .connected:
      return [line(.note, "connected")]
    case .smtpSent(let text):
      return [line(.sent, text.text)]
    case .smtpReceived(let text):
      return [line(.received, text.text)]
    case .plaintextDiscarded(let count, let preview):
      return [line(.error,
        "discarded \(Counted.text(count, "octet")) of plaintext sent after the 220 to STARTTLS: "
          + preview.text)]
    case .tlsHandshakeStarted(let serverName):
      return [line(.tls, "handshake starts, SNI " + (serverName?.text ?? "not sent"))]
    case .tlsMessage(let message):
      let direction = message.direction == .sent ? "sent" : "received"
      return [line(message.isFatalAlert ? .error : .tls,
        "\(direction) \(message.description) (\(Counted.text(message.length, "octet")))")]
    case .tlsEstablished(let parameters):
      var lines = [line(.parameter, "\(parameters.version), cipher \(parameters.cipher)")]
      var details: [String] = []
      if let group = parameters.group { details.append("group \(group)") }
      if let scheme = parameters.signatureScheme { details.append("signature \(scheme)") }
      if let name = parameters.serverName { details.append("SNI \(SanitizedText(name))") }
      if !details.isEmpty { lines.append(line(.parameter, details.joined(separator: ", "))) }
      return lines
    case .tlsFailed(let reason):
      return [line(.error, "TLS handshake failed: \(reason)")]
    case .peerChain(let chain):
      return chain.flatMap { certificateLines($0, time: time, validity: validity) }
    case .daneDecision(let outcome, let matches):
      return decisionLines(outcome, matches: matches, time: time, noRecordsReason: noRecordsReason)
    case .stepFailed(let step, let failure):
      return [line(.error, "\(step): \(failure)")]
    case .finding(let finding):
      return [line(finding.severity >= .warning ? .error : .note,
        "\(finding.code.rawValue): \(finding.summary)")]
    case .closed:
      return [line(.note, "connection closed")]
    }
  }

  /// The most DNS names of one certificate the pane lists; the rest are counted. A server
  /// chooses its certificate: 1,400 names (90 KB) made every key in the pane take seconds.
  static let shownDNSNameLimit = 20
  /// The most characters of a subject or issuer name the pane shows (1,000 OU entries are
  /// a subject too); the rest are counted.
  static let shownNameCharacterLimit = 300

  /// `text` up to `shownNameCharacterLimit` characters, with how many more there were.
  private static func bounded(_ text: String) -> String {
    guard text.count > shownNameCharacterLimit else { return text }
    return text.prefix(shownNameCharacterLimit) + "… and "
      + Counted.text(text.count - shownNameCharacterLimit, "more character")
  }

  private static func certificateLines(
    _ certificate: CertificateFacts, time: Double, validity: ValidityContext?
  ) -> [TraceLine] {
    var first = "[\(certificate.depth)] \(bounded(certificate.subject.text))"
    if certificate.isSelfIssued { first += " (self-issued)" }
    var second = "    issuer \(bounded(certificate.issuer.text)); key \(certificate.keyType)"
    second += " \(certificate.keyBits)"
    if let notAfter = certificate.notAfter { second += "; until \(Self.day(notAfter))" }
    if let validity, let window = windowWord(certificate, now: validity.now) {
      second += ", " + window + (validity.isDANEEEOnly ? " (ignored for DANE-EE)" : "")
    }
    var lines = [
      TraceLine(elapsed: time, kind: .certificate, text: first),
      TraceLine(elapsed: time, kind: .certificate, text: second),
    ]
    if !certificate.dnsNames.isEmpty {
      let names = certificate.dnsNames
      var text = "    names "
        + names.prefix(Self.shownDNSNameLimit).map(\.printable.text).joined(separator: ", ")
      if names.count > Self.shownDNSNameLimit {
        text += ", … and \(names.count - Self.shownDNSNameLimit) more"
          + " (\(names.count) DNS names in all)"
      }
      lines.append(TraceLine(elapsed: time, kind: .certificate, text: text))
    }
    lines.append(TraceLine(elapsed: time, kind: .certificate,
      text: "    SPKI SHA-256 " + Hex.encode(certificate.spkiSHA256)))
    return lines
  }

  /// The words of `trace`'s `dane:` line (TraceEventText), without its label: the pane marks
  /// the line `DANE` instead.
  private static func decisionLines(
    _ outcome: DANEOutcome, matches: [TLSAMatcher.Match], time: Double, noRecordsReason: String?
  ) -> [TraceLine] {
    var lines: [TraceLine] = []
    switch outcome {
    case .verified(let record, let depth):
      let place = TLSAMatcher.place(
        of: record, depth: depth,
        isAnchorNotSent: matches.contains { $0.record == record && $0.isAnchorNotSent })
      lines.append(TraceLine(elapsed: time, kind: .decision,
        text: "verified by \(record.zoneText.prefix(24))… at \(place)"))
    case .failed(let reason):
      lines.append(TraceLine(elapsed: time, kind: .error, text: "DANE failed: \(reason)"))
    case .notAttempted(.noUsableRecords):
      let text = noRecordsReason.map { "not attempted: " + SanitizedText(prose: $0).text }
        ?? "not attempted (no usable TLSA records): TLS without authentication"
      lines.append(TraceLine(elapsed: time, kind: .decision, text: text))
    case .notAttempted(.noTLSAName):
      lines.append(TraceLine(elapsed: time, kind: .decision,
        text: "not attempted (no TLSA name given, no TLSA records looked up):"
          + " TLS without authentication"))
    case .notAttempted(.noTLSSession):
      lines.append(
        TraceLine(elapsed: time, kind: .decision, text: "not attempted (no TLS session)"))
    }
    if case .notAttempted = outcome { return lines }
    if matches.isEmpty {
      lines.append(TraceLine(elapsed: time, kind: .decision,
        text: "danescope's matcher: no record matches any certificate of the chain"))
    }
    for match in matches {
      lines.append(TraceLine(elapsed: time, kind: .decision,
        text: "danescope's matcher: \(match.record.zoneText.prefix(24))… matches \(match.place)"))
    }
    if case .failed = outcome {
      // The EHLO and QUIT below go over a session a DANE sender would not use.
      lines.append(TraceLine(elapsed: time, kind: .error, text: TraceEventText.daneStopNote))
    }
    return lines
  }

  /// "expired" or "not yet valid (from DAY)" when the check's time is outside the window.
  private static func windowWord(_ certificate: CertificateFacts, now: Date) -> String? {
    if let notAfter = certificate.notAfter, now > notAfter { return "expired" }
    if let notBefore = certificate.notBefore, now < notBefore {
      return "not yet valid (from \(day(notBefore)))"
    }
    return nil
  }

  private static func day(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle().year().month().day())
  }
}
