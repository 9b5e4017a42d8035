/// Splits the bytes a server sends into SMTP replies, one at a time, with every size bounded.
///
/// A value type: `append` what arrived, then call `nextReply()` until it returns nil (more bytes
/// needed). After an error the parser stays failed; the connection is not worth reading further.
/// Lines end with CR LF; a bare LF is accepted as well (many servers and tools send it).
///
/// The line length limit is judged on a line's octets without its line end (the LF, and the CR
/// just before it). A CR that has arrived while its LF has not is not counted yet: it may turn
/// out to be the line end. So the verdict on a line does not depend on how TCP split the bytes.
public struct SMTPReplyParser: Sendable {
  public struct Limits: Sendable, Hashable {
    /// Octets in one line, CR LF excluded. RFC 5321 §4.5.3.1.5 asks for at most 512 with CR LF;
    /// real servers exceed that a little, so the default leaves room.
    public var maxLineLength: Int
    /// Octets in one reply as they arrived, all lines together, line ends included.
    public var maxReplySize: Int
    /// Lines in one reply.
    public var maxLines: Int

    public init(maxLineLength: Int = 2048, maxReplySize: Int = 65_536, maxLines: Int = 256) {
      self.maxLineLength = maxLineLength
      self.maxReplySize = maxReplySize
      self.maxLines = maxLines
    }
  }

  public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line grew past `limit` octets (its line end not counted).
    case lineTooLong(limit: Int)
    /// A reply grew past `limit` octets: `received` octets of it (line ends included) had come in
    /// the lines taken when it did.
    case replyTooLarge(limit: Int, received: Int)
    /// A reply went on past `limit` lines, `received` octets of it (line ends included) in all.
    case tooManyLines(limit: Int, received: Int)
    /// A line that does not start with a valid reply code and separator.
    case malformedLine(SanitizedText)
    /// A continuation line whose code differs from the first line's.
    case inconsistentCode(expected: Int, found: Int)

    /// The failure as a noun phrase (`a reply line longer than 2048 octets …`), the limit
    /// that was hit and what arrived included.
    public var description: String {
      switch self {
      case .lineTooLong(let limit):
        return "a reply line longer than \(limit) octets (line end not counted)"
      case .replyTooLarge(let limit, let received):
        return "a reply larger than \(limit) octets (\(ProbeFailure.octetCount(received)) arrived)"
      case .tooManyLines(let limit, let received):
        return "a reply of more than \(limit) lines (\(ProbeFailure.octetCount(received)) arrived)"
      case .malformedLine(let line): return "a malformed reply line (\"\(line)\")"
      case .inconsistentCode(let expected, let found):
        return "a multi-line reply whose code changed from \(expected) to \(found)"
      }
    }
  }

  public let limits: Limits
  /// Bytes received; those before `start` are already taken (compacted now and then, so that
  /// taking a line does not move the rest of a large buffer).
  private var buffer: [UInt8] = []
  private var start = 0
  /// Where in `buffer` to resume looking for a line end.
  private var scanned = 0
  /// The lines of the reply being assembled.
  private var pendingCode: Int?
  private var pendingLines: [[UInt8]] = []
  /// Octets of the lines in `pendingLines` as they arrived, line ends included (a line counts
  /// from when `nextLine()` takes it, before `accept` judges it).
  private var pendingReceived = 0
  private var failure: Failure?

  public init(limits: Limits = Limits()) {
    self.limits = limits
  }

  /// Bytes that arrived after the last complete reply.
  public var unconsumedBytes: [UInt8] { Array(buffer[start...]) }

  /// Whether nothing is buffered and no reply is half-read.
  public var isIdle: Bool { start == buffer.count && pendingCode == nil }

  /// A reply that has begun to arrive and is not complete yet.
  public struct PartialReply: Sendable, Hashable {
    /// Octets of it received so far: complete lines of a multi-line reply (line ends included)
    /// and the part of a line without its end.
    public let octets: Int
    /// At most `startLimit` octets of its first line, as received (unsanitised); never empty.
    public let start: [UInt8]
  }

  /// What has arrived of the next reply, when `nextReply()` last said more bytes are needed; nil
  /// when nothing of it has. `startLimit` bounds how much of the first line is kept.
  public func partialReply(startLimit: Int) -> PartialReply? {
    let unfinished = buffer[start...]
    let octets = pendingReceived + unfinished.count
    guard octets > 0 else { return nil }
    let first: [UInt8]
    if let pendingCode, let line = pendingLines.first {
      // Every line taken before the last one of a reply had the separator "-".
      first = Array("\(pendingCode)-".utf8) + line.prefix(startLimit)
    } else {
      // No LF has arrived (`nextReply()` took every complete line); a CR that may be waiting
      // for its LF is kept: it is what came.
      first = Array(unfinished.prefix(startLimit))
    }
    return PartialReply(octets: octets, start: Array(first.prefix(startLimit)))
  }

  public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    if start > 0 && start * 2 >= buffer.count {
      buffer.removeSubrange(..<start)
      scanned -= start
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Drops whatever is buffered and returns it (plaintext after the STARTTLS 220, say).
  public mutating func discardBuffered() -> [UInt8] {
    let dropped = unconsumedBytes
    buffer = []
    start = 0
    scanned = 0
    return dropped
  }

  /// The next complete reply, nil when more bytes are needed, or the reason the input is bad.
  public mutating func nextReply() throws(Failure) -> SMTPReply? {
    if let failure { throw failure }
    do {
      while let (line, received) = try nextLine() {
        pendingReceived += received
        if let reply = try accept(line) { return reply }
      }
      return nil
    } catch {
      failure = error
      throw error
    }
  }

  /// Takes one line off the buffer, without its CR LF, with the octets it took (line end
  /// included).
  private mutating func nextLine() throws(Failure) -> (line: [UInt8], received: Int)? {
    guard let end = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) else {
      scanned = buffer.count
      // A CR at the end may be the first half of the line end: it is judged once what follows
      // it has come.
      var length = buffer.count - start
      if length > 0 && buffer[buffer.count - 1] == UInt8(ascii: "\r") { length -= 1 }
      if length > limits.maxLineLength {
        throw .lineTooLong(limit: limits.maxLineLength)
      }
      return nil
    }
    var line = Array(buffer[start..<end])
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    let received = end + 1 - start
    start = end + 1
    scanned = start
    if line.count > limits.maxLineLength { throw .lineTooLong(limit: limits.maxLineLength) }
    return (line, received)
  }

  /// Adds a line to the reply being assembled; returns the reply when the line was its last.
  private mutating func accept(_ line: [UInt8]) throws(Failure) -> SMTPReply? {
    guard let code = Self.code(of: line) else { throw .malformedLine(SanitizedText(bytes: line)) }
    let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
    guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
      throw .malformedLine(SanitizedText(bytes: line))
    }
    if let pendingCode, pendingCode != code {
      throw .inconsistentCode(expected: pendingCode, found: code)
    }
    pendingCode = code
    pendingLines.append(Array(line.dropFirst(4)))
    if pendingReceived > limits.maxReplySize {
      throw .replyTooLarge(limit: limits.maxReplySize, received: pendingReceived)
    }
    if pendingLines.count > limits.maxLines {
      throw .tooManyLines(limit: limits.maxLines, received: pendingReceived)
    }
    guard separator == UInt8(ascii: " ") else { return nil }
    let reply = SMTPReply(code: code, lines: pendingLines)
    self.pendingCode = nil
    pendingLines = []
    pendingReceived = 0
    return reply
  }

  /// The reply code of a line: three digits, the first 2 to 5, the second 0 to 5 (RFC 5321
  /// §4.2: codes 1yz are never used in SMTP, and no other first or second digit is defined).
  static func code(of line: [UInt8]) -> Int? {
    guard line.count >= 3 else { return nil }
    let digits = line.prefix(3).map { Int($0) - Int(UInt8(ascii: "0")) }
    guard (2...5).contains(digits[0]), (0...5).contains(digits[1]), (0...9).contains(digits[2])
    else { return nil }
    return digits[0] * 100 + digits[1] * 10 + digits[2]
  }
}
