/// What RFC 8624 says about signing with an algorithm or publishing a digest type, and whether
/// danescope's engine can check it at all.
public enum AlgorithmRecommendation: Sendable, Hashable, CustomStringConvertible {
  /// MUST or RECOMMENDED for signing.
  case recommended
  /// MAY: fine, though not everybody validates it.
  case optional
  /// NOT RECOMMENDED for signing (RSASHA1, RSASHA1-NSEC3-SHA1, RSASHA512).
  case deprecated
  /// MUST NOT be used (RSAMD5, DSA, GOST, SHA-1 and GOST DS digests).
  case prohibited
  /// Not in RFC 8624's tables (unassigned or private numbers).
  case unknown

  public var description: String {
    switch self {
    case .recommended: return "recommended"
    case .optional: return "optional"
    case .deprecated: return "deprecated"
    case .prohibited: return "prohibited"
    case .unknown: return "unknown"
    }
  }
}

extension DNSSECAlgorithm {
  /// True when the engine verifies this algorithm through OpenSSL. Anything else makes the
  /// zone insecure, not bogus (RFC 4035 §5.2).
  public var isSupportedByEngine: Bool {
    switch self {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512, .ecdsaP256SHA256, .ecdsaP384SHA384,
      .ed25519, .ed448:
      return true
    case .rsaMD5, .dsa, .dsaNSEC3SHA1, .eccGOST, .unassigned:
      return false
    }
  }

  /// RFC 8624 §3.1, the "DNSSEC Signing" column.
  public var signingRecommendation: AlgorithmRecommendation {
    switch self {
    case .rsaSHA256, .ecdsaP256SHA256, .ed25519: return .recommended
    case .ecdsaP384SHA384, .ed448: return .optional
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA512: return .deprecated
    case .rsaMD5, .dsa, .dsaNSEC3SHA1, .eccGOST: return .prohibited
    case .unassigned: return .unknown
    }
  }

  /// True for the RSA family, whose key size varies.
  public var isRSA: Bool {
    switch self {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512, .rsaMD5: return true
    default: return false
    }
  }
}

extension DSDigestType {
  /// True when the engine computes this digest through OpenSSL.
  public var isSupportedByEngine: Bool {
    switch self {
    case .sha1, .sha256, .sha384: return true
    case .gostR341194, .unassigned: return false
    }
  }

  /// RFC 8624 §3.3, the "DNSSEC Delegation" column.
  public var delegationRecommendation: AlgorithmRecommendation {
    switch self {
    case .sha256: return .recommended
    case .sha384: return .optional
    case .sha1, .gostR341194: return .prohibited
    case .unassigned: return .unknown
    }
  }
}
