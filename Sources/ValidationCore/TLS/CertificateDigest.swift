import COpenSSL

/// SHA-256 and SHA-512 through OpenSSL's EVP interface, for certificate and SPKI fingerprints
/// and TLSA association data.
public enum CertificateDigest {
  public static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha256(), 32) }
  public static func sha512(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha512(), 64) }

  private static func digest(_ bytes: [UInt8], _ md: OpaquePointer?, _ length: Int) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var written: UInt32 = 0
    let ok = bytes.withUnsafeBytes { input in
      EVP_Digest(input.baseAddress, input.count, &output, &written, md, nil)
    }
    // EVP_Digest only fails when OpenSSL cannot allocate or the digest is unavailable; neither
    // can be reported better than by an empty result, which never matches anything.
    guard ok == 1, Int(written) == length else { return [] }
    return Array(output.prefix(length))
  }
}
