/// Base 64 (RFC 4648 §4), as DNSKEY public keys and RRSIG signatures are written.
public enum Base64 {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  private static let table: [UInt8: UInt8] = {
    var table: [UInt8: UInt8] = [:]
    for (index, byte) in alphabet.enumerated() { table[byte] = UInt8(index) }
    return table
  }()

  /// Padded base64 on one line.
  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var group: UInt32 = 0
      for (position, byte) in chunk.enumerated() { group |= UInt32(byte) << (16 - 8 * position) }
      for position in 0..<4 {
        if position <= chunk.count {
          out.append(alphabet[Int((group >> (18 - 6 * position)) & 0x3F)])
        } else {
          out.append(UInt8(ascii: "="))
        }
      }
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes padded base64; whitespace between digits is skipped (zone files split keys across
  /// lines). The digits must come in groups of four, padding only at the end, and the unused
  /// bits of the last digit must be zero.
  public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
    var digits: [(value: UInt8, offset: Int)] = []
    var padding = 0
    var firstPadOffset = 0
    for (offset, byte) in text.utf8.enumerated() {
      if Hex.isSpace(byte) { continue }
      if byte == UInt8(ascii: "=") {
        if padding == 0 { firstPadOffset = offset }
        padding += 1
        continue
      }
      if padding > 0 {
        throw EncodingError(encoding: "base64", kind: .badPadding, offset: firstPadOffset)
      }
      guard let value = table[byte] else {
        throw EncodingError(
          encoding: "base64", kind: .invalidCharacter(EncodingError.show(byte)), offset: offset)
      }
      digits.append((value, offset))
    }
    let total = digits.count + padding
    guard total % 4 == 0, padding <= 2, !(padding > 0 && digits.count % 4 < 2) else {
      let offset = padding > 0 ? firstPadOffset : (digits.last?.offset ?? 0)
      throw EncodingError(
        encoding: "base64", kind: padding > 0 ? .badPadding : .incompleteGroup, offset: offset)
    }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for digit in digits {
      accumulator = accumulator << 6 | UInt32(digit.value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
      }
      accumulator &= (1 << UInt32(bits)) - 1
    }
    if accumulator != 0, let last = digits.last {
      throw EncodingError(encoding: "base64", kind: .nonZeroTrailingBits, offset: last.offset)
    }
    return out
  }
}
