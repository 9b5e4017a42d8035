/// Builds the SMTP and TLS findings of a probe; the wording is in FindingCatalog+SMTP.swift.
enum ProbeFindings {
  static func unreachable(_ subject: String, _ failure: ProbeFailure) -> Finding {
    Finding(
      FindingCode("SMTP_UNREACHABLE"), subject: subject,
      evidence: [Evidence("reason", "\(failure)")])
  }

  /// A step that could not finish: the finding its failure calls for.
  static func stepFailed(_ subject: String, step: ProbeStep, _ failure: ProbeFailure) -> Finding {
    let stepEvidence = Evidence("step", step.description)
    switch failure {
    case .timedOut(let seconds):
      return Finding(
        FindingCode("SMTP_STEP_TIMED_OUT"), subject: subject,
        evidence: [stepEvidence, Evidence("seconds", ProbeFailure.format(seconds))])
    case .replyIncomplete(let seconds, let octets, let start):
      return Finding(
        FindingCode("SMTP_REPLY_INCOMPLETE"), subject: subject,
        evidence: [
          stepEvidence, Evidence("seconds", ProbeFailure.format(seconds)),
          Evidence("received", ProbeFailure.octetCount(octets)), Evidence("start", start.text),
        ])
    case .closedByPeer:
      return Finding(
        FindingCode("SMTP_CONNECTION_CLOSED"), subject: subject, evidence: [stepEvidence])
    case .badReply(.lineTooLong(let limit)):
      return Finding(
        FindingCode("SMTP_LINE_TOO_LONG"), subject: subject,
        evidence: [stepEvidence, Evidence("limit", String(limit))])
    case .badReply(.replyTooLarge(let limit, let received)):
      return Finding(
        FindingCode("SMTP_REPLY_TOO_LARGE"), subject: subject,
        evidence: [
          stepEvidence, Evidence("limit", String(limit)),
          Evidence("received", ProbeFailure.octetCount(received)),
        ])
    case .badReply(.tooManyLines(let limit, let received)):
      return Finding(
        FindingCode("SMTP_REPLY_TOO_MANY_LINES"), subject: subject,
        evidence: [
          stepEvidence, Evidence("limit", String(limit)),
          Evidence("received", ProbeFailure.octetCount(received)),
        ])
    case .badReply:
      return Finding(
        FindingCode("SMTP_MALFORMED_REPLY"), subject: subject,
        evidence: [stepEvidence, Evidence("problem", failure.description)])
    case .system, .cancelled:
      return probeError(subject, step: step, reason: failure.description)
    }
  }

  static func probeError(_ subject: String, step: ProbeStep, reason: String) -> Finding {
    Finding(
      FindingCode("SMTP_PROBE_ERROR"), subject: subject,
      evidence: [Evidence("step", step.description), Evidence("reason", reason)])
  }

  static func secureEHLOFailed(_ subject: String, reason: String) -> Finding {
    Finding(
      FindingCode("SMTP_SECURE_EHLO_FAILED"), subject: subject,
      evidence: [Evidence("reason", reason)])
  }

  /// The finding for a reply that ended the dialogue before TLS (greeting, EHLO, STARTTLS).
  static func refusal(_ code: String, _ subject: String, _ reply: SMTPReply) -> Finding {
    let words = reply.lines.first.map { SanitizedText(bytes: $0).text } ?? ""
    // The summary quotes the server's text; a reply that has none says so.
    let text = words.trimmingWhitespace().isEmpty ? "(no text)" : words
    return Finding(
      FindingCode(code), subject: subject,
      evidence: [Evidence("code", String(reply.code)), Evidence("text", text)])
  }

  static func controlCharacters(_ subject: String, step: ProbeStep) -> Finding {
    Finding(
      FindingCode("SMTP_CONTROL_CHARACTERS"), subject: subject,
      evidence: [Evidence("step", step.description)])
  }

  static func plaintextDiscarded(_ subject: String, _ bytes: [UInt8]) -> Finding {
    Finding(
      FindingCode("SMTP_PLAINTEXT_AFTER_STARTTLS"), subject: subject,
      evidence: [
        Evidence("count", String(bytes.count)),
        Evidence("plaintext", SanitizedText(bytes: bytes.prefix(200)).text),
      ])
  }

  /// Octets that came before `command` was sent: no answer to it (SMTP_REPLY_BEFORE_COMMAND).
  static func replyBeforeCommand(_ subject: String, command: String, _ bytes: [UInt8]) -> Finding
  {
    Finding(
      FindingCode("SMTP_REPLY_BEFORE_COMMAND"), subject: subject,
      evidence: [
        Evidence("command", command),
        Evidence("count", String(bytes.count)),
        Evidence("text", SanitizedText(bytes: bytes.prefix(200)).text),
      ])
  }

  static func handshakeFailed(_ subject: String, reason: String) -> Finding {
    Finding(
      FindingCode("TLS_HANDSHAKE_FAILED"), subject: subject, evidence: [Evidence("reason", reason)])
  }

  /// What the server offered, for a server below TLS 1.2: `TLS 1.0` from its ServerHello, or
  /// `only versions older than TLS 1.2` when it refused the ClientHello outright.
  static func olderVersionName(_ serverVersion: UInt16?) -> String {
    switch serverVersion {
    case nil: return "only versions older than TLS 1.2"
    case 0x0300: return "SSL 3.0"
    case 0x0301: return "TLS 1.0"
    case 0x0302: return "TLS 1.1"
    case let version?: return "protocol version 0x" + String(version, radix: 16)
    }
  }

  /// The handshake failure's reason when the server speaks only versions below TLS 1.2: the
  /// outcome, the verdict and the trace all say it in these words.
  static func olderProtocolReason(serverVersion: UInt16?) -> String {
    let how =
      serverVersion == nil
      ? "it answered the ClientHello with alert protocol_version(70)"
      : "its ServerHello chose \(olderVersionName(serverVersion))"
    return
      "the server offers only protocol versions older than TLS 1.2 (\(how)), which danescope "
      + "does not offer; a DANE sender would most likely fail too"
  }

  static func olderProtocolOnly(_ subject: String, serverVersion: UInt16?, detail: String)
    -> Finding
  {
    Finding(
      FindingCode("TLS_PROTOCOL_VERSION_TOO_OLD"), subject: subject,
      evidence: [
        Evidence("offered", olderVersionName(serverVersion)), Evidence("openssl", detail),
      ])
  }

  static func handshakeTimedOut(_ subject: String, seconds: Double) -> Finding {
    Finding(
      FindingCode("TLS_HANDSHAKE_TIMED_OUT"), subject: subject,
      evidence: [Evidence("seconds", ProbeFailure.format(seconds))])
  }

  static func traceTruncated(_ subject: String, shown: Int, omitted: Int) -> Finding {
    Finding(
      FindingCode("TLS_TRACE_TRUNCATED"), subject: subject,
      evidence: [Evidence("shown", String(shown)), Evidence("not shown", String(omitted))])
  }

  static func referenceNamesNotHostNames(
    _ subject: String, _ record: TLSAData, _ names: [DNSName]
  ) -> Finding {
    Finding(
      FindingCode("TLS_REFERENCE_NAME_NOT_A_HOST_NAME"), subject: subject,
      evidence: [
        Evidence("record", record.zoneText),
        Evidence("names", names.map(\.description).joined(separator: ", ")),
      ])
  }

  static func recordRejected(_ subject: String, _ record: TLSAData, reason: String) -> Finding {
    Finding(
      FindingCode("TLS_RECORD_REJECTED_BY_OPENSSL"), subject: subject,
      evidence: [Evidence("record", record.zoneText), Evidence("reason", reason)])
  }

  static func notAuthenticated(_ subject: String, reason: String, chain: [CertificateFacts])
    -> Finding
  {
    var evidence = [Evidence("reason", reason)]
    if let leaf = chain.first {
      evidence.append(Evidence("leaf SPKI SHA-256", Hex.encode(leaf.spkiSHA256)))
    }
    return Finding(FindingCode("TLS_DANE_NOT_AUTHENTICATED"), subject: subject, evidence: evidence)
  }

  /// A record whose data is a certificate of the chain where its usage does not let it match.
  static func recordAtWrongDepth(_ subject: String, _ match: TLSAMatcher.Match) -> Finding {
    let rule: String
    switch match.record.usage {
    case .daneTA, .pkixTA:
      rule = "a \(match.record.usage) record names a CA certificate above the leaf"
    default:
      rule = "a \(match.record.usage) record names the leaf (depth 0)"
    }
    return Finding(
      FindingCode("TLS_TLSA_RECORD_AT_WRONG_DEPTH"), subject: subject,
      evidence: [
        Evidence("record", match.record.zoneText), Evidence("depth", String(match.depth)),
        Evidence("rule", rule),
      ])
  }

  static func disagreement(_ subject: String, _ disagreement: TLSAMatcher.Disagreement) -> Finding {
    let detail: String
    var evidence: [Evidence] = []
    switch disagreement {
    case .openSSLVerifiedWithoutMatch(let record, let depth):
      detail = "OpenSSL accepted \(record.zoneText) at depth \(depth), which does not match there"
      evidence.append(Evidence("record", record.zoneText))
    case .leafMatchNotVerified(let record, let reason):
      detail = "\(record.zoneText) matches the leaf, but OpenSSL did not verify (\(reason))"
      evidence.append(Evidence("record", record.zoneText))
    }
    return Finding(
      FindingCode("TLS_MATCHER_DISAGREES"), subject: subject,
      evidence: [Evidence("detail", detail)] + evidence)
  }
}
