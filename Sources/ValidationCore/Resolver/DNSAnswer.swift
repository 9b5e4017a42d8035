/// What one query returned: the verdict, the rcode, the parsed message and where it came from.
///
/// A bogus or indeterminate answer is never data: `records(ofType:)` is empty for it. The raw
/// records stay reachable as evidence (`evidenceRecords`, `message`) so the chain engine can
/// explain the failure.
public struct DNSAnswer: Sendable {
  public let name: DNSName
  public let type: RRType
  /// Nil when no answer arrived (timeout, cancellation, resolver error).
  public let rcode: DNSRcode?
  public let status: SecurityStatus
  /// The answer packet as libunbound returned it, parsed: all sections, RRSIGs included;
  /// NSEC/NSEC3 proofs are in the authority section. Nil when no packet arrived or it did not
  /// parse (`packetError` says why).
  public let message: DNSMessage?
  public let packetError: String?
  public let extendedErrors: [ExtendedDNSError]
  public let elapsed: Duration
  /// The server named in libunbound's reason, when it names one.
  public let server: String?
  /// The final name after CNAMEs, as libunbound reports it.
  public let canonicalName: DNSName?

  public init(
    name: DNSName, type: RRType, rcode: DNSRcode?, status: SecurityStatus,
    message: DNSMessage?, packetError: String? = nil, extendedErrors: [ExtendedDNSError] = [],
    elapsed: Duration, server: String? = nil, canonicalName: DNSName? = nil
  ) {
    self.name = name
    self.type = type
    self.rcode = rcode
    self.status = status
    self.message = message
    self.packetError = packetError
    self.extendedErrors = extendedErrors
    self.elapsed = elapsed
    self.server = server
    self.canonicalName = canonicalName
  }

  /// An answer for a query that got none.
  public static func indeterminate(
    _ name: DNSName, _ type: RRType, reason: String, elapsed: Duration
  ) -> DNSAnswer {
    DNSAnswer(
      name: name, type: type, rcode: nil, status: .indeterminate(reason: reason), message: nil,
      elapsed: elapsed)
  }

  // MARK: Data (only for secure and insecure answers)

  /// The answer section's records of `type`, when the answer may be used as data; empty for a
  /// bogus or indeterminate answer, whatever it carried.
  public func records(ofType type: RRType) -> [ResourceRecord] {
    guard status.isUsable else { return [] }
    return evidenceRecords.filter { $0.type == type }
  }

  /// The answer section's RRSIGs covering `type`, under the same rule as `records(ofType:)`.
  public func rrsigs(covering type: RRType) -> [ResourceRecord] {
    guard status.isUsable else { return [] }
    return evidenceRRSIGs(covering: type)
  }

  /// The name does not exist (rcode NXDOMAIN), as a judged answer.
  public var isNXDOMAIN: Bool { status.isUsable && rcode == .nameError }

  /// The name exists but has no records of the type asked (NOERROR, nothing of that type and no
  /// CNAME leading elsewhere), as a judged answer.
  public var isNODATA: Bool {
    guard status.isUsable, rcode == .noError, let message else { return false }
    return !message.answers.contains { $0.type == type || $0.type == .cname || $0.type == .dname }
  }

  // MARK: Evidence (whatever the status)

  /// Every record of the answer section, whatever the status: for explaining, never for use.
  public var evidenceRecords: [ResourceRecord] { message?.answers ?? [] }

  /// The authority section (denial proofs, SOA, referrals), whatever the status.
  public var evidenceAuthority: [ResourceRecord] { message?.authority ?? [] }

  /// RRSIGs in the answer section covering `type`, whatever the status.
  public func evidenceRRSIGs(covering type: RRType) -> [ResourceRecord] {
    evidenceRecords.filter {
      if case .rrsig(let signature) = $0.rdata { return signature.typeCovered == type }
      return false
    }
  }
}
