import FoundationEssentials

/// One thing that happened during a probe, streamed as it happens. Everything the server sent
/// is already sanitised here, so a consumer can print any event as it is.
public struct TraceEvent: Sendable, Hashable {
  /// Wall-clock time, for the record.
  public let time: Date
  /// Seconds since the probe started (monotonic), for showing how long each step took.
  public let elapsed: Double
  /// Which probe (concurrent probes share one stream).
  public let address: String
  public let port: UInt16
  public let kind: Kind

  public init(time: Date, elapsed: Double, address: String, port: UInt16, kind: Kind) {
    self.time = time
    self.elapsed = elapsed
    self.address = address
    self.port = port
    self.kind = kind
  }

  public enum Kind: Sendable, Hashable {
    case connecting
    case connected
    /// A command line sent (`EHLO …`, `STARTTLS`, `QUIT`).
    case smtpSent(SanitizedText)
    /// One reply line received, code included (`250-PIPELINING`).
    case smtpReceived(SanitizedText)
    /// Plaintext received after the 220 to STARTTLS, thrown away unread: how much, and its
    /// beginning.
    case plaintextDiscarded(byteCount: Int, preview: SanitizedText)
    /// The TLS handshake starts, with this SNI (nil: none sent), its octets sanitised (the
    /// name came from DNS).
    case tlsHandshakeStarted(serverName: SanitizedText?)
    case tlsMessage(TLSMessage)
    case tlsEstablished(TLSParameters)
    /// The TLS handshake failed; why.
    case tlsFailed(reason: String)
    /// The chain the server sent, leaf first.
    case peerChain([CertificateFacts])
    /// Which records match which certificate (danescope's matcher) and what OpenSSL decided.
    case daneDecision(DANEOutcome, matches: [TLSAMatcher.Match])
    /// A step could not finish.
    case stepFailed(ProbeStep, ProbeFailure)
    case finding(Finding)
    case closed
  }
}
