/// Base 16 (RFC 4648 §8), as DS digests, NSEC3 salts and TLSA data are written.
public enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  /// Lowercase hex, no separators.
  public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String
  where Bytes.Element == UInt8 {
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Uppercase hex, the way ldns prints DS digests and TLSA data.
  public static func encodeUppercase<Bytes: Sequence>(_ bytes: Bytes) -> String
  where Bytes.Element == UInt8 {
    encode(bytes).uppercased()
  }

  /// Decodes hex in either case; spaces, tabs and newlines between digits are skipped (zone
  /// files split long digests). An odd number of digits is an error.
  public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
    var out: [UInt8] = []
    var pending: UInt8? = nil
    var pendingOffset = 0
    for (offset, byte) in text.utf8.enumerated() {
      if isSpace(byte) { continue }
      guard let value = value(of: byte) else {
        throw EncodingError(
          encoding: "hex", kind: .invalidCharacter(EncodingError.show(byte)), offset: offset)
      }
      if let high = pending {
        out.append(high << 4 | value)
        pending = nil
      } else {
        pending = value
        pendingOffset = offset
      }
    }
    if pending != nil {
      throw EncodingError(encoding: "hex", kind: .incompleteGroup, offset: pendingOffset)
    }
    return out
  }

  static func value(of byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
