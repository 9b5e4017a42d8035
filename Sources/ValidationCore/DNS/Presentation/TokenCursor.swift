/// Walks the words of one record's RDATA, field by field, turning each into a typed value or a
/// `PresentationError` that points at the word.
struct TokenCursor {
  private let tokens: [PresentationToken]
  private var index = 0
  /// Where a missing field is reported: just after the last word (or the record's start).
  private let endLine: Int
  private let endColumn: Int
  /// Zone files: a relative name with no origin is an error rather than taken as absolute.
  var relativeNamesNeedOrigin = false

  init(_ tokens: [PresentationToken], endLine: Int, endColumn: Int) {
    self.tokens = tokens
    self.endLine = endLine
    self.endColumn = endColumn
  }

  var isAtEnd: Bool { index >= tokens.count }

  mutating func next(_ field: String) throws(PresentationError) -> PresentationToken {
    guard index < tokens.count else {
      throw PresentationError(.missingField(field), token: "", line: endLine, column: endColumn)
    }
    defer { index += 1 }
    return tokens[index]
  }

  /// All remaining words (possibly none).
  mutating func rest() -> [PresentationToken] {
    defer { index = tokens.count }
    return Array(tokens[index...])
  }

  /// The remaining words joined, at least one required (base64 and hex may be split).
  mutating func joinedRest(_ field: String) throws(PresentationError) -> (String, PresentationToken)
  {
    let first = try next(field)
    let text = ([first] + rest()).map(\.text).joined()
    return (text, first)
  }

  func finish() throws(PresentationError) {
    if index < tokens.count { throw PresentationError(.unexpectedToken, at: tokens[index]) }
  }

  // MARK: Typed fields

  mutating func number<T: FixedWidthInteger & UnsignedInteger>(_ field: String, as: T.Type = T.self)
    throws(PresentationError) -> T
  {
    let token = try next(field)
    // Digits only: Swift's integer parser would also take a sign.
    guard !token.isQuoted, token.text.utf8.allSatisfy({ (48...57).contains($0) }),
      let value = T(token.text, radix: 10)
    else {
      throw PresentationError(.invalidNumber(field: field, maximum: UInt64(T.max)), at: token)
    }
    return value
  }

  /// A 32-bit duration: seconds, or units s/m/h/d/w as in `1h30m` (BIND and ldns accept them).
  mutating func duration(_ field: String) throws(PresentationError) -> UInt32 {
    let token = try next(field)
    guard let value = Self.parseDuration(token.text) else {
      throw PresentationError(.invalidNumber(field: field, maximum: UInt64(UInt32.max)), at: token)
    }
    return value
  }

  static func parseDuration(_ text: String) -> UInt32? {
    if let plain = UInt32(text, radix: 10) { return plain }
    var total: UInt64 = 0
    var current: UInt64? = nil
    for byte in text.utf8 {
      if (48...57).contains(byte) {
        current = (current ?? 0) * 10 + UInt64(byte - 48)
        if current! > UInt64(UInt32.max) { return nil }
        continue
      }
      let unit: UInt64
      switch byte | 0x20 {
      case UInt8(ascii: "s"): unit = 1
      case UInt8(ascii: "m"): unit = 60
      case UInt8(ascii: "h"): unit = 3600
      case UInt8(ascii: "d"): unit = 86_400
      case UInt8(ascii: "w"): unit = 604_800
      default: return nil
      }
      guard let value = current else { return nil }
      total += value * unit
      current = nil
      if total > UInt64(UInt32.max) { return nil }
    }
    total += current ?? 0
    return total > UInt64(UInt32.max) || text.isEmpty ? nil : UInt32(total)
  }

  mutating func name(_ field: String, origin: DNSName?) throws(PresentationError) -> DNSName {
    let token = try next(field)
    if origin == nil && relativeNamesNeedOrigin && !DNSName.isAbsolute(token.text) {
      throw PresentationError(
        .invalidName(field: field, .relativeWithoutOrigin(token.text)), at: token)
    }
    do {
      return try DNSName(token.text, origin: origin)
    } catch {
      throw PresentationError(.invalidName(field: field, error), at: token)
    }
  }

  mutating func algorithm(_ field: String) throws(PresentationError) -> DNSSECAlgorithm {
    let token = try next(field)
    if let number = UInt8(token.text, radix: 10) { return DNSSECAlgorithm(rawValue: number) }
    guard let algorithm = DNSSECAlgorithm(mnemonic: token.text) else {
      throw PresentationError(.unknownAlgorithm, at: token)
    }
    return algorithm
  }

  mutating func type(_ field: String) throws(PresentationError) -> RRType {
    let token = try next(field)
    guard let type = RRType(mnemonic: token.text) else {
      throw PresentationError(.unknownType, at: token)
    }
    return type
  }

  mutating func time(_ field: String) throws(PresentationError) -> UInt32 {
    let token = try next(field)
    guard let value = DNSTime.parse(token.text) else {
      throw PresentationError(.invalidTime(field: field), at: token)
    }
    return value
  }

  /// A `<character-string>`: at most 255 octets once unescaped.
  mutating func characterString(_ field: String) throws(PresentationError) -> [UInt8] {
    let token = try next(field)
    let bytes = try token.unescapedBytes()
    guard bytes.count <= 255 else {
      throw PresentationError(.stringTooLong(field: field, length: bytes.count), at: token)
    }
    return bytes
  }

  /// A salt: `-` for none, else hex of at most 255 octets.
  mutating func salt(_ field: String) throws(PresentationError) -> [UInt8] {
    let token = try next(field)
    if token.text == "-" { return [] }
    let salt = try Self.decode(field, token) { (text) throws(EncodingError) in try Hex.decode(text)
    }
    guard salt.count <= 255 else {
      throw PresentationError(.stringTooLong(field: field, length: salt.count), at: token)
    }
    return salt
  }

  mutating func typeBitMap() throws(PresentationError) -> TypeBitMap {
    var types: [RRType] = []
    for token in rest() {
      guard let type = RRType(mnemonic: token.text) else {
        throw PresentationError(.unknownType, at: token)
      }
      types.append(type)
    }
    return TypeBitMap(types)
  }

  static func decode(
    _ field: String, _ token: PresentationToken, _ body: (String) throws(EncodingError) -> [UInt8]
  ) throws(PresentationError) -> [UInt8] {
    try decode(field, token.text, at: token, body)
  }

  static func decode(
    _ field: String, _ text: String, at token: PresentationToken,
    _ body: (String) throws(EncodingError) -> [UInt8]
  ) throws(PresentationError) -> [UInt8] {
    do {
      return try body(text)
    } catch {
      throw PresentationError(.invalidEncoding(field: field, error), at: token)
    }
  }
}
