import Foundation

/// Trace events as text lines, the way `danescope trace` prints them and the console shows them:
/// `>`/`<` for SMTP, `tls` lines for the handshake, the chain, the DANE decision. Everything the
/// server sent is already sanitised in the events; names from certificates are sanitised here.
/// Text that is already sanitised (finding sentences, reasons) only passes the idempotent
/// `SanitizedText(prose:)` guard, so its escapes are not escaped twice.
public enum TraceEventText {
  /// The lines for one event, without the time stamp.
  public static func lines(for kind: TraceEvent.Kind) -> [String] {
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
    case .peerChain(let chain): return chain.flatMap(certificateLines)
    case .daneDecision(let outcome, let matches): return decisionLines(outcome, matches)
    case .stepFailed(let step, let failure): return ["! \(step): \(failure)"]
    case .finding(let finding):
      return ["\(finding.severity) \(finding.code): \(SanitizedText(prose: finding.summary))"]
    case .closed: return ["closed"]
    }
  }

  /// `[  0.012]` and the event's lines; continuation lines are indented under the first.
  public static func format(_ event: TraceEvent) -> [String] {
    let stamp = "[" + String(format: "%7.3f", event.elapsed) + "] "
    if case .connecting = event.kind {
      return [stamp + "connecting to \(event.address) port \(event.port)"]
    }
    return lines(for: event.kind).enumerated().map { index, line in
      (index == 0 ? stamp : String(repeating: " ", count: stamp.count)) + line
    }
  }

  static func established(_ parameters: TLSParameters) -> String {
    var parts = [parameters.version, parameters.cipher]
    if let group = parameters.group { parts.append("group \(group)") }
    if let signature = parameters.signatureScheme { parts.append("signature \(signature)") }
    return "tls: established: " + parts.map { SanitizedText($0).text }.joined(separator: ", ")
  }

  /// One certificate: subject, issuer, names, validity, key and fingerprints.
  public static func certificateLines(_ certificate: CertificateFacts) -> [String] {
    let validity = [certificate.notBefore, certificate.notAfter]
      .map { $0.map(UTCTimestamp.text) ?? "?" }.joined(separator: " to ")
    var key = "\(certificate.keyType) \(certificate.keyBits) bits"
    if let group = certificate.keyGroup { key += " \(group)" }
    var lines = ["chain depth \(certificate.depth): \(certificate.subject)"]
    lines.append("  issuer \(certificate.issuer)")
    if !certificate.dnsNames.isEmpty {
      lines.append(
        "  DNS names " + certificate.dnsNames.map { SanitizedText($0).text }.joined(separator: ", ")
      )
    }
    lines.append("  valid \(validity)")
    lines.append("  key \(SanitizedText(key))" + (certificate.isCA ? ", CA" : ""))
    lines.append("  cert SHA-256 \(Hex.encode(certificate.certificateSHA256))")
    lines.append("  SPKI SHA-256 \(Hex.encode(certificate.spkiSHA256))")
    lines.append("  SPKI SHA-512 \(Hex.encode(certificate.spkiSHA512))")
    return lines
  }

  static func decisionLines(_ outcome: DANEOutcome, _ matches: [TLSAMatcher.Match]) -> [String] {
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
      lines = ["dane: not attempted (no usable TLSA records): TLS without authentication"]
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
    return lines
  }
}
