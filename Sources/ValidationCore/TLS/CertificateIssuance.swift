import COpenSSL

/// Whether one certificate of a chain was issued by the next one: OpenSSL's X509_check_issued
/// (the issuer's subject is the certificate's issuer name, the key identifiers agree, the issuer
/// may sign certificates) and X509_verify (the issuer's public key verifies the signature).
/// `danescope tlsa --usage 2` needs it: the record it prints names the last certificate, which
/// is a trust anchor only when every certificate below it leads up to it (RFC 7671 §5.2.2).
public enum CertificateIssuance {
  /// A certificate that the next one in the chain did not issue.
  public struct BrokenLink: Sendable, Hashable {
    /// Positions in the chain, 0 the leaf: `issuer` is `certificate + 1`.
    public let certificate: Int
    public let issuer: Int
    /// OpenSSL's reason, e.g. `subject issuer mismatch` or `the signature does not verify`.
    public let reason: String
  }

  /// The first place, from the leaf up, where a certificate was not issued by the one after it;
  /// nil when every link holds (and for a chain of one certificate).
  public static func firstBrokenLink(in chain: [CertificateFacts]) -> BrokenLink? {
    for index in chain.indices.dropLast() {
      if let reason = problem(certificate: chain[index].der, issuer: chain[index + 1].der) {
        return BrokenLink(certificate: index, issuer: index + 1, reason: reason)
      }
    }
    return nil
  }

  /// Why `issuer` did not issue `certificate` (both DER), or nil when it did.
  static func problem(certificate: [UInt8], issuer: [UInt8]) -> String? {
    guard let subject = parse(certificate), let parent = parse(issuer) else {
      ERR_clear_error()
      return "a certificate could not be read back"
    }
    defer {
      X509_free(subject)
      X509_free(parent)
    }
    let issued = X509_check_issued(parent, subject)
    guard issued == X509_V_OK else {
      ERR_clear_error()
      return String(cString: X509_verify_cert_error_string(Int(issued)))
    }
    guard let key = X509_get0_pubkey(parent), X509_verify(subject, key) == 1 else {
      ERR_clear_error()
      return "its signature does not verify with the public key of the next certificate"
    }
    return nil
  }

  /// Whether the public key `key` (SubjectPublicKeyInfo DER, as a `2 1 0` record holds it)
  /// verifies the signature of `certificate` (DER): OpenSSL's X509_verify.
  static func isSigned(certificate: [UInt8], byKey key: [UInt8]) -> Bool {
    guard let subject = parse(certificate) else {
      ERR_clear_error()
      return false
    }
    defer { X509_free(subject) }
    let publicKey = key.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_PUBKEY(nil, &cursor, buffer.count)
    }
    guard let publicKey else {
      ERR_clear_error()
      return false
    }
    defer { EVP_PKEY_free(publicKey) }
    let verified = X509_verify(subject, publicKey) == 1
    ERR_clear_error()
    return verified
  }

  private static func parse(_ der: [UInt8]) -> OpaquePointer? {
    der.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_X509(nil, &cursor, buffer.count)
    }
  }
}
