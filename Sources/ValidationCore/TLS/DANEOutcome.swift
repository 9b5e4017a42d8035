/// What OpenSSL's DANE verification decided for one TLS session.
public enum DANEOutcome: Sendable, Hashable {
  /// DANE was not tried: no usable records were given, or no TLS session came up.
  case notAttempted(NotAttemptedReason)
  /// A usable record authenticated the server: the record and the chain depth it matched
  /// (0 is the leaf; a depth equal to the served chain's length is a trust anchor given only in
  /// the TLSA record).
  case verified(record: TLSAData, depth: Int)
  /// No usable record authenticated the server; OpenSSL's verification error says why.
  case failed(reason: String)

  public enum NotAttemptedReason: Sendable, Hashable {
    case noUsableRecords
    case noTLSSession
  }

  public var isVerified: Bool {
    if case .verified = self { return true }
    return false
  }
}

/// How a probe's TLS session should be authenticated: the records OpenSSL's DANE gets and the
/// names DANE-TA(2) checks the certificate against (RFC 7672 §3.2.3).
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
}
