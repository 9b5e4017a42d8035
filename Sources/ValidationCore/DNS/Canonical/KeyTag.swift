extension DNSKEYData {
  /// The key tag (RFC 4034 Appendix B): a ones'-complement-style sum of the RDATA taken as
  /// 16-bit big-endian words, folded once. Algorithm 1 (RSA/MD5) is the exception (B.1): the
  /// tag is the third- and second-to-last octets of the modulus.
  public var keyTag: UInt16 {
    let data = wireFormat
    if algorithm == .rsaMD5 {
      guard publicKey.count >= 3 else { return 0 }
      return UInt16(publicKey[publicKey.count - 3]) << 8 | UInt16(publicKey[publicKey.count - 2])
    }
    var sum: UInt32 = 0
    for (index, octet) in data.enumerated() {
      sum += index % 2 == 0 ? UInt32(octet) << 8 : UInt32(octet)
    }
    sum += (sum >> 16) & 0xFFFF
    return UInt16(sum & 0xFFFF)
  }
}
