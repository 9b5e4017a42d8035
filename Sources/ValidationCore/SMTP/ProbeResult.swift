/// How far STARTTLS got.
public enum STARTTLSOutcome: Sendable, Hashable {
  /// No TCP connection (refused, timed out, no route, not an address).
  case unreachable(ProbeFailure)
  /// The greeting was not 220 (554: no SMTP service here).
  case greetingRefused(code: Int)
  /// EHLO was not answered with 2yz.
  case ehloRejected(code: Int)
  /// The EHLO reply did not list STARTTLS.
  case notOffered
  /// STARTTLS got something other than 220 (454: TLS not available for a temporary reason).
  case refused(code: Int)
  /// The TLS handshake did not finish; why, in one line.
  case handshakeFailed(reason: String)
  /// A step before TLS could not finish (timeout, closed connection, bad reply).
  case dialogueFailed(step: ProbeStep, ProbeFailure)
  /// TLS is up, with these parameters.
  case established(TLSParameters)

  public var isEstablished: Bool {
    if case .established = self { return true }
    return false
  }
}

/// Everything one probe learned: the STARTTLS outcome, the chain, OpenSSL's DANE decision,
/// danescope's own TLSA matches, and the findings.
public struct ProbeResult: Sendable, Hashable {
  public let request: ProbeRequest
  public let startTLS: STARTTLSOutcome
  /// The replies, when they came.
  public let greeting: SMTPReply?
  public let ehlo: SMTPReply?
  public let secureEHLO: SMTPReply?
  /// The chain as the server sent it, leaf first; empty without a handshake.
  public let peerChain: [CertificateFacts]
  public let dane: DANEOutcome
  /// Every (record, depth) pair whose octets match, whatever OpenSSL decided.
  public let tlsaMatches: [TLSAMatcher.Match]
  /// Records OpenSSL would not take, with its reason.
  public let rejectedRecords: [TLSAData]
  public let findings: [Finding]
  /// Where in `peerChain` the certificate OpenSSL's DANE matched sits. It can differ from the
  /// depth in `dane`, which counts the chain OpenSSL built (a server may send extra or
  /// misordered certificates); nil when nothing matched or the trust anchor came from the
  /// record itself (`2 x 0` not served).
  public let daneAuthorityServedDepth: Int?
  /// Set when danescope's matcher and OpenSSL's decision cannot both be right (also reported
  /// as the finding TLS_MATCHER_DISAGREES); nil when they agree or DANE was not tried.
  public let matcherDisagreement: TLSAMatcher.Disagreement?
  /// Why EHLO over TLS failed (a negative reply, a reply that could not be read, the server
  /// closing), when TLS came up and the session still could not go on; nil otherwise. A sender
  /// cannot deliver there (RFC 3207 §4.2), also reported as SMTP_SECURE_EHLO_FAILED.
  public let secureEHLOFailure: SecureEHLOFailure?
  /// The probe was stopped (the check's time limit, a trace with no reader left) before its
  /// dialogue ended: what it saw says nothing final about the server.
  public let wasCancelled: Bool

  public init(
    request: ProbeRequest, startTLS: STARTTLSOutcome, greeting: SMTPReply?, ehlo: SMTPReply?,
    secureEHLO: SMTPReply?, peerChain: [CertificateFacts], dane: DANEOutcome,
    tlsaMatches: [TLSAMatcher.Match], rejectedRecords: [TLSAData], findings: [Finding],
    daneAuthorityServedDepth: Int? = nil, matcherDisagreement: TLSAMatcher.Disagreement? = nil,
    secureEHLOFailure: SecureEHLOFailure? = nil, wasCancelled: Bool = false
  ) {
    self.wasCancelled = wasCancelled
    self.secureEHLOFailure = secureEHLOFailure
    self.daneAuthorityServedDepth = daneAuthorityServedDepth
    self.matcherDisagreement = matcherDisagreement
    self.request = request
    self.startTLS = startTLS
    self.greeting = greeting
    self.ehlo = ehlo
    self.secureEHLO = secureEHLO
    self.peerChain = peerChain
    self.dane = dane
    self.tlsaMatches = tlsaMatches
    self.rejectedRecords = rejectedRecords
    self.findings = findings
  }

  /// The negotiated parameters, when TLS came up.
  public var tlsParameters: TLSParameters? {
    if case .established(let parameters) = startTLS { return parameters }
    return nil
  }
}
