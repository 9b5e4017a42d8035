import Foundation

/// What the STARTTLS probe of one address saw, reduced to what the DANE verdict needs. The probe
/// (ValidationCore/SMTP, TLS) produces it; tests and the lab may build it by hand.
public struct ProbeObservation: Sendable, Hashable {
  /// How far the SMTP dialogue got.
  public enum Stage: Sendable, Hashable {
    /// No TCP connection (refused, timed out, no route).
    case connectFailed(String)
    /// The server refused the session (554 greeting) or the dialogue broke before STARTTLS
    /// (timeout, line or reply too long, connection closed).
    case sessionFailed(String)
    /// EHLO did not list STARTTLS.
    case startTLSNotOffered
    /// STARTTLS was answered with something other than 220 (`454 TLS not available`, …).
    case startTLSRefused(String)
    /// The TLS handshake failed (alert, protocol error, DANE verification refusal).
    case handshakeFailed(String)
    /// TLS is up.
    case tlsEstablished
  }

  /// OpenSSL's DANE decision, when DANE was enabled for the handshake.
  public enum DANEDecision: Sendable, Hashable {
    /// A record matched: which, and at which chain depth (0 is the leaf; the served chain's
    /// length for a trust anchor that was not sent).
    case matched(TLSAData, depth: Int)
    /// No usable record matched, with OpenSSL's reason (`X509_V_ERR_DANE_NO_MATCH`, a name
    /// check failure, an expired DANE-TA chain, …).
    case noMatch(String)
  }

  /// One certificate of the chain the server sent.
  public struct PeerCertificate: Sendable, Hashable {
    public let depth: Int
    public let subject: String
    public let issuer: String
    public let notAfter: Date?
    public let isCA: Bool

    public init(depth: Int, subject: String, issuer: String, notAfter: Date?, isCA: Bool) {
      self.depth = depth
      self.subject = subject
      self.issuer = issuer
      self.notAfter = notAfter
      self.isCA = isCA
    }
  }

  /// One line of the handshake trace, already sanitised for display.
  public struct TraceLine: Sendable, Hashable {
    /// Milliseconds since the probe started.
    public let milliseconds: Int
    /// `smtp-out`, `smtp-in`, `tls`, `cert`, `dane`, `error`, …
    public let kind: String
    public let text: String

    public init(milliseconds: Int, kind: String, text: String) {
      self.milliseconds = milliseconds
      self.kind = kind
      self.text = text
    }
  }

  public var address: String
  public var port: UInt16
  public var stage: Stage
  /// `TLSv1.3 TLS_AES_256_GCM_SHA384` when TLS came up.
  public var tlsSummary: String?
  /// Set when TLS came up but EHLO over TLS failed: why. No mail can go over such a session.
  public var secureEHLOFailure: SecureEHLOFailure?
  /// The probe was stopped before its dialogue ended (see ProbeResult.wasCancelled).
  public var wasCancelled = false
  public var daneDecision: DANEDecision?
  /// danescope's own matcher: each usable record that matches, with the depth it matches at.
  public var matcherMatches: [MatcherMatch]
  public var chain: [PeerCertificate]
  public var trace: [TraceLine]
  /// The probe's full result and events, when a real probe ran (the console shows them).
  public var result: ProbeResult?
  public var events: [TraceEvent] = []

  public struct MatcherMatch: Sendable, Hashable {
    public let record: TLSAData
    /// For a trust anchor that was not sent (`isAnchorNotSent`): one above the certificate it
    /// signed.
    public let depth: Int
    /// A `2 1 0` key or `2 0 0` certificate, not sent, that signed the top of the chain.
    public let isAnchorNotSent: Bool

    public init(record: TLSAData, depth: Int, isAnchorNotSent: Bool = false) {
      self.record = record
      self.depth = depth
      self.isAnchorNotSent = isAnchorNotSent
    }

    /// `depth 1`, or `the trust-anchor key, not sent, that signed depth 0`.
    public var place: String {
      TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: isAnchorNotSent)
    }
  }

  public init(
    address: String, port: UInt16, stage: Stage, tlsSummary: String? = nil,
    daneDecision: DANEDecision? = nil, matcherMatches: [MatcherMatch] = [],
    chain: [PeerCertificate] = [], trace: [TraceLine] = [],
    secureEHLOFailure: SecureEHLOFailure? = nil
  ) {
    self.secureEHLOFailure = secureEHLOFailure
    self.address = address
    self.port = port
    self.stage = stage
    self.tlsSummary = tlsSummary
    self.daneDecision = daneDecision
    self.matcherMatches = matcherMatches
    self.chain = chain
    self.trace = trace
  }

  /// Whether OpenSSL and danescope's matcher agree on "some record matched". Nil when there is
  /// no decision to compare (no handshake, or DANE was not enabled).
  public var matcherAgreesWithOpenSSL: Bool? {
    guard let daneDecision else { return nil }
    switch daneDecision {
    case .matched(let record, let depth):
      return matcherMatches.contains { $0.record == record && $0.depth == depth }
    case .noMatch:
      // A DANE-TA record can match a certificate that the chain checks still refuse (a name
      // mismatch, an expired intermediate): only "OpenSSL found nothing and we found something
      // at the leaf with DANE-EE" is a real disagreement.
      return !matcherMatches.contains { $0.record.usage == .daneEE && $0.depth == 0 }
    }
  }
}

/// Runs one probe. The real one drives SMTPProbe; tests and the lab may pass their own.
public typealias DANEProbeFunction = @Sendable (ProbeRequest) async -> ProbeObservation
