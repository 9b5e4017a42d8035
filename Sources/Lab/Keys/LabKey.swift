import COpenSSL
import FoundationEssentials
import ValidationCore

/// A DNSSEC signing key of the lab: an OpenSSL private key, the algorithm it signs for and the
/// DNSKEY flags it is published with. It owns the `EVP_PKEY` and frees it.
public final class LabKey: @unchecked Sendable {
  // @unchecked: the EVP_PKEY is never mutated after creation, and OpenSSL 3 allows concurrent
  // signing with one key from several threads (each call makes its own EVP_MD_CTX).
  let pkey: OpaquePointer
  public let algorithm: DNSSECAlgorithm
  public let flags: UInt16

  init(pkey: OpaquePointer, algorithm: DNSSECAlgorithm, flags: UInt16) {
    self.pkey = pkey
    self.algorithm = algorithm
    self.flags = flags
  }

  deinit { EVP_PKEY_free(pkey) }

  /// The same private key published with other flags (a KSK made from a cached ZSK, say).
  public func withFlags(_ flags: UInt16) -> LabKey {
    EVP_PKEY_up_ref(pkey)
    return LabKey(pkey: pkey, algorithm: algorithm, flags: flags)
  }

  /// Generates a fresh key for `algorithm` with OpenSSL.
  public static func generate(_ algorithm: DNSSECAlgorithm, flags: UInt16) throws(LabError)
    -> LabKey
  {
    let spec = try KeySpec(algorithm)
    guard let ctx = EVP_PKEY_CTX_new_from_name(nil, spec.keyType, nil) else {
      throw .openSSL("EVP_PKEY_CTX_new_from_name(\(spec.keyType))")
    }
    defer { EVP_PKEY_CTX_free(ctx) }
    guard EVP_PKEY_keygen_init(ctx) == 1 else { throw .openSSL("EVP_PKEY_keygen_init") }
    if let bits = spec.rsaBits, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) != 1 {
      throw .openSSL("EVP_PKEY_CTX_set_rsa_keygen_bits")
    }
    if let group = spec.curve, EVP_PKEY_CTX_set_group_name(ctx, group) != 1 {
      throw .openSSL("EVP_PKEY_CTX_set_group_name(\(group))")
    }
    var key: OpaquePointer?
    guard EVP_PKEY_generate(ctx, &key) == 1, let key else {
      throw .openSSL("EVP_PKEY_generate for \(algorithm)")
    }
    return LabKey(pkey: key, algorithm: algorithm, flags: flags)
  }

  /// Reads a PEM private key (the per-user cache) for `algorithm`.
  public static func load(pem: String, algorithm: DNSSECAlgorithm, flags: UInt16)
    throws(LabError) -> LabKey
  {
    // BIO_new_mem_buf does not copy: the PEM is read while the buffer is known to be alive.
    let bytes = Array(pem.utf8)
    let parsed: OpaquePointer? = bytes.withUnsafeBytes { buffer in
      guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
      defer { BIO_free(bio) }
      return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
    }
    guard let key = parsed else { throw .badCachedKey("not a PEM private key") }
    let lab = LabKey(pkey: key, algorithm: algorithm, flags: flags)
    let expected = try KeySpec(algorithm).keyType
    guard EVP_PKEY_is_a(key, expected) == 1 else {
      throw .badCachedKey("the cached key is not a \(expected) key")
    }
    return lab
  }

  /// The private key as unencrypted PKCS#8 PEM (for the per-user cache only).
  public func pem() throws(LabError) -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL("BIO_new") }
    defer { BIO_free(bio) }
    guard PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1 else {
      throw .openSSL("PEM_write_bio_PrivateKey")
    }
    return LabOpenSSL.string(from: bio)
  }

  // MARK: DNSKEY

  /// The DNSKEY record data for this key.
  public var dnskey: DNSKEYData {
    get throws(LabError) {
      DNSKEYData(flags: flags, algorithm: algorithm, publicKey: try publicKeyField())
    }
  }

  /// The DNSKEY public-key field: RFC 3110 §2 for RSA (exponent length, exponent, modulus),
  /// RFC 6605 §4 for ECDSA (X then Y, no point-format octet), RFC 8080 §3 for EdDSA (the raw key).
  func publicKeyField() throws(LabError) -> [UInt8] {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512:
      let exponent = try bigNumber(OSSL_PKEY_PARAM_RSA_E)
      let modulus = try bigNumber(OSSL_PKEY_PARAM_RSA_N)
      var field: [UInt8] = []
      if exponent.count <= 255 {
        field.append(UInt8(exponent.count))
      } else {
        field += [0, UInt8(exponent.count >> 8), UInt8(exponent.count & 0xFF)]
      }
      return field + exponent + modulus
    case .ecdsaP256SHA256, .ecdsaP384SHA384:
      var length = 0
      var buffer = [UInt8](repeating: 0, count: 133)
      guard
        EVP_PKEY_get_octet_string_param(
          pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &buffer, buffer.count, &length) == 1,
        length > 1, buffer[0] == 0x04
      else { throw .openSSL("EVP_PKEY_get_octet_string_param(encoded-pub-key)") }
      return Array(buffer[1..<length])
    case .ed25519, .ed448:
      var length = 0
      guard EVP_PKEY_get_raw_public_key(pkey, nil, &length) == 1 else {
        throw .openSSL("EVP_PKEY_get_raw_public_key")
      }
      var buffer = [UInt8](repeating: 0, count: length)
      guard EVP_PKEY_get_raw_public_key(pkey, &buffer, &length) == 1 else {
        throw .openSSL("EVP_PKEY_get_raw_public_key")
      }
      return Array(buffer[0..<length])
    default:
      throw .unsupportedAlgorithm(algorithm)
    }
  }

  private func bigNumber(_ name: String) throws(LabError) -> [UInt8] {
    var number: OpaquePointer?
    guard EVP_PKEY_get_bn_param(pkey, name, &number) == 1, let number else {
      throw .openSSL("EVP_PKEY_get_bn_param(\(name))")
    }
    defer { BN_free(number) }
    var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
    BN_bn2bin(number, &bytes)
    return bytes
  }

  // MARK: Signing

  /// Signs `data` the way the algorithm's RFC says: RSA PKCS#1 v1.5 with SHA-1 (RFC 3110, for
  /// the benchmark's old algorithms), SHA-256 or SHA-512 (RFC 5702), ECDSA with SHA-256 or SHA-384 as raw r‖s (RFC 6605 §4), EdDSA over the data
  /// itself with no digest (RFC 8080 §4).
  public func sign(_ data: [UInt8]) throws(LabError) -> [UInt8] {
    let spec = try KeySpec(algorithm)
    guard let context = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, spec.digest(), nil, pkey) == 1 else {
      throw .openSSL("EVP_DigestSignInit for \(algorithm)")
    }
    var length = 0
    guard EVP_DigestSign(context, nil, &length, data, data.count) == 1 else {
      throw .openSSL("EVP_DigestSign (length)")
    }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else {
      throw .openSSL("EVP_DigestSign for \(algorithm)")
    }
    signature.removeSubrange(length...)
    if let size = spec.ecdsaCoordinateSize {
      return try Self.rawECDSASignature(fromDER: signature, coordinateSize: size)
    }
    return signature
  }

  /// OpenSSL writes ECDSA signatures as DER `SEQUENCE { r, s }`; DNSSEC wants r and s as
  /// fixed-size big-endian integers, one after the other.
  static func rawECDSASignature(fromDER der: [UInt8], coordinateSize: Int) throws(LabError)
    -> [UInt8]
  {
    let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
    }
    guard let signature = parsed else { throw .openSSL("d2i_ECDSA_SIG") }
    defer { ECDSA_SIG_free(signature) }
    var out = [UInt8](repeating: 0, count: 2 * coordinateSize)
    let r = ECDSA_SIG_get0_r(signature)
    let s = ECDSA_SIG_get0_s(signature)
    let written = out.withUnsafeMutableBufferPointer { buffer in
      BN_bn2binpad(r, buffer.baseAddress, Int32(coordinateSize))
        + BN_bn2binpad(s, buffer.baseAddress! + coordinateSize, Int32(coordinateSize))
    }
    guard written == Int32(2 * coordinateSize) else { throw .openSSL("BN_bn2binpad") }
    return out
  }
}

/// How OpenSSL names and parameterises the key type of each DNSSEC algorithm.
struct KeySpec {
  let keyType: String
  let rsaBits: Int32?
  let curve: String?
  let digestName: String?
  let ecdsaCoordinateSize: Int?

  init(_ algorithm: DNSSECAlgorithm) throws(LabError) {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1: self.init("RSA", rsaBits: 2048, digest: "SHA1")
    case .rsaSHA256: self.init("RSA", rsaBits: 2048, digest: "SHA256")
    case .rsaSHA512: self.init("RSA", rsaBits: 2048, digest: "SHA512")
    case .ecdsaP256SHA256: self.init("EC", curve: "P-256", digest: "SHA256", size: 32)
    case .ecdsaP384SHA384: self.init("EC", curve: "P-384", digest: "SHA384", size: 48)
    case .ed25519: self.init("ED25519")
    case .ed448: self.init("ED448")
    default: throw .unsupportedAlgorithm(algorithm)
    }
  }

  private init(
    _ keyType: String, rsaBits: Int32? = nil, curve: String? = nil, digest: String? = nil,
    size: Int? = nil
  ) {
    self.keyType = keyType
    self.rsaBits = rsaBits
    self.curve = curve
    self.digestName = digest
    self.ecdsaCoordinateSize = size
  }

  /// The message digest to sign with; nil (no digest) for EdDSA.
  func digest() -> OpaquePointer? {
    digestName.flatMap { EVP_get_digestbyname($0) }
  }
}
