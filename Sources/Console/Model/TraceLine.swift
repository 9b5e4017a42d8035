/// One line of a handshake trace as the Handshake pane shows it. The text has already been
/// stripped of control characters by the probe; the cell grid strips them again.
public struct TraceLine: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// An SMTP line we sent (`>`), one the server sent (`<`).
    case sent, received
    /// A TLS handshake message or alert.
    case tls
    /// Negotiated parameters: version, cipher, group, signature scheme.
    case parameter
    /// One certificate of the peer chain.
    case certificate
    /// The DANE decision, rule by rule.
    case decision
    case note
    case error
  }

  /// Seconds since the probe started.
  public let elapsed: Double
  public let kind: Kind
  public let text: String
  /// Terminal columns of `text`, measured once: the pane asks on every redraw whether a line
  /// needs folding.
  public let columns: Int

  public init(elapsed: Double, kind: Kind, text: String) {
    self.elapsed = elapsed
    self.kind = kind
    self.text = text
    columns = TextWidth.columns(of: text)
  }
}

/// Which probe: one MX host at one address.
public struct ProbeKey: Sendable, Hashable {
  public var host: String
  public var address: String

  public init(host: String, address: String) {
    self.host = host
    self.address = address
  }
}

/// The trace of one probe so far.
public struct TraceLog: Sendable, Equatable {
  public var lines: [TraceLine] = []
  public var isRunning = false
  public var verdict: ConsoleReport.ProbeVerdict = .pending
  /// How many times this handshake has been started (`r` runs it again).
  public var runs = 0

  public init(lines: [TraceLine] = [], isRunning: Bool = false,
    verdict: ConsoleReport.ProbeVerdict = .pending)
  {
    self.lines = lines
    self.isRunning = isRunning
    self.verdict = verdict
  }
}
