import COpenSSL

/// Why a DNSKEY's public key field could not be turned into a key.
public enum DNSKEYKeyError: Error, Sendable, Hashable, CustomStringConvertible {
  case unsupportedAlgorithm(DNSSECAlgorithm)
  case malformed(algorithm: DNSSECAlgorithm, reason: String)
  case openSSL(DNSSECCryptoError)

  public var description: String {
    switch self {
    case .unsupportedAlgorithm(let algorithm): return "algorithm \(algorithm) is not supported"
    case .malformed(let algorithm, let reason):
      return "malformed \(algorithm) public key: \(reason)"
    case .openSSL(let error): return error.description
    }
  }
}

/// The public key of a DNSKEY, read into an OpenSSL `EVP_PKEY` once and reused for every
/// signature it checks. The key field formats:
/// - RSA (RFC 3110 §2): exponent length (1 octet, or 0 then 2 octets), exponent, modulus;
/// - ECDSA (RFC 6605 §4): the point's X and Y, 32 or 48 octets each, no prefix;
/// - Ed25519 / Ed448 (RFC 8080 §3): the raw 32- or 57-octet public key.
public final class DNSKEYPublicKey: @unchecked Sendable {
  // @unchecked: the EVP_PKEY is never changed after init; OpenSSL allows concurrent verifies
  // with one key.
  let pkey: OpaquePointer
  public let algorithm: DNSSECAlgorithm
  /// Key size in bits (RSA modulus size; 256 or 384 for ECDSA; 256 and 456 for EdDSA).
  public let bits: Int
  /// The reusable verification context for this key.
  let verification: VerificationContext

  public init(_ key: DNSKEYData) throws(DNSKEYKeyError) {
    algorithm = key.algorithm
    let made: OpaquePointer
    do {
      switch key.algorithm {
      case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512:
        made = try Self.makeRSA(key.publicKey, algorithm: key.algorithm)
      case .ecdsaP256SHA256:
        made = try Self.makeEC(key.publicKey, group: "prime256v1", coordinateLength: 32)
      case .ecdsaP384SHA384:
        made = try Self.makeEC(key.publicKey, group: "secp384r1", coordinateLength: 48)
      case .ed25519:
        made = try Self.makeRaw(key.publicKey, type: EVP_PKEY_ED25519, length: 32, key.algorithm)
      case .ed448:
        made = try Self.makeRaw(key.publicKey, type: EVP_PKEY_ED448, length: 57, key.algorithm)
      default:
        throw DNSKEYKeyError.unsupportedAlgorithm(key.algorithm)
      }
    } catch let error as DNSKEYKeyError {
      throw error
    } catch let error as DNSSECCryptoError {
      throw .openSSL(error)
    } catch {
      throw .malformed(algorithm: key.algorithm, reason: "\(error)")
    }
    pkey = made
    bits = Int(EVP_PKEY_get_bits(made))
    do {
      verification = try VerificationContext(pkey: made, algorithm: key.algorithm)
    } catch {
      EVP_PKEY_free(made)
      throw .openSSL(error)
    }
  }

  deinit { EVP_PKEY_free(pkey) }

  // MARK: RSA

  /// Splits an RFC 3110 key field into exponent and modulus.
  static func splitRSA(_ field: [UInt8], algorithm: DNSSECAlgorithm) throws(DNSKEYKeyError) -> (
    exponent: ArraySlice<UInt8>, modulus: ArraySlice<UInt8>
  ) {
    guard let first = field.first else {
      throw .malformed(algorithm: algorithm, reason: "empty key field")
    }
    // A zero first octet means the exponent length follows in two octets.
    var start = 1
    var exponentLength = Int(first)
    if first == 0 {
      guard field.count >= 3 else {
        throw .malformed(algorithm: algorithm, reason: "truncated exponent length")
      }
      exponentLength = Int(field[1]) << 8 | Int(field[2])
      start = 3
    }
    guard exponentLength > 0, field.count > start + exponentLength else {
      throw .malformed(
        algorithm: algorithm, reason: "exponent length \(exponentLength) leaves no modulus")
    }
    let exponent = field[start..<(start + exponentLength)]
    let modulus = field[(start + exponentLength)...]
    guard modulus.first != 0 else {
      throw .malformed(algorithm: algorithm, reason: "modulus has a leading zero octet")
    }
    return (exponent, modulus)
  }

  private static func makeRSA(_ field: [UInt8], algorithm: DNSSECAlgorithm) throws -> OpaquePointer
  {
    let (exponent, modulus) = try splitRSA(field, algorithm: algorithm)
    // RFC 3110 §2 bounds the modulus at 4096 bits; RFC 5702 §2 sets 512 as the minimum.
    guard (64...512).contains(modulus.count) else {
      throw DNSKEYKeyError.malformed(
        algorithm: algorithm, reason: "modulus of \(modulus.count * 8) bits is outside 512–4096")
    }
    let n = try DNSSECCrypto.check(
      modulus.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) },
      "BN_bin2bn")
    defer { BN_free(n) }
    let e = try DNSSECCrypto.check(
      exponent.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) },
      "BN_bin2bn")
    defer { BN_free(e) }
    return try makeFromData(type: "RSA") { builder throws(DNSSECCryptoError) in
      try DNSSECCrypto.check(
        OSSL_PARAM_BLD_push_BN(builder, cString("n"), n), "OSSL_PARAM_BLD_push_BN(n)")
      try DNSSECCrypto.check(
        OSSL_PARAM_BLD_push_BN(builder, cString("e"), e), "OSSL_PARAM_BLD_push_BN(e)")
    }
  }

  // MARK: ECDSA

  private static func makeEC(_ field: [UInt8], group: StaticString, coordinateLength: Int) throws
    -> OpaquePointer
  {
    let algorithm: DNSSECAlgorithm = coordinateLength == 32 ? .ecdsaP256SHA256 : .ecdsaP384SHA384
    guard field.count == 2 * coordinateLength else {
      throw DNSKEYKeyError.malformed(
        algorithm: algorithm,
        reason: "\(field.count) octets, expected \(2 * coordinateLength) (X and Y)")
    }
    // OpenSSL wants the uncompressed point form: 0x04, X, Y.
    let point: [UInt8] = [0x04] + field
    return try makeFromData(type: "EC") { builder throws(DNSSECCryptoError) in
      try DNSSECCrypto.check(
        OSSL_PARAM_BLD_push_utf8_string(builder, cString("group"), cString(group), 0),
        "OSSL_PARAM_BLD_push_utf8_string")
      try DNSSECCrypto.check(
        point.withUnsafeBytes {
          OSSL_PARAM_BLD_push_octet_string(builder, cString("pub"), $0.baseAddress, $0.count)
        },
        "OSSL_PARAM_BLD_push_octet_string")
    }
  }

  // MARK: EdDSA

  private static func makeRaw(
    _ field: [UInt8], type: Int32, length: Int, _ algorithm: DNSSECAlgorithm
  ) throws -> OpaquePointer {
    guard field.count == length else {
      throw DNSKEYKeyError.malformed(
        algorithm: algorithm, reason: "\(field.count) octets, expected \(length)")
    }
    return try DNSSECCrypto.check(
      EVP_PKEY_new_raw_public_key(type, nil, field, field.count), "EVP_PKEY_new_raw_public_key")
  }

  // MARK: Building from parameters

  /// OSSL_PARAM_BLD keeps the parameter-name pointers until `OSSL_PARAM_BLD_to_param`, so names
  /// must outlive the call: static strings do.
  private static func cString(_ text: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
  }

  /// Builds a public key of `type` ("RSA", "EC") from the parameters `fill` pushes.
  private static func makeFromData(
    type: String, _ fill: (OpaquePointer) throws(DNSSECCryptoError) -> Void
  ) throws(DNSSECCryptoError) -> OpaquePointer {
    let builder = try DNSSECCrypto.check(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new")
    defer { OSSL_PARAM_BLD_free(builder) }
    try fill(builder)
    let params = try DNSSECCrypto.check(OSSL_PARAM_BLD_to_param(builder), "OSSL_PARAM_BLD_to_param")
    defer { OSSL_PARAM_free(params) }
    let context = try DNSSECCrypto.check(
      EVP_PKEY_CTX_new_from_name(nil, type, nil), "EVP_PKEY_CTX_new_from_name")
    defer { EVP_PKEY_CTX_free(context) }
    try DNSSECCrypto.check(EVP_PKEY_fromdata_init(context), "EVP_PKEY_fromdata_init")
    var made: OpaquePointer?
    try DNSSECCrypto.check(
      EVP_PKEY_fromdata(context, &made, ds_EVP_PKEY_PUBLIC_KEY(), params), "EVP_PKEY_fromdata")
    return try DNSSECCrypto.check(made, "EVP_PKEY_fromdata")
  }
}
