import COpenSSL

/// Why a TLSA record cannot be used by an SMTP client (RFC 7672 §3.1, RFC 7671 §4 and §5).
public enum TLSAUnusableReason: Sendable, Hashable, CustomStringConvertible {
  /// PKIX-TA(0) or PKIX-EE(1): SMTP has no agreed set of public CAs, so these are unusable.
  case pkixUsage(TLSAUsage)
  case unknownUsage(TLSAUsage)
  case unknownSelector(TLSASelector)
  case unknownMatchingType(TLSAMatchingType)
  /// A digest of the wrong length (SHA2-256 must be 32 octets, SHA2-512 64).
  case wrongDigestLength(expected: Int, actual: Int)
  /// Matching type Full(0) with no data.
  case emptyData
  /// Matching type Full(0) whose data is not a DER certificate (selector 0) or public key
  /// (selector 1): nothing can ever match it.
  case malformedFullData(TLSASelector)

  public var description: String {
    switch self {
    case .pkixUsage(let usage):
      return "\(usage) is not usable for SMTP (RFC 7672 §3.1.3)"
    case .unknownUsage(let usage):
      return "certificate usage \(usage) is not one SMTP clients know"
    case .unknownSelector(let selector):
      return "selector \(selector) is not Cert(0) or SPKI(1)"
    case .unknownMatchingType(let type):
      return "matching type \(type) is not Full(0), SHA2-256(1) or SHA2-512(2)"
    case .wrongDigestLength(let expected, let actual):
      return "digest of \(actual) octets where \(expected) are needed"
    case .emptyData:
      return "no certificate association data"
    case .malformedFullData(let selector):
      return selector == .fullCertificate
        ? "the data is not a DER certificate" : "the data is not a DER public key"
    }
  }
}

/// A TLSA record with the policy's judgement of it.
public struct AssessedTLSARecord: Sendable, Hashable, CustomStringConvertible {
  public let record: TLSAData
  /// Why it is unusable, or nil when usable.
  public let unusableReason: TLSAUnusableReason?

  public init(_ record: TLSAData) {
    self.record = record
    unusableReason = Self.unusableReason(record)
  }

  public var isUsable: Bool { unusableReason == nil }

  /// `3 1 1 ab12…` in zone-file form, the data in lowercase hex.
  public var description: String { Self.presentation(record) }

  public static func presentation(_ record: TLSAData) -> String {
    let hex = record.data.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
    return
      "\(record.usage.rawValue) \(record.selector.rawValue) \(record.matchingType.rawValue) \(hex)"
  }

  /// RFC 7672 §3.1: usages 2 and 3 only; RFC 6698 §2.1: selectors 0 and 1, matching types 0, 1
  /// and 2, each digest its algorithm's length.
  static func unusableReason(_ record: TLSAData) -> TLSAUnusableReason? {
    switch record.usage {
    case .daneTA, .daneEE: break
    case .pkixTA, .pkixEE: return .pkixUsage(record.usage)
    case .privateUse, .unassigned: return .unknownUsage(record.usage)
    }
    switch record.selector {
    case .fullCertificate, .subjectPublicKeyInfo: break
    case .privateUse, .unassigned: return .unknownSelector(record.selector)
    }
    switch record.matchingType {
    case .full:
      if record.data.isEmpty { return .emptyData }
      if !isWellFormedDER(record.data, selector: record.selector) {
        return .malformedFullData(record.selector)
      }
    case .sha256, .sha512:
      let expected = record.matchingType.digestLength ?? 0
      if record.data.count != expected {
        return .wrongDigestLength(expected: expected, actual: record.data.count)
      }
    case .privateUse, .unassigned:
      return .unknownMatchingType(record.matchingType)
    }
    return nil
  }

  /// Whether OpenSSL reads the whole of `data` as a certificate or a SubjectPublicKeyInfo.
  static func isWellFormedDER(_ data: [UInt8], selector: TLSASelector) -> Bool {
    data.withUnsafeBufferPointer { buffer -> Bool in
      guard let base = buffer.baseAddress else { return false }
      // A failed parse leaves errors on this thread's OpenSSL queue; they are not the probe's.
      defer { ERR_clear_error() }
      var cursor: UnsafePointer<UInt8>? = base
      let length = buffer.count
      switch selector {
      case .fullCertificate:
        guard let certificate = d2i_X509(nil, &cursor, length) else { return false }
        X509_free(certificate)
      default:
        guard let key = d2i_PUBKEY(nil, &cursor, length) else { return false }
        EVP_PKEY_free(key)
      }
      return cursor == base + length
    }
  }
}
