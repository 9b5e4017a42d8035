import COpenSSL
import FoundationEssentials

/// Message digests fetched once: `EVP_sha256()` and friends fetch the implementation on every
/// use in OpenSSL 3, which costs more than hashing a small RRset.
enum DNSSECDigests {
  // nonisolated(unsafe): fetched once at first use, immutable after, freed never (process-long).
  nonisolated(unsafe) static let sha1 = EVP_MD_fetch(nil, "SHA1", nil)
  nonisolated(unsafe) static let sha256 = EVP_MD_fetch(nil, "SHA256", nil)
  nonisolated(unsafe) static let sha384 = EVP_MD_fetch(nil, "SHA384", nil)
  nonisolated(unsafe) static let sha512 = EVP_MD_fetch(nil, "SHA512", nil)

  /// The digest each algorithm signs with; nil for EdDSA, which hashes internally.
  static func digest(for algorithm: DNSSECAlgorithm) -> OpaquePointer? {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1: return sha1
    case .rsaSHA256, .ecdsaP256SHA256: return sha256
    case .ecdsaP384SHA384: return sha384
    case .rsaSHA512: return sha512
    default: return nil
    }
  }

  static func hash(_ data: [UInt8], with md: OpaquePointer) throws(DNSSECCryptoError) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    try DNSSECCrypto.check(EVP_Digest(data, data.count, &output, &length, md, nil), "EVP_Digest")
    return Array(output.prefix(Int(length)))
  }
}

/// A verification context made once per key and reused for every signature it checks, as
/// `openssl speed` does: RSA and ECDSA hash the input and call `EVP_PKEY_verify` on a prepared
/// `EVP_PKEY_CTX`; EdDSA calls the one-shot `EVP_DigestVerify` on a prepared `EVP_MD_CTX`. A
/// lock keeps one verification at a time per key (OpenSSL contexts are not shareable).
final class VerificationContext: @unchecked Sendable {
  // @unchecked: the contexts are only touched under `lock`.
  private let lock = Lock()
  private let pkeyContext: OpaquePointer?
  private let mdContext: OpaquePointer?
  private let digest: OpaquePointer?

  init(pkey: OpaquePointer, algorithm: DNSSECAlgorithm) throws(DNSSECCryptoError) {
    digest = DNSSECDigests.digest(for: algorithm)
    if let digest {
      let context = try DNSSECCrypto.check(
        EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil), "EVP_PKEY_CTX_new_from_pkey")
      do {
        try DNSSECCrypto.check(EVP_PKEY_verify_init(context), "EVP_PKEY_verify_init")
        try DNSSECCrypto.check(
          EVP_PKEY_CTX_set_signature_md(context, digest), "EVP_PKEY_CTX_set_signature_md")
        if algorithm.isRSA {
          try DNSSECCrypto.check(
            EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding"
          )
        }
      } catch {
        EVP_PKEY_CTX_free(context)
        throw error
      }
      pkeyContext = context
      mdContext = nil
    } else {
      let context = try DNSSECCrypto.check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
      guard EVP_DigestVerifyInit(context, nil, nil, nil, pkey) == 1 else {
        EVP_MD_CTX_free(context)
        throw DNSSECCrypto.failure("EVP_DigestVerifyInit")
      }
      mdContext = context
      pkeyContext = nil
    }
  }

  deinit {
    if let pkeyContext { EVP_PKEY_CTX_free(pkeyContext) }
    if let mdContext { EVP_MD_CTX_free(mdContext) }
  }

  /// 1 verified, 0 did not verify, negative: the input could not be checked.
  func verify(_ signature: [UInt8], _ data: [UInt8]) -> (result: Int32, error: DNSSECCryptoError?) {
    lock.lock()
    defer { lock.unlock() }
    if let pkeyContext, let digest {
      let hashed: [UInt8]
      do {
        hashed = try DNSSECDigests.hash(data, with: digest)
      } catch {
        return (-1, error)
      }
      let result = EVP_PKEY_verify(pkeyContext, signature, signature.count, hashed, hashed.count)
      return (result, result == 1 ? nil : DNSSECCrypto.failure("EVP_PKEY_verify"))
    }
    guard let mdContext else {
      return (-1, DNSSECCryptoError(call: "verify", detail: "no context"))
    }
    let result = EVP_DigestVerify(mdContext, signature, signature.count, data, data.count)
    return (result, result == 1 ? nil : DNSSECCrypto.failure("EVP_DigestVerify"))
  }
}
