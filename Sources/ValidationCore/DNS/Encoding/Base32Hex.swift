/// Base 32 with the extended hex alphabet (RFC 4648 §7), unpadded, as NSEC3 owner labels and
/// next hashed owner names are written (RFC 5155 §3.3).
public enum Base32Hex {
  private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)

  /// Lowercase, without padding.
  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count * 8 + 4) / 5)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in bytes {
      accumulator = accumulator << 8 | UInt32(byte)
      bits += 8
      while bits >= 5 {
        bits -= 5
        out.append(alphabet[Int((accumulator >> UInt32(bits)) & 0x1F)])
      }
      accumulator &= (1 << UInt32(bits)) - 1
    }
    if bits > 0 { out.append(alphabet[Int((accumulator << UInt32(5 - bits)) & 0x1F)]) }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes either case, with or without `=` padding. A digit count that cannot end on a
  /// whole octet (1, 3 or 6 digits over a multiple of 8) is an error, as are set unused bits.
  public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
    var out: [UInt8] = []
    var accumulator: UInt32 = 0
    var bits = 0
    var count = 0
    var lastOffset = 0
    var padded = false
    for (offset, byte) in text.utf8.enumerated() {
      if byte == UInt8(ascii: "=") {
        padded = true
        continue
      }
      if padded {
        throw EncodingError(encoding: "base32hex", kind: .badPadding, offset: offset)
      }
      guard let value = value(of: byte) else {
        throw EncodingError(
          encoding: "base32hex", kind: .invalidCharacter(EncodingError.show(byte)),
          offset: offset)
      }
      accumulator = accumulator << 5 | UInt32(value)
      bits += 5
      count += 1
      lastOffset = offset
      if bits >= 8 {
        bits -= 8
        out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
        accumulator &= (1 << UInt32(bits)) - 1
      }
    }
    if [1, 3, 6].contains(count % 8) {
      throw EncodingError(encoding: "base32hex", kind: .incompleteGroup, offset: lastOffset)
    }
    if accumulator != 0 {
      throw EncodingError(encoding: "base32hex", kind: .nonZeroTrailingBits, offset: lastOffset)
    }
    return out
  }

  static func value(of byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "v"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "V"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
