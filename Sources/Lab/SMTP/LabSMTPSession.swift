/// The server side of the lab's SMTP dialogue, as a pure state machine: each client line gives
/// one action. It speaks greeting, EHLO/HELO, STARTTLS, NOOP, RSET and QUIT only; it never takes
/// mail (MAIL, RCPT and DATA get 502).
struct LabSMTPSession: Sendable {
  enum State: Sendable, Equatable {
    /// Plain text, before STARTTLS.
    case plain
    /// After a successful TLS handshake.
    case secured
    case closed
  }

  enum Action: Sendable, Equatable {
    case reply(String)
    /// Send the reply, then run the TLS handshake as the server.
    case replyThenStartTLS(String)
    case replyThenClose(String)
  }

  /// At most this many commands a session; then the server says goodbye.
  static let maximumCommands = 30

  let hostName: String
  let behaviour: ServerBehaviour
  private(set) var state = State.plain
  private var commands = 0

  init(hostName: String, behaviour: ServerBehaviour) {
    self.hostName = hostName
    self.behaviour = behaviour
  }

  var greeting: String { "220 \(hostName) ESMTP danescope lab (no mail accepted)" }

  /// The TLS handshake finished: the session starts over as the client's EHLO expects.
  mutating func didStartTLS() { state = .secured }

  mutating func handle(_ line: String) -> Action {
    commands += 1
    if commands > Self.maximumCommands {
      state = .closed
      return .replyThenClose("421 4.7.0 \(hostName) too many commands, closing")
    }
    let verb = line.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
    switch verb {
    case "EHLO":
      return .reply(ehloReply)
    case "HELO":
      return .reply("250 \(hostName)")
    case "STARTTLS":
      return startTLS(hasArguments: line.count > "STARTTLS".count)
    case "NOOP":
      return .reply("250 2.0.0 OK")
    case "RSET":
      return .reply("250 2.0.0 OK")
    case "QUIT":
      state = .closed
      return .replyThenClose("221 2.0.0 \(hostName) closing")
    case "MAIL", "RCPT", "DATA", "BDAT", "VRFY", "EXPN":
      return .reply("502 5.5.1 \(verb) not implemented: the lab never accepts mail")
    default:
      return .reply("500 5.5.2 command not recognised")
    }
  }

  private var ehloReply: String {
    var lines = [hostName, "8BITMIME", "ENHANCEDSTATUSCODES"]
    if state == .plain && behaviour != .noSTARTTLS { lines.append("STARTTLS") }
    return lines.enumerated().map { index, text in
      (index == lines.count - 1 ? "250 " : "250-") + text
    }.joined(separator: "\r\n")
  }

  private mutating func startTLS(hasArguments: Bool) -> Action {
    if hasArguments { return .reply("501 5.5.4 STARTTLS takes no arguments") }
    switch (state, behaviour) {
    case (.secured, _): return .reply("503 5.5.1 TLS already active")
    case (_, .noSTARTTLS): return .reply("502 5.5.1 STARTTLS not offered")
    case (_, .refuseSTARTTLS): return .reply("454 4.7.0 TLS not available due to temporary reason")
    default: return .replyThenStartTLS("220 2.0.0 Ready to start TLS")
    }
  }
}
