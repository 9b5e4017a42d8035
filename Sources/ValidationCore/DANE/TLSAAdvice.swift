import FoundationEssentials

/// Advice on a host's TLSA set: things that work today but will break, or may (RFC 7671 §5, §8).
enum TLSAAdvice {
  /// A DANE-TA certificate expiring within this many days gets the near-expiry advice.
  static let nearExpiryDays = 30
  /// Octets above which a TLSA answer may not fit a common EDNS buffer (the 2020 DNS flag day
  /// size) and needs TCP.
  static let largeAnswerOctets = 1232

  static func findings(for host: HostReport, clock: any Clock) -> [Finding] {
    guard case .records(let base, let records) = host.tlsa else { return [] }
    let owner = TLSAResolution.owner(of: base)
    let subject = owner.description
    let usable = records.filter(\.isUsable)
    var findings: [Finding] = []
    if usable.count == 1 {
      findings.append(Finding(FindingCode("TLSA_SINGLE_RECORD"), subject: subject))
    }
    for record in usable
    where record.record.usage == .daneEE && record.record.selector == .fullCertificate {
      findings.append(
        Finding(
          FindingCode("TLSA_FULL_CERTIFICATE_EE"), subject: subject,
          evidence: [Evidence("record", record.description)]))
    }
    findings += nearExpiry(host, subject: subject, clock: clock)
    let octets = answerOctets(owner: owner, records: records.map(\.record))
    if octets > largeAnswerOctets {
      findings.append(
        Finding(
          FindingCode("TLSA_SET_TOO_LARGE"), subject: subject,
          evidence: [Evidence("count", String(records.count)), Evidence("octets", String(octets))]))
    }
    return findings
  }

  /// A DANE-TA record matched (by OpenSSL or the matcher) at a depth whose certificate expires
  /// within `nearExpiryDays`: once that CA certificate changes, the record stops matching.
  static func nearExpiry(_ host: HostReport, subject: String, clock: any Clock) -> [Finding] {
    let limit = clock.now.addingTimeInterval(TimeInterval(nearExpiryDays) * 86_400)
    var reported: Set<TLSAData> = []
    var findings: [Finding] = []
    for observation in host.probes.compactMap(\.observation) {
      for match in observation.matcherMatches
      where match.record.usage == .daneTA && match.depth > 0 && !reported.contains(match.record) {
        guard let certificate = observation.chain.first(where: { $0.depth == match.depth }),
          let notAfter = certificate.notAfter, notAfter <= limit
        else { continue }
        reported.insert(match.record)
        findings.append(
          Finding(
            FindingCode("TLSA_TA_NEAR_EXPIRY"), subject: subject,
            evidence: [
              Evidence("record", AssessedTLSARecord.presentation(match.record)),
              Evidence("notAfter", UTCTimestamp.text(notAfter)),
            ]))
      }
    }
    return findings
  }

  /// The size of a DNS response carrying the set: header, question and one answer record per
  /// TLSA record, the owner name uncompressed in the question and compressed (2 octets) after.
  static func answerOctets(owner: DNSName, records: [TLSAData]) -> Int {
    let header = 12
    let question = owner.wireLength + 4
    let perRecord = records.reduce(0) { $0 + 2 + 10 + 3 + $1.data.count }
    return header + question + perRecord
  }
}
