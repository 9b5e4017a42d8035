import ValidationCore

// TODO: `DNSKEYData.keyTag`, `NSEC3Hash` and the DS digests arrive in ValidationCore with the DNS
// and DNSSEC work; once they are on main the lab should call them and these should go.
enum LabDNSSECMath {
  /// RFC 4034 Appendix B: the key tag is a 16-bit ones'-complement-like sum over the RDATA.
  static func keyTag(_ key: DNSKEYData) -> UInt16 {
    let wire = key.labWire
    var sum: UInt32 = 0
    for (index, byte) in wire.enumerated() {
      sum += index % 2 == 0 ? UInt32(byte) << 8 : UInt32(byte)
    }
    sum += (sum >> 16) & 0xFFFF
    return UInt16(sum & 0xFFFF)
  }

  /// RFC 4034 §5.1.4: digest over the owner name in canonical form followed by the DNSKEY RDATA.
  static func ds(for key: DNSKEYData, owner: DNSName, digestType: DSDigestType = .sha256)
    throws(LabError) -> DSData
  {
    let name: String
    switch digestType {
    case .sha1: name = "SHA1"
    case .sha256: name = "SHA256"
    case .sha384: name = "SHA384"
    default: throw .zone("the lab makes no DS with digest type \(digestType)")
    }
    let digest = try LabOpenSSL.digest(name, owner.lowercased.wireFormat + key.labWire)
    return DSData(
      keyTag: keyTag(key), algorithm: key.algorithm, digestType: digestType, digest: digest)
  }

  /// RFC 5155 §5: SHA-1 over the canonical owner name and salt, then `iterations` more times
  /// over the previous hash and the salt.
  static func nsec3Hash(_ name: DNSName, salt: [UInt8], iterations: UInt16) throws(LabError)
    -> [UInt8]
  {
    var hash = try LabOpenSSL.digest("SHA1", name.lowercased.wireFormat + salt)
    for _ in 0..<iterations {
      hash = try LabOpenSSL.digest("SHA1", hash + salt)
    }
    return hash
  }
}
