/// One word of zone-file text: escapes kept as written (`\.`, `\DDD`), quotes removed, and
/// where it was found (1-based line and column, columns counted in characters).
public struct PresentationToken: Sendable, Hashable, CustomStringConvertible {
  public var text: String
  public var isQuoted: Bool
  public var line: Int
  public var column: Int

  public init(_ text: String, isQuoted: Bool = false, line: Int = 1, column: Int = 1) {
    self.text = text
    self.isQuoted = isQuoted
    self.line = line
    self.column = column
  }

  public var description: String { isQuoted ? "\"\(text)\"" : text }

  /// The octets the token stands for: `\DDD` is one octet, `\x` is x, the rest as UTF-8.
  public func unescapedBytes() throws(PresentationError) -> [UInt8] {
    var out: [UInt8] = []
    var bytes = Array(text.utf8)[...]
    while let byte = bytes.popFirst() {
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        continue
      }
      guard let next = bytes.popFirst() else {
        throw PresentationError(.danglingEscape, at: self)
      }
      guard (48...57).contains(next) else {
        out.append(next)
        continue
      }
      guard let d2 = bytes.popFirst(), let d3 = bytes.popFirst(), (48...57).contains(d2),
        (48...57).contains(d3)
      else { throw PresentationError(.badDecimalEscape, at: self) }
      let value = Int(next - 48) * 100 + Int(d2 - 48) * 10 + Int(d3 - 48)
      guard value <= 255 else { throw PresentationError(.badDecimalEscape, at: self) }
      out.append(UInt8(value))
    }
    return out
  }
}
