/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text. Multi-line
/// replies (`250-first`, `250-second`, `250 last`) become one reply with several lines.
public struct SMTPReply: Sendable, Hashable {
  public let code: Int
  /// The text of each line after the code and its separator, as received (CR LF removed).
  public let lines: [[UInt8]]

  public init(code: Int, lines: [[UInt8]]) {
    self.code = code
    self.lines = lines
  }

  /// 2yz: positive completion.
  public var isPositive: Bool { (200...299).contains(code) }
  /// 4yz: transient failure; try again later.
  public var isTransientFailure: Bool { (400...499).contains(code) }
  /// 5yz: permanent failure.
  public var isPermanentFailure: Bool { (500...599).contains(code) }

  /// Each line in the printable form: `250-mail.example.com`, …, `250 STARTTLS`.
  public var printableLines: [SanitizedText] {
    lines.enumerated().map { index, text in
      let separator = index == lines.count - 1 ? " " : "-"
      return SanitizedText(bytes: Array("\(code)\(separator)".utf8) + text)
    }
  }

  /// The EHLO keywords (RFC 5321 §4.1.1.1): the first word of every line after the first,
  /// upper-cased. Only ASCII letters, digits and `-` count as a keyword.
  public var ehloKeywords: [String] {
    lines.dropFirst().compactMap { line in
      let word = line.prefix { $0 != UInt8(ascii: " ") }
      guard !word.isEmpty,
        word.allSatisfy({ Self.isKeywordByte($0) })
      else { return nil }
      return String(decoding: word, as: UTF8.self).uppercased()
    }
  }

  /// Whether the EHLO reply advertises `keyword` (case-insensitive).
  public func advertises(_ keyword: String) -> Bool {
    ehloKeywords.contains(keyword.uppercased())
  }

  private static func isKeywordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
      return true
    default:
      return false
    }
  }
}
