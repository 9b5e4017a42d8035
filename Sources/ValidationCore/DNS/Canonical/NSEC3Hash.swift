import COpenSSL

/// The NSEC3 hash (RFC 5155 §5): IH(salt, x, 0) = H(x | salt), IH(salt, x, k) =
/// H(IH(salt, x, k-1) | salt), applied to the canonical (lowercased, uncompressed) wire form of
/// the name with the iterations given; H is SHA-1, hash algorithm 1, the only one defined.
public enum NSEC3Hash {
  public static let sha1Algorithm: UInt8 = 1

  public static func hash(name: DNSName, salt: [UInt8], iterations: UInt16) -> [UInt8] {
    var digest = sha1(name.lowercased.wireFormat + salt)
    if iterations > 0 {
      for _ in 1...iterations { digest = sha1(digest + salt) }
    }
    return digest
  }

  /// The NSEC3 owner name for `name`: the base32hex hash as one label under `zone`.
  public static func ownerName(for name: DNSName, zone: DNSName, salt: [UInt8], iterations: UInt16)
    throws(DNSNameError) -> DNSName
  {
    let label = Base32Hex.encode(hash(name: name, salt: salt, iterations: iterations))
    return try zone.prepending(label)
  }

  static func sha1(_ data: [UInt8]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var size: UInt32 = 0
    let status = data.withUnsafeBytes { input in
      digest.withUnsafeMutableBufferPointer { output in
        EVP_Digest(input.baseAddress, input.count, output.baseAddress, &size, EVP_sha1(), nil)
      }
    }
    // EVP_Digest with SHA-1 fails only when OpenSSL cannot allocate a context.
    precondition(status == 1, "EVP_Digest(SHA-1) failed")
    return Array(digest[0..<Int(size)])
  }
}
