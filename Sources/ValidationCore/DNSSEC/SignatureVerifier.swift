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
      if case .unsupportedAlgorithm(let algorithm) = error {
        return .unsupportedAlgorithm(algorithm)
      }
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
        return .invalid(
          reason: "ECDSA signature of \(signature.count) octets, expected \(2 * half)")
      }
      encoded = derSignature(r: signature[..<half], s: signature[half...])
    default:
      encoded = signature
    }
    return digestVerify(encoded, data, key)
  }

  private static func digestVerify(_ signature: [UInt8], _ data: [UInt8], _ key: DNSKEYPublicKey)
    -> SignatureVerdict
  {
    let (result, error) = key.verification.verify(signature, data)
    if result == 1 { return .valid }
    if result == 0 { return .invalid(reason: "signature does not match") }
    return .invalid(
      reason: "signature could not be checked (\(error?.description ?? "unknown error"))")
  }

  /// DER `ECDSA-Sig-Value` (a SEQUENCE of two INTEGERs) from the raw r and s halves of an
  /// RFC 6605 §4 signature. Each integer drops its leading zero octets and gains one when its
  /// top bit is set (DER integers are signed). At most 2 × 49 + 6 octets: short length forms.
  static func derSignature(r: ArraySlice<UInt8>, s: ArraySlice<UInt8>) -> [UInt8] {
    func integer(_ half: ArraySlice<UInt8>) -> [UInt8] {
      var value = Array(half.drop { $0 == 0 })
      if value.isEmpty { value = [0] }
      if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
      return [0x02, UInt8(value.count)] + value
    }
    let body = integer(r) + integer(s)
    return [0x30, UInt8(body.count)] + body
  }
}
