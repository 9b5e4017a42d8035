extension IPv4Address {
  /// Dotted quad, four decimal numbers 0-255 of one to three digits.
  public init?(text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var octets: [UInt8] = []
    for part in parts {
      guard (1...3).contains(part.count), part.utf8.allSatisfy({ (48...57).contains($0) }),
        let value = UInt8(part)
      else { return nil }
      octets.append(value)
    }
    self.init(octets: octets)
  }
}

extension IPv6Address {
  /// RFC 4291 §2.2 text: up to eight groups of 1-4 hex digits, at most one `::`, and optionally
  /// a dotted IPv4 address in place of the last two groups.
  public init?(text: String) {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
      if part.isEmpty { return [] }
      var out: [UInt16] = []
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      for (index, piece) in pieces.enumerated() {
        if allowIPv4 && index == pieces.count - 1 && piece.contains(".") {
          guard let v4 = IPv4Address(text: String(piece)) else { return nil }
          out.append(UInt16(v4.octets[0]) << 8 | UInt16(v4.octets[1]))
          out.append(UInt16(v4.octets[2]) << 8 | UInt16(v4.octets[3]))
          continue
        }
        guard (1...4).contains(piece.count), piece.utf8.allSatisfy({ Hex.value(of: $0) != nil }),
          let value = UInt16(piece, radix: 16)
        else { return nil }
        out.append(value)
      }
      return out
    }
    let words: [UInt16]
    if halves.count == 2 {
      guard let head = groups(halves[0], allowIPv4: false),
        let tail = groups(halves[1], allowIPv4: true), head.count + tail.count <= 7
      else { return nil }
      words = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    } else {
      guard let all = groups(halves[0], allowIPv4: true), all.count == 8 else { return nil }
      words = all
    }
    self.init(octets: words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
  }
}
