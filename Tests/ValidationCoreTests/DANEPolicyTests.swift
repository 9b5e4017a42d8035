import Foundation
import ValidationCore
import XCTest

/// The RFC 7672 / RFC 7505 / RFC 5321 rules for MX, addresses and TLSA, on hand-built answers.
/// Each expectation cites the rule it comes from.
final class DANEPolicyTests: XCTestCase {
  typealias T = DANETestAnswers
  let domain = T.name("example.org.")

  // MARK: MX (RFC 7672 §2.2.1, RFC 5321 §5.1, RFC 7505)

  func testMXHostsAreOrderedByPreferenceAndDeduplicated() {
    let lookup = RRsetLookup(
      name: domain, type: .mx, security: .secure,
      records: [
        T.mx(20, "b.example.org."), T.mx(10, "c.example.org."), T.mx(10, "a.example.org."),
        T.mx(30, "a.example.org."),
      ].map { ResourceRecord(name: domain, ttl: 60, rdata: $0) })
    let resolution = MXResolution.from(lookup, domain: domain)
    XCTAssertEqual(
      resolution.targets.map(\.name),
      ["a.example.org.", "c.example.org.", "b.example.org."].map(T.name))
    XCTAssertEqual(resolution.targets.map(\.preference), [10, 10, 20])
  }

  func testNoMXRecordsMeansTheDomainItselfAtPreferenceZero() {
    let lookup = RRsetLookup(name: domain, type: .mx, security: .secure)
    XCTAssertEqual(
      MXResolution.from(lookup, domain: domain),
      .hosts([MXTarget(name: domain, preference: 0, isImplicit: true)], nullMXIgnored: false))
  }

  func testNullMXAloneMeansNoMail() {
    let lookup = RRsetLookup(
      name: domain, type: .mx, security: .secure,
      records: [ResourceRecord(name: domain, ttl: 60, rdata: T.mx(0, "."))])
    XCTAssertEqual(MXResolution.from(lookup, domain: domain), .nullMX)
  }

  func testNullMXBesideRealHostsIsIgnoredAndReported() {
    let lookup = RRsetLookup(
      name: domain, type: .mx, security: .secure,
      records: [T.mx(0, "."), T.mx(10, "mx.example.org.")].map {
        ResourceRecord(name: domain, ttl: 60, rdata: $0)
      })
    XCTAssertEqual(
      MXResolution.from(lookup, domain: domain),
      .hosts([MXTarget(name: T.name("mx.example.org."), preference: 10)], nullMXIgnored: true))
  }

  func testNXDOMAINIsNoSuchDomainNotImplicitMX() {
    let lookup = RRsetLookup(name: domain, type: .mx, security: .secure, isNXDOMAIN: true)
    XCTAssertEqual(MXResolution.from(lookup, domain: domain), .noSuchDomain)
  }

  func testBogusOrFailedMXIsAFailureEvenWithRecords() {
    for security in [
      RRsetLookup.Security.bogus(reason: "signature expired"),
      .indeterminate(reason: "SERVFAIL"),
    ] {
      let lookup = RRsetLookup(
        name: domain, type: .mx, security: security,
        records: [ResourceRecord(name: domain, ttl: 60, rdata: T.mx(10, "mx.example.org."))])
      XCTAssertEqual(MXResolution.from(lookup, domain: domain), .failed(security))
      XCTAssertTrue(lookup.records.isEmpty, "bogus data must not reach the policy")
    }
  }

  // MARK: Addresses and the TLSA base domain (RFC 7672 §2.2.2, §2.2.3; RFC 7671 §7)

  func testTLSAIsLookedUpOnlyWhenTheAddressesAreSecure() {
    let host = T.name("mx.example.org.")
    let secure = RRsetLookup(
      name: host, type: .a, security: .secure,
      records: [ResourceRecord(name: host, ttl: 60, rdata: T.a("192.0.2.1"))])
    let insecureEmpty = RRsetLookup(name: host, type: .aaaa, security: .insecure)
    let secureEmpty = RRsetLookup(name: host, type: .aaaa, security: .secure)
    XCTAssertEqual(
      HostAddresses(host: host, ipv4: secure, ipv6: secureEmpty).tlsaBaseDomains, [host])
    XCTAssertNil(HostAddresses(host: host, ipv4: secure, ipv6: insecureEmpty).tlsaBaseDomains)
    let bogus = RRsetLookup(name: host, type: .aaaa, security: .bogus(reason: "x"))
    let addresses = HostAddresses(host: host, ipv4: secure, ipv6: bogus)
    XCTAssertNil(addresses.tlsaBaseDomains)
    XCTAssertEqual(addresses.security, .bogus(reason: "x"))
  }

  func testSecureCNAMEGivesTheExpandedNameFirstThenTheOriginal() {
    let answers = T()
    answers.set(
      "mx.example.org.", .a, .secure, [T.a("192.0.2.1")],
      cname: [("mx.example.org.", "smtp.provider.net.")])
    let ipv4 = RRsetLookup(
      name: T.name("mx.example.org."), type: .a, security: .secure,
      records: [
        ResourceRecord(
          name: T.name("mx.example.org."), ttl: 60, rdata: .cname(T.name("smtp.provider.net."))),
        ResourceRecord(name: T.name("smtp.provider.net."), ttl: 60, rdata: T.a("192.0.2.1")),
      ])
    let ipv6 = RRsetLookup(name: T.name("mx.example.org."), type: .aaaa, security: .secure)
    let addresses = HostAddresses(host: T.name("mx.example.org."), ipv4: ipv4, ipv6: ipv6)
    XCTAssertEqual(addresses.expandedName, T.name("smtp.provider.net."))
    XCTAssertEqual(
      addresses.tlsaBaseDomains, [T.name("smtp.provider.net."), T.name("mx.example.org.")])
  }

  /// mx.example.org. is a CNAME (with the given status) to smtp.unsigned.net., whose A and AAAA
  /// answers are insecure.
  func aliasOfUnsignedHost(cname: RRsetLookup.Security) -> T {
    let answers = T()
    let alias = [("mx.example.org.", "smtp.unsigned.net.")]
    answers.set("mx.example.org.", .a, .insecure, [T.a("192.0.2.1")], cname: alias)
    answers.set("mx.example.org.", .aaaa, .insecure, cname: alias)
    answers.set("mx.example.org.", .cname, cname, cname: alias)
    return answers
  }

  /// RFC 7672 §2.2.2, "Insecure CNAME": the MX name is a secure CNAME, the addresses it leads
  /// to are insecure. TLSA is then looked up at the original name alone, never at the target.
  func testInsecureAddressesBehindASecureCNAMELookTLSAUpAtTheOriginalNameOnly() async {
    let answers = aliasOfUnsignedHost(cname: .secure)
    let record = T.tlsa(3, 1, 1, length: 32)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(record)])
    let host = await DANECheck.resolveHost(
      MXTarget(name: T.name("mx.example.org."), preference: 10), lookup: answers.lookup)
    XCTAssertEqual(host.addresses.security, .insecure)
    XCTAssertTrue(host.addresses.isSecureAliasOfInsecureAddresses)
    XCTAssertEqual(host.addresses.tlsaBaseDomains, [T.name("mx.example.org.")])
    XCTAssertEqual(host.tlsa.usableRecords, [record])
    XCTAssertEqual(host.tlsa.tlsPolicy, .daneAuthenticated)
    XCTAssertFalse(answers.wasAsked("_25._tcp.smtp.unsigned.net.", .tlsa))
  }

  /// The records of a TLSA set come in RDATA order (RFC 4034 §6.3) whatever order the answer
  /// gave them in, so that the findings about them do too (the lab's pkix-only and rollover
  /// sets came rotated from one lookup to the next).
  func testTLSARecordsAreInRDATAOrderNotAnswerOrder() async {
    let answers = T()
    answers.set("mx.example.org.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .secure)
    let later = T.tlsa(3, 1, 1, length: 32, fill: 0xCD)
    let earlier = T.tlsa(3, 1, 1, length: 32, fill: 0x01)
    let pkixEE = T.tlsa(1, 1, 1, length: 32, fill: 0xFF)
    let pkixTA = T.tlsa(0, 0, 1, length: 32, fill: 0xFF)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure,
      [later, pkixEE, earlier, pkixTA].map { .tlsa($0) })
    let host = await DANECheck.resolveHost(
      MXTarget(name: T.name("mx.example.org."), preference: 10), lookup: answers.lookup)
    guard case .records(_, let records) = host.tlsa else {
      return XCTFail("expected records, got \(host.tlsa)")
    }
    XCTAssertEqual(records.map(\.record), [pkixTA, pkixEE, earlier, later])
  }

  /// The same, with the CNAME itself insecure: DANE does not apply, and no TLSA is asked for.
  func testInsecureAddressesBehindAnInsecureCNAMEAreNotDANE() async {
    let answers = aliasOfUnsignedHost(cname: .insecure)
    let host = await DANECheck.resolveHost(
      MXTarget(name: T.name("mx.example.org."), preference: 10), lookup: answers.lookup)
    XCTAssertNil(host.addresses.tlsaBaseDomains)
    XCTAssertEqual(host.tlsa, .notQueried(addressSecurity: .insecure))
    XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
    XCTAssertFalse(answers.wasAsked("_25._tcp.smtp.unsigned.net.", .tlsa))
  }

  /// The CNAME question itself fails (bogus, or no answer): never "no alias", which would let a
  /// forged answer to that one question turn DANE off. The host is deferred (RFC 7672 §2.1.1).
  func testAFailedCNAMELookupDefersTheHost() async {
    for failure: RRsetLookup.Security in [
      .bogus(reason: "signature crypto failed"), .indeterminate(reason: "timeout"),
    ] {
      let answers = aliasOfUnsignedHost(cname: failure)
      let host = await DANECheck.resolveHost(
        MXTarget(name: T.name("mx.example.org."), preference: 10), lookup: answers.lookup)
      XCTAssertEqual(host.addresses.security, failure)
      XCTAssertEqual(host.tlsa.tlsPolicy, .deferred, "\(failure)")
      XCTAssertNotNil(host.deferralFinding, "\(failure)")
      XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
      XCTAssertFalse(answers.wasAsked("_25._tcp.smtp.unsigned.net.", .tlsa))
    }
  }

  /// Insecure addresses with no alias: nothing more is asked (no CNAME, no TLSA).
  func testInsecureAddressesWithoutAnAliasAskNothingMore() async {
    let answers = T()
    answers.set("mx.example.org.", .a, .insecure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .insecure)
    let host = await DANECheck.resolveHost(
      MXTarget(name: T.name("mx.example.org."), preference: 10), lookup: answers.lookup)
    XCTAssertEqual(host.tlsa, .notQueried(addressSecurity: .insecure))
    XCTAssertFalse(answers.wasAsked("mx.example.org.", .cname))
    XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
  }

  func testTLSAAtTheExpandedNameWinsAndTheOriginalIsNotAsked() async {
    let answers = T()
    let record = T.tlsa(3, 1, 1, length: 32)
    answers.set("_25._tcp.smtp.provider.net.", .tlsa, .secure, [.tlsa(record)])
    let (resolution, attempts) = await TLSAResolution.resolve(
      candidates: [T.name("smtp.provider.net."), T.name("mx.example.org.")], lookup: answers.lookup)
    XCTAssertEqual(
      resolution, .records(baseDomain: T.name("smtp.provider.net."), [AssessedTLSARecord(record)]))
    XCTAssertEqual(attempts.count, 1)
    XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
  }

  func testSecureDenialAtTheExpandedNameFallsBackToTheOriginalName() async {
    let answers = T()
    let record = T.tlsa(3, 1, 1, length: 32)
    answers.set("_25._tcp.smtp.provider.net.", .tlsa, .secure, nxdomain: true)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(record)])
    let (resolution, attempts) = await TLSAResolution.resolve(
      candidates: [T.name("smtp.provider.net."), T.name("mx.example.org.")], lookup: answers.lookup)
    XCTAssertEqual(resolution.baseDomain, T.name("mx.example.org."))
    XCTAssertEqual(resolution.usableRecords, [record])
    XCTAssertEqual(attempts.count, 2)
  }

  func testFailedTLSALookupAtTheExpandedNameDefersAndDoesNotFallBack() async {
    let answers = T()
    answers.set("_25._tcp.smtp.provider.net.", .tlsa, .indeterminate(reason: "SERVFAIL"))
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(T.tlsa(3, 1, 1, length: 32))])
    let (resolution, _) = await TLSAResolution.resolve(
      candidates: [T.name("smtp.provider.net."), T.name("mx.example.org.")], lookup: answers.lookup)
    XCTAssertEqual(resolution.tlsPolicy, .deferred)
    XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
  }

  func testBogusOrServfailTLSAIsNeverNoTLSA() async {
    for security in [
      RRsetLookup.Security.bogus(reason: "bad sig"), .indeterminate(reason: "SERVFAIL"),
    ] {
      let answers = T()
      answers.set("_25._tcp.mx.example.org.", .tlsa, security)
      let (resolution, _) = await TLSAResolution.resolve(
        candidates: [T.name("mx.example.org.")], lookup: answers.lookup)
      XCTAssertEqual(resolution, .failed(baseDomain: T.name("mx.example.org."), security))
      XCTAssertEqual(resolution.tlsPolicy, .deferred)
    }
  }

  func testTLSAPolicyFromTheRecordSet() async {
    let cases: [(RRsetLookup.Security, [TLSAData], Bool, TLSPolicy)] = [
      (.secure, [T.tlsa(3, 1, 1, length: 32)], false, .daneAuthenticated),
      (
        .secure, [T.tlsa(1, 1, 1, length: 32), T.tlsa(0, 0, 1, length: 32)], false,
        .mandatoryUnauthenticated
      ),
      (
        .secure, [T.tlsa(1, 1, 1, length: 32), T.tlsa(2, 0, 1, length: 32)], false,
        .daneAuthenticated
      ),
      (.secure, [], true, .opportunistic),
      (.insecure, [T.tlsa(3, 1, 1, length: 32)], false, .opportunistic),
    ]
    for (security, records, nxdomain, expected) in cases {
      let answers = T()
      answers.set(
        "_25._tcp.mx.example.org.", .tlsa, security, records.map(RData.tlsa), nxdomain: nxdomain)
      let (resolution, _) = await TLSAResolution.resolve(
        candidates: [T.name("mx.example.org.")], lookup: answers.lookup)
      XCTAssertEqual(resolution.tlsPolicy, expected, "\(security) \(records)")
    }
  }

  // MARK: Usable records (RFC 7672 §3.1, RFC 6698 §2.1)

  func testFullDataMustBeADERCertificateOrKey() throws {
    let certificates = try TLSTestCertificates()
    _ = try certificates.selfSigned(
      "leaf", cn: "mx.example.org", key: "-newkey ec -pkeyopt ec_paramgen_curve:P-256")
    let certificate = try certificates.reference("leaf", selector: 0, matchingType: 0)
    let key = try certificates.reference("leaf", selector: 1, matchingType: 0)
    func full(_ usage: UInt8, _ selector: UInt8, _ data: [UInt8]) -> AssessedTLSARecord {
      AssessedTLSARecord(
        TLSAData(
          usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
          matchingType: .full, data: data))
    }
    XCTAssertTrue(full(3, 0, certificate).isUsable)
    XCTAssertTrue(full(2, 1, key).isUsable)
    // The right DER for the other selector, a truncated one, and DER with bytes after it.
    XCTAssertEqual(full(3, 0, key).unusableReason, .malformedFullData(.fullCertificate))
    XCTAssertEqual(
      full(3, 1, certificate).unusableReason, .malformedFullData(.subjectPublicKeyInfo))
    XCTAssertEqual(
      full(3, 0, Array(certificate.dropLast(10))).unusableReason,
      .malformedFullData(.fullCertificate))
    XCTAssertEqual(full(3, 1, key + [0]).unusableReason, .malformedFullData(.subjectPublicKeyInfo))
  }

  func testUsability() {
    XCTAssertTrue(AssessedTLSARecord(T.tlsa(3, 1, 1, length: 32)).isUsable)
    XCTAssertTrue(AssessedTLSARecord(T.tlsa(2, 0, 2, length: 64)).isUsable)
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(1, 1, 1, length: 32)).unusableReason, .pkixUsage(.pkixEE))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(0, 0, 1, length: 32)).unusableReason, .pkixUsage(.pkixTA))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(4, 1, 1, length: 32)).unusableReason,
      .unknownUsage(.unassigned(4)))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(3, 2, 1, length: 32)).unusableReason,
      .unknownSelector(.unassigned(2)))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(3, 1, 3, length: 32)).unusableReason,
      .unknownMatchingType(.unassigned(3)))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(3, 1, 1, length: 31)).unusableReason,
      .wrongDigestLength(expected: 32, actual: 31))
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(3, 1, 2, length: 32)).unusableReason,
      .wrongDigestLength(expected: 64, actual: 32))
    XCTAssertEqual(AssessedTLSARecord(T.tlsa(3, 1, 0, length: 0)).unusableReason, .emptyData)
    XCTAssertEqual(
      AssessedTLSARecord(T.tlsa(3, 1, 1, length: 2, fill: 0x0A)).description, "3 1 1 0a0a")
  }
}

/// A base domain too long for `_25._tcp.` in front of it: no TLSA query can be made, and that
/// is a failure (a sender defers), never "no TLSA" and never a query at some other name.
final class TLSAOwnerTooLongTests: XCTestCase {
  func testALookupThatCannotBeMadeFails() async throws {
    let labels = (0..<4).map { _ in String(repeating: "a", count: 60) } + ["example"]
    let base = try DNSName(labels.joined(separator: ".") + ".")
    let asked = AskedNames()
    let (resolution, attempts) = await TLSAResolution.resolve(candidates: [base]) { name, type in
      asked.add("\(name) \(type)")
      return RRsetLookup(name: name, type: type, security: .secure)
    }
    XCTAssertEqual(asked.all, [], "no query at another name than _25._tcp.<base>")
    guard case .failed(let failedBase, .indeterminate(let reason)) = resolution else {
      return XCTFail("\(resolution)")
    }
    XCTAssertEqual(failedBase, base)
    XCTAssertTrue(reason.contains("too long"), reason)
    XCTAssertEqual(attempts.count, 1)
    XCTAssertEqual(resolution.tlsPolicy, .deferred)
  }
}

private final class AskedNames: @unchecked Sendable {
  private let lock = NSLock()
  private var names: [String] = []
  func add(_ name: String) { lock.withLock { names.append(name) } }
  var all: [String] { lock.withLock { names } }
}
