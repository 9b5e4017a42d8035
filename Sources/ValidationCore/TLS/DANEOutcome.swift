/// What OpenSSL's DANE verification decided for one TLS session.
public enum DANEOutcome: Sendable, Hashable {
  /// DANE was not tried: no usable records were given (or no name to look them up at), or no
  /// TLS session came up.
  case notAttempted(NotAttemptedReason)
  /// A usable record authenticated the server: the record and the depth OpenSSL reports, in
  /// the chain it built (0 is the leaf). A `2 0 0` trust anchor that was not served sits one past
  /// the top of the chain; for a `2 1 0` bare key OpenSSL gives the depth of the certificate the
  /// key signed. `ProbeResult.daneAuthorityServedDepth` says where it was in the served chain.
  /// The probe then puts both one above the certificate the anchor signed, where danescope's
  /// matcher places a trust anchor that was not sent (`TLSAMatcher.Match.isAnchorNotSent`).
  case verified(record: TLSAData, depth: Int)
  /// No usable record authenticated the server; OpenSSL's verification error says why.
  case failed(reason: String)

  public enum NotAttemptedReason: Sendable, Hashable {
    case noUsableRecords
    /// No TLSA base domain was given (a bare address): no records were looked up at all.
    case noTLSAName
    case noTLSSession
  }

  public var isVerified: Bool {
    if case .verified = self { return true }
    return false
  }
}

/// How a probe's TLS session should be authenticated: the records OpenSSL's DANE gets and the
/// names DANE-TA(2) checks the certificate against (RFC 7672 §3.2.2).
public struct DANEConfiguration: Sendable, Hashable {
  /// Usable records only (the policy decides which are); usages 0 and 1 are never passed on.
  public var records: [TLSAData]
  /// The TLSA base domain first, then the other reference identifiers (the MX host name as in
  /// the MX record, the next-hop domain).
  public var referenceNames: [DNSName]

  public init(records: [TLSAData], referenceNames: [DNSName]) {
    self.records = records
    self.referenceNames = referenceNames
  }
}

extension DNSName {
  /// The name without its trailing dot, as SNI and X.509 name checks expect.
  var hostnameText: String {
    labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
  }

  /// The name as SNI and X.509 name checks take it, or nil when a label holds an octet a host
  /// name cannot have (anything but letters, digits, hyphen and underscore). Handed to OpenSSL
  /// as a C string, a NUL would cut the name short (`a\000b.example` would be checked as `a`),
  /// and an escaped dot would read as a label boundary: such a name can match no certificate.
  var tlsReferenceName: String? {
    let allowed: (UInt8) -> Bool = {
      (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
        || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
    }
    guard !isRoot, labels.allSatisfy({ $0.allSatisfy(allowed) }) else { return nil }
    return hostnameText
  }
}
