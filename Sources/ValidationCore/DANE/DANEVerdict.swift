/// The verdict for one MX host at one address: what a DANE-aware sender would do there.
public enum DANEVerdict: Sendable, Hashable {
  /// STARTTLS and a chain that a usable TLSA record authenticates: the record and the depth.
  /// `isAnchorNotSent`: the record is a trust anchor the server did not send, and `depth` is one
  /// above the certificate it signed (`TLSAMatcher.Match`).
  case verified(record: TLSAData, depth: Int, isAnchorNotSent: Bool = false)
  /// DANE (or mandatory TLS) applies and the server did not meet it: mail is not delivered.
  case failed(reason: String)
  /// A secure TLSA set with nothing usable: TLS is required, without authentication.
  case tlsUnauthenticated(tls: String)
  /// No DANE (TLSA absent or not secure): opportunistic TLS, with what TLS was seen.
  case noDANE(tls: String)
  /// A lookup failed or was bogus: the sender defers, it never downgrades.
  case deferred(reason: String)
  /// The server could not be reached or refused the session.
  case unreachable(reason: String)
  /// The probe was stopped before its dialogue ended (the check's time limit): nothing final
  /// is known about this address, and the check is incomplete.
  case incomplete(reason: String)

  /// The word the report and JSON use.
  public var word: String {
    switch self {
    case .verified: return "verified"
    case .failed: return "failed"
    case .tlsUnauthenticated: return "tls-unauthenticated"
    case .noDANE: return "no-dane"
    case .deferred: return "deferred"
    case .unreachable: return "unreachable"
    case .incomplete: return "incomplete"
    }
  }

  /// One sentence of why, for the report.
  public var reason: String {
    switch self {
    case .verified(let record, let depth, let isAnchorNotSent):
      let place =
        isAnchorNotSent
        ? TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: true)
        : "the certificate at depth \(depth)"
      return "TLSA \(AssessedTLSARecord.presentation(record)) matched \(place)"
    case .failed(let reason), .deferred(let reason), .unreachable(let reason),
      .incomplete(let reason):
      return reason
    case .tlsUnauthenticated(let tls):
      return "TLS required by a secure TLSA set with no usable record; \(tls), not authenticated"
    case .noDANE(let tls):
      return "no DANE: opportunistic TLS; \(tls)"
    }
  }

  /// Decides the verdict from the host's TLS policy and what the probe saw (RFC 7672 §2.2 and
  /// §3). `probe` is nil only when no probe was made (a deferred host).
  public static func decide(policy: TLSPolicy, deferredReason: String, probe: ProbeObservation?)
    -> DANEVerdict
  {
    if policy == .deferred { return .deferred(reason: deferredReason) }
    guard let probe else { return .deferred(reason: deferredReason) }
    if probe.wasCancelled {
      return .incomplete(reason: "the probe was stopped before its dialogue ended")
    }
    switch probe.stage {
    case .connectFailed(let why):
      return .unreachable(reason: "could not connect: \(why)")
    case .sessionFailed(let why):
      // A reason that names its step (`at the greeting: …`) follows a comma, so that the
      // sentence has one colon; any other (`the console closed`) follows a colon.
      let join = why.hasPrefix("at ") ? ", " : ": "
      return .unreachable(reason: "SMTP session failed before STARTTLS" + join + why)
    default:
      break
    }
    switch policy {
    case .daneAuthenticated:
      return decideAuthenticated(probe)
    case .mandatoryUnauthenticated:
      if let why = tlsFailure(probe) {
        return .failed(reason: "TLS is mandatory (secure TLSA set) but \(why)")
      }
      return .tlsUnauthenticated(tls: probe.tlsSummary ?? "TLS")
    case .opportunistic:
      return .noDANE(tls: tlsSeen(probe))
    case .deferred:
      return .deferred(reason: deferredReason)
    }
  }

  private static func decideAuthenticated(_ probe: ProbeObservation) -> DANEVerdict {
    switch probe.daneDecision {
    case .matched(let record, let depth)?:
      if case .tlsEstablished = probe.stage {
        let isAnchorNotSent = probe.matcherMatches.contains {
          $0.record == record && $0.depth == depth && $0.isAnchorNotSent
        }
        return .verified(record: record, depth: depth, isAnchorNotSent: isAnchorNotSent)
      }
      return .failed(reason: "a TLSA record matched but the handshake did not complete")
    case .noMatch(let why)?:
      if let mismatch = LeafNameMismatch(probe) {
        return .failed(
          reason: "TLSA \(mismatch.record.zoneText) matched the trust anchor at depth "
            + "\(mismatch.depth), but the leaf certificate names none of the reference identifiers")
      }
      // OpenSSL's own words for this case say the same again: only other causes are added.
      let said = why.lowercased() == "no matching dane tlsa records" || why.isEmpty
      if let match = probe.matcherMatches.first {
        // A usable record matched, and the chain failed after it (under DANE-TA the chain is
        // checked as a whole, dates included, RFC 7672 §3.2): the reason says both, as the
        // TLSA section's "matched at depth 1, but authentication failed" does.
        return .failed(
          reason: "TLSA \(match.record.zoneText) matched \(matchedPlace(match)), but OpenSSL"
            + " refused the chain" + (said ? "" : ": \(why)"))
      }
      return .failed(
        reason: "no usable TLSA record matched the server's certificate chain"
          + (said ? "" : ": \(why)"))
    case nil:
      if let why = tlsFailure(probe) {
        return .failed(reason: "STARTTLS is mandatory (usable TLSA records) but \(why)")
      }
      return .failed(reason: "TLS came up without a DANE decision")
    }
  }

  /// Where a record matched, in the verdict's words: `the trust anchor at depth 1` for a
  /// DANE-TA certificate in the chain, else as the matcher says it.
  private static func matchedPlace(_ match: ProbeObservation.MatcherMatch) -> String {
    if match.isAnchorNotSent { return match.place }
    if match.record.usage == .daneTA { return "the trust anchor at depth \(match.depth)" }
    return "the certificate at depth \(match.depth)"
  }

  /// Why TLS did not come up, or nil when it did.
  private static func tlsFailure(_ probe: ProbeObservation) -> String? {
    switch probe.stage {
    case .startTLSNotOffered: return "the server does not offer STARTTLS"
    case .startTLSRefused(let reply): return "STARTTLS was refused (\(reply))"
    case .handshakeFailed(let why): return "the TLS handshake failed: \(why)"
    case .connectFailed(let why), .sessionFailed(let why): return why
    case .tlsEstablished: return nil
    }
  }

  private static func tlsSeen(_ probe: ProbeObservation) -> String {
    switch probe.stage {
    case .tlsEstablished: return probe.tlsSummary ?? "TLS established"
    case .startTLSNotOffered: return "no STARTTLS offered: mail would go in plaintext"
    case .startTLSRefused(let reply): return "STARTTLS refused (\(reply)): plaintext"
    case .handshakeFailed(let why): return "TLS handshake failed (\(why)): plaintext"
    case .connectFailed(let why), .sessionFailed(let why): return why
    }
  }
}
