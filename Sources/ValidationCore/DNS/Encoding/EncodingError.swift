/// Why a hex, base64 or base32hex text could not be decoded. `offset` counts characters from
/// the start of the text (whitespace included), so a message can point at the culprit.
public struct EncodingError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// A character outside the alphabet (the character is kept, printable or as `U+` and its hex code).
    case invalidCharacter(String)
    /// The number of digits cannot encode whole octets (odd hex, base64 not a multiple of 4).
    case incompleteGroup
    /// Padding in the wrong place, or bits left set in the last digit.
    case badPadding
    /// Bits past the last whole octet are not zero (a non-canonical encoding).
    case nonZeroTrailingBits
  }

  public var encoding: String
  public var kind: Kind
  public var offset: Int

  public init(encoding: String, kind: Kind, offset: Int) {
    self.encoding = encoding
    self.kind = kind
    self.offset = offset
  }

  public var description: String {
    switch kind {
    case .invalidCharacter(let character):
      return "\(encoding): invalid character '\(character)' at position \(offset)"
    case .incompleteGroup:
      return "\(encoding): incomplete group of digits at position \(offset)"
    case .badPadding:
      return "\(encoding): misplaced padding at position \(offset)"
    case .nonZeroTrailingBits:
      return "\(encoding): unused bits of the last digit are not zero at position \(offset)"
    }
  }

  /// A printable rendering of one input byte for messages.
  static func show(_ byte: UInt8) -> String {
    (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\\(byte)"
  }
}
