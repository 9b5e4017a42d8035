/// What became of EHLO over TLS when it got no positive reply: the server refused it with a
/// reply code, or the step failed (silence, a reply begun and not finished, a closed connection,
/// something that is no SMTP reply).
public enum SecureEHLOFailure: Sendable, Hashable, CustomStringConvertible {
  /// A complete reply with this code, which is not 2xx.
  case refused(code: Int)
  /// No complete, valid reply: the step's failure.
  case failed(ProbeFailure)

  /// The probe's own words, as evidence and the text report give them: `reply 554`, or the
  /// failure's description.
  public var description: String {
    switch self {
    case .refused(let code): return "reply \(code)"
    case .failed(let failure): return failure.description
    }
  }

  /// What the server did, as a clause that TLS_REQUIRED_SESSION_FAILED's sentence ends with: a
  /// server that refused, went silent, was too slow, closed or sent something else is each
  /// said to have done just that.
  public var outcome: String {
    let ehlo = "EHLO over TLS"
    switch self {
    case .refused(let code):
      return "the server refused \(ehlo) (reply \(code))"
    case .failed(.timedOut(let seconds)):
      return "the server gave no answer to \(ehlo) within \(ProbeFailure.format(seconds)) s"
    case .failed(.replyIncomplete(let seconds, let octets, let start)):
      return "the server began answering \(ehlo) but did not finish its reply within "
        + "\(ProbeFailure.format(seconds)) s (\(ProbeFailure.octetCount(octets)) arrived, "
        + "starting \"\(start.text)\")"
    case .failed(.closedByPeer):
      return "the server closed the connection instead of answering \(ehlo)"
    case .failed(.badReply(let problem)):
      return "the server answered \(ehlo) with no valid SMTP reply (\(problem.description))"
    case .failed(.system), .failed(.cancelled):
      return "danescope could not finish \(ehlo) (\(description))"
    }
  }
}
