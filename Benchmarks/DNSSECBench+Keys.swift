import COpenSSL
import ValidationCore

/// Throwaway keys for the benchmark: generated with OpenSSL, signing in the DNSSEC wire forms
/// (RSA PKCS #1 v1.5, ECDSA r || s, EdDSA raw), public keys in DNSKEY form.
enum BenchKeys {
  static func generate(_ algorithm: DNSSECAlgorithm) -> OpaquePointer? {
    let type: String
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512: type = "RSA"
    case .ecdsaP256SHA256, .ecdsaP384SHA384: type = "EC"
    case .ed25519: type = "ED25519"
    case .ed448: type = "ED448"
    default: return nil
    }
    guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { return nil }
    defer { EVP_PKEY_CTX_free(context) }
    guard EVP_PKEY_keygen_init(context) == 1 else { return nil }
    switch algorithm {
    case .ecdsaP256SHA256:
      guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else { return nil }
    case .ecdsaP384SHA384:
      guard EVP_PKEY_CTX_set_group_name(context, "P-384") == 1 else { return nil }
    case .ed25519, .ed448:
      break
    default:
      guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1 else { return nil }
    }
    var key: OpaquePointer?
    guard EVP_PKEY_generate(context, &key) == 1 else { return nil }
    return key
  }

  static func digest(_ algorithm: DNSSECAlgorithm) -> OpaquePointer? {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1: return EVP_sha1()
    case .rsaSHA256, .ecdsaP256SHA256: return EVP_sha256()
    case .ecdsaP384SHA384: return EVP_sha384()
    case .rsaSHA512: return EVP_sha512()
    default: return nil
    }
  }

  static func sign(_ data: [UInt8], with key: OpaquePointer, algorithm: DNSSECAlgorithm) -> [UInt8]?
  {
    guard let context = EVP_MD_CTX_new() else { return nil }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, digest(algorithm), nil, key) == 1 else { return nil }
    var length = 0
    guard EVP_DigestSign(context, nil, &length, data, data.count) == 1 else { return nil }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { return nil }
    signature = Array(signature.prefix(length))
    switch algorithm {
    case .ecdsaP256SHA256: return rawECDSA(signature, half: 32)
    case .ecdsaP384SHA384: return rawECDSA(signature, half: 48)
    default: return signature
    }
  }

  /// DER ECDSA-Sig-Value to r || s, each padded to the curve size.
  static func rawECDSA(_ der: [UInt8], half: Int) -> [UInt8]? {
    var cursor: UnsafePointer<UInt8>? = nil
    let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
      cursor = buffer.baseAddress
      return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
    }
    guard let parsed else { return nil }
    defer { ECDSA_SIG_free(parsed) }
    var r = [UInt8](repeating: 0, count: half)
    var s = [UInt8](repeating: 0, count: half)
    guard BN_bn2binpad(ECDSA_SIG_get0_r(parsed), &r, Int32(half)) == half,
      BN_bn2binpad(ECDSA_SIG_get0_s(parsed), &s, Int32(half)) == half
    else { return nil }
    return r + s
  }

  /// The public key as a DNSKEY public key field.
  static func dnskeyField(_ key: OpaquePointer, algorithm: DNSSECAlgorithm) -> [UInt8]? {
    switch algorithm {
    case .ecdsaP256SHA256, .ecdsaP384SHA384:
      var point = [UInt8](repeating: 0, count: 133)
      var length = 0
      guard EVP_PKEY_get_octet_string_param(key, "pub", &point, point.count, &length) == 1,
        length > 1
      else { return nil }
      return Array(point[1..<length])
    case .ed25519, .ed448:
      var length = 0
      guard EVP_PKEY_get_raw_public_key(key, nil, &length) == 1 else { return nil }
      var raw = [UInt8](repeating: 0, count: length)
      guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else { return nil }
      return raw
    default:
      return rsaField(key)
    }
  }

  private static func rsaField(_ key: OpaquePointer) -> [UInt8]? {
    var n: OpaquePointer?
    var e: OpaquePointer?
    guard EVP_PKEY_get_bn_param(key, "n", &n) == 1, EVP_PKEY_get_bn_param(key, "e", &e) == 1,
      let n, let e
    else { return nil }
    defer {
      BN_free(n)
      BN_free(e)
    }
    func bytes(_ number: OpaquePointer) -> [UInt8] {
      var out = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
      _ = BN_bn2bin(number, &out)
      return out
    }
    let exponent = bytes(e)
    return [UInt8(exponent.count)] + exponent + bytes(n)
  }
}
