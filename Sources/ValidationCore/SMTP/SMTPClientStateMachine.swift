/// The SMTP side of a STARTTLS probe as a pure state machine: greeting, EHLO, STARTTLS, the TLS
/// handshake, EHLO again, QUIT. It does no I/O; the driver reports each event and does what the
/// returned action says.
public struct SMTPClientStateMachine: Sendable {
  public enum State: Sendable, Hashable {
    case idle
    case awaitingGreeting
    case awaitingEHLOReply
    case awaitingSTARTTLSReply
    case handshaking
    case awaitingSecureEHLOReply
    /// QUIT is sent; the outcome is already known.
    case awaitingQUITReply(SMTPDialogueOutcome)
    case finished(SMTPDialogueOutcome)
  }

  public enum Action: Sendable, Hashable {
    /// Send the command, then read its reply.
    case send(SMTPCommand)
    /// Read the (next) reply.
    case readReply
    /// Drop the plaintext received after the 220 (it must not be read as part of the TLS
    /// session), then start the TLS handshake.
    case startTLS(discardedPlaintext: [UInt8])
    /// Close the connection; the dialogue is over.
    case close(SMTPDialogueOutcome)

    public var isClose: Bool {
      if case .close = self { return true }
      return false
    }
  }

  public private(set) var state: State = .idle
  /// The name sent with EHLO.
  public let heloName: String
  /// The EHLO reply before and after STARTTLS, once received.
  public private(set) var plaintextEHLO: SMTPReply?
  public private(set) var secureEHLO: SMTPReply?

  public init(heloName: String) {
    self.heloName = heloName
  }

  /// The step the dialogue is in, for timeouts and messages.
  public var step: ProbeStep {
    switch state {
    case .idle: return .connect
    case .awaitingGreeting: return .greeting
    case .awaitingEHLOReply: return .ehlo
    case .awaitingSTARTTLSReply: return .startTLS
    case .handshaking: return .handshake
    case .awaitingSecureEHLOReply: return .secureEHLO
    case .awaitingQUITReply, .finished: return .quit
    }
  }

  /// The TCP connection is up: wait for the greeting.
  public mutating func connected() -> Action {
    guard case .idle = state else { return unexpected() }
    state = .awaitingGreeting
    return .readReply
  }

  /// A complete reply arrived. `pipelinedBytes` is whatever the server sent after it that has
  /// already been received; only after the 220 to STARTTLS does it matter.
  public mutating func received(_ reply: SMTPReply, pipelinedBytes: [UInt8] = []) -> Action {
    switch state {
    case .awaitingGreeting:
      guard reply.code == 220 else { return quit(.greetingRefused(reply)) }
      state = .awaitingEHLOReply
      return .send(.ehlo(heloName))
    case .awaitingEHLOReply:
      guard reply.isPositive else { return quit(.ehloRejected(reply)) }
      plaintextEHLO = reply
      guard reply.advertises("STARTTLS") else { return quit(.startTLSNotOffered) }
      state = .awaitingSTARTTLSReply
      return .send(.startTLS)
    case .awaitingSTARTTLSReply:
      guard reply.code == 220 else { return quit(.startTLSRefused(reply)) }
      state = .handshaking
      return .startTLS(discardedPlaintext: pipelinedBytes)
    case .awaitingSecureEHLOReply:
      secureEHLO = reply
      return quit(.tlsEstablished(secureEHLO: reply))
    case .awaitingQUITReply(let outcome):
      state = .finished(outcome)
      return .close(outcome)
    case .idle, .handshaking, .finished:
      return unexpected()
    }
  }

  /// The TLS handshake finished. On success the dialogue continues over TLS with a new EHLO
  /// (RFC 3207 §4.2: the client must discard what it knew from before).
  public mutating func handshakeSucceeded() -> Action {
    guard case .handshaking = state else { return unexpected() }
    state = .awaitingSecureEHLOReply
    return .send(.ehlo(heloName))
  }

  /// The TLS handshake failed: nothing more can be said on this connection.
  public mutating func handshakeFailed() -> Action {
    guard case .handshaking = state else { return unexpected() }
    let outcome = SMTPDialogueOutcome.handshakeFailed
    state = .finished(outcome)
    return .close(outcome)
  }

  /// A step could not finish (timeout, closed connection, bad reply, system error).
  public mutating func failed(_ failure: ProbeFailure) -> Action {
    let outcome: SMTPDialogueOutcome
    switch state {
    case .awaitingSecureEHLOReply:
      outcome = .tlsEstablished(secureEHLO: nil)
    case .awaitingQUITReply(let known), .finished(let known):
      outcome = known
    case .handshaking:
      outcome = failure == .cancelled ? .failed(step: .handshake, failure) : .handshakeFailed
    case .idle, .awaitingGreeting, .awaitingEHLOReply, .awaitingSTARTTLSReply:
      outcome = .failed(step: step, failure)
    }
    state = .finished(outcome)
    return .close(outcome)
  }

  /// Ends politely with QUIT; the outcome is settled whatever QUIT gets back.
  private mutating func quit(_ outcome: SMTPDialogueOutcome) -> Action {
    state = .awaitingQUITReply(outcome)
    return .send(.quit)
  }

  /// An event the state does not expect is a driver bug; end the dialogue rather than trap.
  private mutating func unexpected() -> Action {
    let outcome = SMTPDialogueOutcome.failed(
      step: step, .system(call: "state machine", message: "unexpected event in state \(state)"))
    state = .finished(outcome)
    return .close(outcome)
  }
}

/// How the SMTP dialogue ended, before TLS details are added.
public enum SMTPDialogueOutcome: Sendable, Hashable {
  /// The greeting was not 220 (RFC 5321 §3.1: 554 means "no SMTP service here").
  case greetingRefused(SMTPReply)
  case ehloRejected(SMTPReply)
  case startTLSNotOffered
  /// STARTTLS got something other than 220 (454: TLS not available for a temporary reason).
  case startTLSRefused(SMTPReply)
  case handshakeFailed
  /// TLS is up; the EHLO reply over TLS if it came.
  case tlsEstablished(secureEHLO: SMTPReply?)
  case failed(step: ProbeStep, ProbeFailure)
}
