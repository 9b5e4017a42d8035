/// Type bit maps in wire form (RFC 4034 §4.1.2, shared by NSEC3 in RFC 5155 §3.2.1): windows of
/// 256 types, each a window number, a bitmap length of 1 to 32 and the bitmap, the most
/// significant bit first. Windows come in increasing order; empty windows and trailing zero
/// octets are not written, and reading refuses them.
extension TypeBitMap {
  public var wireFormat: [UInt8] {
    var out: [UInt8] = []
    var windows: [UInt8: [UInt8]] = [:]
    for type in types {
      let window = UInt8(type.rawValue >> 8)
      let low = Int(type.rawValue & 0xFF)
      var bitmap = windows[window] ?? []
      if bitmap.count <= low / 8 {
        bitmap += Array(repeating: 0, count: low / 8 + 1 - bitmap.count)
      }
      bitmap[low / 8] |= 0x80 >> UInt8(low % 8)
      windows[window] = bitmap
    }
    for window in windows.keys.sorted() {
      let bitmap = windows[window]!
      out.append(window)
      out.append(UInt8(bitmap.count))
      out += bitmap
    }
    return out
  }

  /// Reads windows up to the reader's end (the end of the RDATA).
  public init(reading reader: inout WireReader) throws(DNSWireError) {
    var types: [RRType] = []
    var previousWindow: Int = -1
    while !reader.isAtEnd {
      let windowOffset = reader.offset
      let window = Int(try reader.readUInt8("type bit map window"))
      guard window > previousWindow else {
        throw DNSWireError(
          .invalidField(
            field: "type bit map", reason: "window \(window) follows window \(previousWindow)"),
          at: windowOffset)
      }
      previousWindow = window
      let lengthOffset = reader.offset
      let length = Int(try reader.readUInt8("type bit map length"))
      guard (1...32).contains(length) else {
        throw DNSWireError(
          .invalidField(field: "type bit map", reason: "bitmap length \(length) (1 to 32)"),
          at: lengthOffset)
      }
      let bitmap = try reader.readBytes(length, "type bit map")
      guard bitmap.last != 0 else {
        throw DNSWireError(
          .invalidField(field: "type bit map", reason: "trailing zero octet in window \(window)"),
          at: reader.offset - 1)
      }
      for (index, octet) in bitmap.enumerated() {
        for bit in 0..<8 where octet & (0x80 >> UInt8(bit)) != 0 {
          types.append(RRType(rawValue: UInt16(window) << 8 | UInt16(index * 8 + bit)))
        }
      }
    }
    self.init(types)
  }
}
