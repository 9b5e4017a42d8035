/// The only commands the probe ever sends. There is deliberately no MAIL, RCPT or DATA: the
/// probe looks at a server, it never sends mail.
public enum SMTPCommand: Sendable, Hashable {
  case ehlo(String)
  case startTLS
  case quit

  /// The command line as sent, CR LF included.
  public var wireBytes: [UInt8] { Array((text + "\r\n").utf8) }

  /// The command line without CR LF, as shown in a trace.
  public var text: String {
    switch self {
    case .ehlo(let name): return "EHLO \(name)"
    case .startTLS: return "STARTTLS"
    case .quit: return "QUIT"
    }
  }
}

/// The steps of a probe, for saying where something happened and which timeout applies.
public enum ProbeStep: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case connect
  case greeting
  case ehlo
  case startTLS = "starttls"
  case handshake
  case secureEHLO = "secure-ehlo"
  case quit

  /// The step in a reader's words, as findings (`… during the EHLO reply over TLS`), the text
  /// report, traces and the console show it; `rawValue` is an identifier, never shown.
  public var description: String {
    switch self {
    case .connect: return "the TCP connection"
    case .greeting: return "the greeting"
    case .ehlo: return "the EHLO reply"
    case .startTLS: return "the STARTTLS reply"
    case .handshake: return "the TLS handshake"
    case .secureEHLO: return "the EHLO reply over TLS"
    case .quit: return "the QUIT reply"
    }
  }
}

/// Why a step could not finish.
public enum ProbeFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// Nothing arrived within the step's timeout, in seconds (for a reply: not one octet of it).
  case timedOut(seconds: Double)
  /// A reply began to arrive but was not complete when the step's timeout, in seconds, ended
  /// the wait: how many octets of it came, and the start of its first line (sanitised, at most
  /// `SMTPProbeDriver.partialReplyStartLimit` octets of it).
  case replyIncomplete(seconds: Double, octets: Int, start: SanitizedText)
  /// The server closed the connection.
  case closedByPeer
  /// The server's reply broke the SMTP syntax or a size limit.
  case badReply(SMTPReplyParser.Failure)
  /// A system call failed: which, and the errno text.
  case system(call: String, message: String)
  /// The caller cancelled the probe (its task was cancelled).
  case cancelled

  public var description: String {
    switch self {
    case .timedOut(let seconds): return "no answer within \(Self.format(seconds)) s"
    case .replyIncomplete(let seconds, let octets, let start):
      return "a reply began but was not complete within \(Self.format(seconds)) s "
        + "(\(Self.octetCount(octets)) arrived, starting \"\(start.text)\")"
    case .closedByPeer: return "the server closed the connection"
    case .badReply(let problem): return problem.description
    case .system(let call, let message): return "\(call) failed: \(message)"
    case .cancelled: return "the probe was cancelled"
    }
  }

  /// The failure as what the server did (or what failed on danescope's side), for a sentence
  /// that has already named the step: `… before STARTTLS, at the greeting: <this>`. It has no
  /// colon of its own, so the sentence keeps one.
  public var sessionClause: String {
    switch self {
    case .timedOut(let seconds): return "the server sent nothing within \(Self.format(seconds)) s"
    case .replyIncomplete(let seconds, let octets, let start):
      return "the server began a reply but was too slow to finish it within "
        + "\(Self.format(seconds)) s (\(Self.octetCount(octets)) arrived, starting \"\(start.text)\")"
    case .closedByPeer: return "the server closed the connection"
    case .badReply(let problem): return "the server sent \(problem.description)"
    case .system(let call, let message): return "\(call) failed on danescope's side (\(message))"
    case .cancelled: return description
    }
  }

  static func octetCount(_ octets: Int) -> String {
    octets == 1 ? "1 octet" : "\(octets) octets"
  }

  static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}
