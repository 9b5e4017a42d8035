/// The policy finding behind a verdict: what `check` reports for an address whose verdict is
/// "failed" (TLS_REQUIRED_NOT_AVAILABLE, DANE_AUTHENTICATION_FAILED, DANE_TA_NAME_MISMATCH),
/// "unreachable" (MX_UNREACHABLE), "no DANE" without STARTTLS (PLAINTEXT_ONLY), and "verified"
/// or "TLS unauthenticated" where EHLO over TLS then failed (TLS_REQUIRED_SESSION_FAILED). `check` groups
/// the addresses of a host that share one cause; `trace`, which judges one probe, takes the
/// finding as it is.
extension DANEVerdict {
  /// The finding for this verdict at `address` of `host` under `policy`, nil for verdicts that
  /// have none (verified, TLS unauthenticated, deferred: the TLSA findings say those).
  public func finding(
    host: String, address: String, policy: TLSPolicy, observation: ProbeObservation?
  ) -> Finding? {
    guard let cause = cause(policy: policy, observation: observation) else { return nil }
    return Finding(
      FindingCode(cause.code), subject: host,
      evidence: [Evidence("addresses", address)] + cause.evidence)
  }

  /// The finding's code and its evidence, without the addresses.
  func cause(policy: TLSPolicy, observation: ProbeObservation?)
    -> (code: String, evidence: [Evidence])?
  {
    switch self {
    case .failed(let reason):
      // OpenSSL made a DANE decision and it went against the server: an authentication
      // failure. Without one, TLS never came up where it was mandatory.
      if policy == .daneAuthenticated, let observation, observation.daneDecision != nil {
        if let mismatch = LeafNameMismatch(observation) {
          return ("DANE_TA_NAME_MISMATCH", Self.nameMismatchEvidence(mismatch))
        }
        return ("DANE_AUTHENTICATION_FAILED", [Evidence("reason", reason)])
      }
      let stage = observation.map { Self.stageText($0.stage) } ?? reason
      return ("TLS_REQUIRED_NOT_AVAILABLE", [Evidence("reason", stage)])
    case .unreachable:
      return ("MX_UNREACHABLE", [Evidence("reason", self.reason)])
    case .noDANE:
      guard case .startTLSNotOffered = observation?.stage else { return nil }
      return ("PLAINTEXT_ONLY", [Evidence("reason", self.reason)])
    case .verified, .tlsUnauthenticated:
      // TLS came up as the TLSA set requires, but the session went no further than the
      // handshake: a sender that must use TLS here defers, with no plaintext fallback (Postfix
      // at the dane and encrypt levels). The verdict keeps what TLS established.
      guard let failure = observation?.secureEHLOFailure else { return nil }
      let tls: String
      if case .verified(let record, let depth, let isAnchorNotSent) = self {
        let place = TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: isAnchorNotSent)
        tls = "authenticated by TLSA \(record.zoneText) at \(place)"
      } else {
        tls = "not authenticated: the secure TLSA set has no usable record"
      }
      return (
        "TLS_REQUIRED_SESSION_FAILED",
        [
          Evidence("tls", tls), Evidence("reason", failure.description),
          Evidence("outcome", failure.outcome),
        ]
      )
    case .deferred, .incomplete:
      // Deferred: the TLSA findings say why. Incomplete: the report itself says the check
      // stopped, and nothing is known about the server.
      return nil
    }
  }

  private static func nameMismatchEvidence(_ mismatch: LeafNameMismatch) -> [Evidence] {
    let names = mismatch.leafNames.map(\.printable.text)
    return [
      Evidence("record", mismatch.record.zoneText),
      Evidence("depth", String(mismatch.depth)),
      Evidence("names", names.isEmpty ? "(none)" : names.joined(separator: ", ")),
      Evidence("references", mismatch.referenceNames.map(\.description).joined(separator: ", ")),
    ]
  }

  /// How far the dialogue got, as the end of TLS_REQUIRED_NOT_AVAILABLE's sentence.
  private static func stageText(_ stage: ProbeObservation.Stage) -> String {
    switch stage {
    case .startTLSNotOffered: return "STARTTLS is not offered"
    case .startTLSRefused(let reply): return "STARTTLS is refused (\(reply))"
    case .handshakeFailed(let why): return "the TLS handshake fails (\(why))"
    case .connectFailed(let why), .sessionFailed(let why): return why
    case .tlsEstablished: return "TLS came up"
    }
  }
}
