import COpenSSL

/// How one DS record compares with one DNSKEY.
public enum DSMatch: Sendable, Hashable {
  /// Key tag, algorithm and digest all agree.
  case matches(computed: [UInt8])
  /// Key tag and algorithm agree, the digest does not.
  case digestMismatch(computed: [UInt8])
  /// The DS points at another key (tag or algorithm differ).
  case otherKey
  /// The engine cannot compute this digest type (insecure, not bogus: RFC 4035 §5.2).
  case unsupportedDigest(DSDigestType)
  case failed(reason: String)
}

/// DS digests (RFC 4034 §5.1.4): digest(canonical owner name in wire form | DNSKEY RDATA), with
/// SHA-1 (1), SHA-256 (2, RFC 4509) or SHA-384 (4, RFC 6605).
public enum DSDigest {
  /// The digest of `key` owned by `owner`, or nil when the digest type is not supported.
  public static func compute(owner: DNSName, key: DNSKEYData, type: DSDigestType)
    throws(DNSSECCryptoError) -> [UInt8]?
  {
    let md: OpaquePointer?
    switch type {
    case .sha1: md = EVP_sha1()
    case .sha256: md = EVP_sha256()
    case .sha384: md = EVP_sha384()
    case .gostR341194, .unassigned: return nil
    }
    let input = owner.lowercased.wireFormat + rdata(of: key)
    var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    try DNSSECCrypto.check(
      EVP_Digest(input, input.count, &output, &length, md, nil), "EVP_Digest(\(type))")
    return Array(output.prefix(Int(length)))
  }

  /// Compares a published DS with a DNSKEY of the child zone.
  public static func match(_ ds: DSData, owner: DNSName, key: DNSKEYData, keyTag: UInt16)
    -> DSMatch
  {
    guard ds.keyTag == keyTag, ds.algorithm == key.algorithm else { return .otherKey }
    do {
      guard let computed = try compute(owner: owner, key: key, type: ds.digestType) else {
        return .unsupportedDigest(ds.digestType)
      }
      return computed == ds.digest
        ? .matches(computed: computed) : .digestMismatch(computed: computed)
    } catch {
      return .failed(reason: error.description)
    }
  }

  /// DNSKEY RDATA in wire form (RFC 4034 §2.1): flags, protocol, algorithm, public key. It holds
  /// no domain name, so its canonical form is its plain form.
  static func rdata(of key: DNSKEYData) -> [UInt8] {
    [UInt8(key.flags >> 8), UInt8(key.flags & 0xFF), key.protocolField, key.algorithm.rawValue]
      + key.publicKey
  }
}
