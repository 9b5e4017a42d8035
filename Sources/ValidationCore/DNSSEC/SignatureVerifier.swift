import COpenSSL

/// The outcome of checking one signature's cryptography (validity windows are judged elsewhere).
public enum SignatureVerdict: Sendable, Hashable {
  case valid
  /// The signature does not match the data under this key.
  case invalid(reason: String)
  /// The engine cannot check this algorithm: the zone is insecure, not bogus.
  case unsupportedAlgorithm(DNSSECAlgorithm)
  /// The key could not be read (wrong length, bad RSA encoding, point not on the curve).
  case unusableKey(reason: String)

  public var isValid: Bool { self == .valid }
}

/// Checks DNSSEC signatures with OpenSSL EVP: RSA PKCS #1 v1.5 (algorithms 5, 7, 8, 10), ECDSA
/// (13, 14; the RRSIG carries r and s side by side, OpenSSL wants DER), and EdDSA (15, 16;
/// one-shot with no digest).
public enum SignatureVerifier {
  /// Verifies `signature` over `data` (the RFC 4034 §3.1.8.1 signing input) with `key`.
  public static func verify(signature: [UInt8], over data: [UInt8], with key: DNSKEYData)
    -> SignatureVerdict
  {
    guard key.algorithm.isSupportedByEngine else { return .unsupportedAlgorithm(key.algorithm) }
    let publicKey: DNSKEYPublicKey
    do {
      publicKey = try DNSKEYPublicKey(key)
    } catch {
      DNSSECCrypto.clearErrors()
      if case .unsupportedAlgorithm(let algorithm) = error { return .unsupportedAlgorithm(algorithm) }
      return .unusableKey(reason: error.description)
    }
    return verify(signature: signature, over: data, with: publicKey)
  }

  /// Verifies with a key already read (the chain engine reads each DNSKEY once).
  public static func verify(signature: [UInt8], over data: [UInt8], with key: DNSKEYPublicKey)
    -> SignatureVerdict
  {
    let encoded: [UInt8]
    switch key.algorithm {
    case .ecdsaP256SHA256, .ecdsaP384SHA384:
      let half = key.algorithm == .ecdsaP256SHA256 ? 32 : 48
      guard signature.count == 2 * half else {
        return .invalid(reason: "ECDSA signature of \(signature.count) octets, expected \(2 * half)")
      }
      do {
        encoded = try derSignature(r: signature[..<half], s: signature[half...])
      } catch {
        DNSSECCrypto.clearErrors()
        return .invalid(reason: error.description)
      }
    default:
      encoded = signature
    }
    return digestVerify(encoded, data, key)
  }

  /// The message digest each algorithm signs with; nil for EdDSA, which hashes internally.
  static func digest(for algorithm: DNSSECAlgorithm) -> OpaquePointer? {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1: return EVP_sha1()
    case .rsaSHA256, .ecdsaP256SHA256: return EVP_sha256()
    case .ecdsaP384SHA384: return EVP_sha384()
    case .rsaSHA512: return EVP_sha512()
    default: return nil
    }
  }

  private static func digestVerify(_ signature: [UInt8], _ data: [UInt8], _ key: DNSKEYPublicKey)
    -> SignatureVerdict
  {
    guard let context = EVP_MD_CTX_new() else {
      return .invalid(reason: DNSSECCrypto.failure("EVP_MD_CTX_new").description)
    }
    defer { EVP_MD_CTX_free(context) }
    do {
      try DNSSECCrypto.check(
        EVP_DigestVerifyInit(context, nil, digest(for: key.algorithm), nil, key.pkey),
        "EVP_DigestVerifyInit")
    } catch {
      return .invalid(reason: error.description)
    }
    // EVP_DigestVerify: 1 verified, 0 did not verify, negative for malformed input.
    let result = EVP_DigestVerify(context, signature, signature.count, data, data.count)
    if result == 1 { return .valid }
    let failure = DNSSECCrypto.failure("EVP_DigestVerify")
    if result == 0 { return .invalid(reason: "signature does not match") }
    return .invalid(reason: "signature could not be checked (\(failure.description))")
  }

  /// DER `ECDSA-Sig-Value` from the raw r and s halves (RFC 6605 §4).
  static func derSignature(r: ArraySlice<UInt8>, s: ArraySlice<UInt8>) throws(DNSSECCryptoError)
    -> [UInt8]
  {
    let signature = try DNSSECCrypto.check(ECDSA_SIG_new(), "ECDSA_SIG_new")
    defer { ECDSA_SIG_free(signature) }
    let rNumber = try DNSSECCrypto.check(
      r.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }, "BN_bin2bn(r)")
    guard
      let sNumber = s.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) })
    else {
      BN_free(rNumber)
      throw DNSSECCrypto.failure("BN_bin2bn(s)")
    }
    // ECDSA_SIG_set0 takes ownership of both numbers when it succeeds.
    guard ECDSA_SIG_set0(signature, rNumber, sNumber) == 1 else {
      BN_free(rNumber)
      BN_free(sNumber)
      throw DNSSECCrypto.failure("ECDSA_SIG_set0")
    }
    let length = i2d_ECDSA_SIG(signature, nil)
    guard length > 0 else { throw DNSSECCrypto.failure("i2d_ECDSA_SIG") }
    var der = [UInt8](repeating: 0, count: Int(length))
    let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
      var cursor = buffer.baseAddress
      return i2d_ECDSA_SIG(signature, &cursor)
    }
    guard written == length else { throw DNSSECCrypto.failure("i2d_ECDSA_SIG") }
    return der
  }
}
