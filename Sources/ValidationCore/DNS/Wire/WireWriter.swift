/// Builds wire-format DNS data. Names can be compressed (RFC 1035 §4.1.4) against the names
/// written before; the table matches names octet for octet, so case is preserved.
public struct WireWriter: Sendable {
  public private(set) var bytes: [UInt8] = []
  /// Offsets of name suffixes already written, keyed by their exact labels.
  private var suffixOffsets: [[[UInt8]]: Int] = [:]
  /// Pointers hold 14 bits: suffixes written at or after this offset cannot be targets.
  private static let maxPointerTarget = 0x3FFF

  public init() {}

  public var count: Int { bytes.count }

  public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

  public mutating func writeUInt16(_ value: UInt16) {
    bytes.append(UInt8(value >> 8))
    bytes.append(UInt8(value & 0xFF))
  }

  public mutating func writeUInt32(_ value: UInt32) {
    for shift in stride(from: 24, through: 0, by: -8) {
      bytes.append(UInt8((value >> shift) & 0xFF))
    }
  }

  public mutating func writeBytes<Bytes: Sequence>(_ data: Bytes) where Bytes.Element == UInt8 {
    bytes.append(contentsOf: data)
  }

  /// A length octet and the string; more than 255 octets cannot be written.
  public mutating func writeCharacterString(_ string: [UInt8], _ field: String)
    throws(DNSWireError)
  {
    guard string.count <= 255 else {
      throw DNSWireError(
        .valueTooLong(field: field, length: string.count, limit: 255), at: bytes.count)
    }
    bytes.append(UInt8(string.count))
    bytes.append(contentsOf: string)
  }

  /// Overwrites a 16-bit field written earlier (RDLENGTH, section counts).
  public mutating func patchUInt16(_ value: UInt16, at offset: Int) {
    bytes[offset] = UInt8(value >> 8)
    bytes[offset + 1] = UInt8(value & 0xFF)
  }

  /// Writes `name`, pointing at an earlier copy of its longest known suffix when `compress` is
  /// set. Every name written (compressed or not) becomes a target for later names.
  public mutating func writeName(_ name: DNSName, compress: Bool) {
    let labels = name.labels
    for index in labels.indices {
      let suffix = Array(labels[index...])
      if compress, let target = suffixOffsets[suffix] {
        writeUInt16(0xC000 | UInt16(target))
        return
      }
      if bytes.count <= Self.maxPointerTarget, suffixOffsets[suffix] == nil {
        suffixOffsets[suffix] = bytes.count
      }
      bytes.append(UInt8(labels[index].count))
      bytes.append(contentsOf: labels[index])
    }
    bytes.append(0)
  }
}
