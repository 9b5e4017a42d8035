/// Addresses as A and AAAA records carry them (text forms in Presentation/IPAddress+Parsing.swift).
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
  public var octets: [UInt8]  // exactly 4

  public init?(octets: [UInt8]) {
    guard octets.count == 4 else { return nil }
    self.octets = octets
  }

  public var description: String { octets.map(String.init).joined(separator: ".") }
}

public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
  public var octets: [UInt8]  // exactly 16

  public init?(octets: [UInt8]) {
    guard octets.count == 16 else { return nil }
    self.octets = octets
  }

  /// RFC 5952 text form (the first longest run of two or more zero groups compressed,
  /// lowercase hex), with the last 32 bits dotted for IPv4-mapped (`::ffff:a.b.c.d`) and
  /// IPv4-compatible (`::a.b.c.d`) addresses, as inet_ntop and ldns write them.
  public var description: String {
    let groups = stride(from: 0, to: 16, by: 2).map {
      UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1])
    }
    var bestStart = -1
    var bestLength = 0
    var index = 0
    while index < 8 {
      if groups[index] == 0 {
        var end = index
        while end < 8 && groups[end] == 0 { end += 1 }
        if end - index > bestLength && end - index >= 2 {
          bestStart = index
          bestLength = end - index
        }
        index = end
      } else {
        index += 1
      }
    }
    let embedsIPv4 = bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF))
    let lastGroup = embedsIPv4 ? 6 : 8
    func hex(_ range: Range<Int>) -> String {
      range.map { String(groups[$0], radix: 16) }.joined(separator: ":")
    }
    var text: String
    if bestStart < 0 {
      text = hex(0..<lastGroup)
    } else {
      text = hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<lastGroup)
    }
    if embedsIPv4 {
      if !text.hasSuffix(":") { text += ":" }
      text += octets[12...].map(String.init).joined(separator: ".")
    }
    return text
  }
}
