import XCTest

@testable import ValidationCore

/// NSEC and NSEC3 proofs on published examples: the NSEC3 records of RFC 5155 Appendix B.1 and
/// B.2 (names, hashes, types as the RFC prints them), and the NSEC chain of the RFC 4035
/// Appendix A zone.
final class DNSSECDenialTests: XCTestCase {
  static let example = try! DNSName("example.")

  static func nsec3(_ owner: String, _ next: String, _ types: [RRType], optOut: Bool = true)
    -> ResourceRecord
  {
    let data = NSEC3Data(
      hashAlgorithm: 1, flags: optOut ? 1 : 0, iterations: 12, salt: [0xAA, 0xBB, 0xCC, 0xDD],
      nextHashedOwner: try! Base32Hex.decode(next), types: TypeBitMap(types))
    return ResourceRecord(name: try! DNSName("\(owner).example."), ttl: 3600, rdata: .nsec3(data))
  }

  static func nsec(_ owner: String, _ next: String, _ types: [RRType]) -> ResourceRecord {
    ResourceRecord(
      name: try! DNSName(owner), ttl: 3600,
      rdata: .nsec(NSECData(nextDomain: try! DNSName(next), types: TypeBitMap(types))))
  }

  // RFC 5155 B.1: a.c.x.w.example does not exist.
  static let b1: [ResourceRecord] = [
    nsec3(
      "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "2t7b4g4vsa5smi47k61mv5bv1a22bojr",
      [.mx, .dnskey, .ns, .soa, .nsec3param, .rrsig]),
    nsec3("b4um86eghhds6nea196smvmlo4ors995", "gjeqe526plbf1g8mklp59enfd789njgi", [.mx, .rrsig]),
    nsec3(
      "35mthgpgcu1qg68fab165klnsnk3dpvl", "b4um86eghhds6nea196smvmlo4ors995", [.ns, .ds, .rrsig]),
  ]

  func testRFC5155NameErrorProofWithOptOutIsProvenButInsecure() throws {
    let proof = NSEC3Proof(zone: Self.example, records: Self.b1)
    let outcome = proof.prove(
      .nameError, name: try DNSName("a.c.x.w.example."), type: .a, wildcardLabels: nil)
    XCTAssertTrue(outcome.isProven, outcome.problem ?? "")
    // Every NSEC3 in the RFC 5155 example zone has the opt-out flag (RFC 5155 §9.2).
    XCTAssertTrue(outcome.isOptOut)
    XCTAssertEqual(outcome.steps.count, 3)
    XCTAssertTrue(outcome.steps[0].contains("closest encloser x.w.example."), outcome.steps[0])
  }

  func testNameErrorWithoutTheWildcardProofFails() throws {
    let proof = NSEC3Proof(zone: Self.example, records: Array(Self.b1.prefix(2)))
    let outcome = proof.prove(
      .nameError, name: try DNSName("a.c.x.w.example."), type: .a, wildcardLabels: nil)
    XCTAssertFalse(outcome.isProven)
    XCTAssertTrue(outcome.problem?.contains("*.x.w.example.") ?? false, outcome.problem ?? "")
  }

  func testNameErrorWithoutTheClosestEncloserFails() throws {
    let proof = NSEC3Proof(zone: Self.example, records: [Self.b1[0], Self.b1[2]])
    let outcome = proof.prove(
      .nameError, name: try DNSName("a.c.x.w.example."), type: .a, wildcardLabels: nil)
    XCTAssertFalse(outcome.isProven)
  }

  // RFC 5155 B.2: ns1.example exists but has no MX.
  func testRFC5155NoDataProof() throws {
    let record = Self.nsec3(
      "2t7b4g4vsa5smi47k61mv5bv1a22bojr", "2vptu5timamqttgl4luu9kg21e0aor3s", [.a, .rrsig])
    let proof = NSEC3Proof(zone: Self.example, records: [record])
    let name = try DNSName("ns1.example.")
    XCTAssertTrue(proof.prove(.noData, name: name, type: .mx, wildcardLabels: nil).isProven)
    let listed = proof.prove(.noData, name: name, type: .a, wildcardLabels: nil)
    XCTAssertFalse(listed.isProven)
    XCTAssertEqual(listed.problem?.contains("lists A"), true)
  }

  // The NSEC chain of RFC 4035 Appendix A around the names used below.
  static let chain: [ResourceRecord] = [
    nsec("example.", "a.example.", [.ns, .soa, .mx, .rrsig, .nsec, .dnskey]),
    nsec("a.example.", "ai.example.", [.ns, .ds, .rrsig, .nsec]),
    nsec("b.example.", "ns1.example.", [.ns, .rrsig, .nsec]),
    nsec("xx.example.", "example.", [.a, .hinfoPlaceholder, .aaaa, .rrsig, .nsec]),
  ]

  func testNSECNameErrorNeedsTheNameAndTheWildcardCovered() throws {
    let proof = NSECProof(zone: Self.example, records: Self.chain)
    // ml.example. falls between b.example. and ns1.example.; *.example. between example. and
    // a.example.
    XCTAssertTrue(proof.prove(.nameError, name: try DNSName("ml.example."), type: .a).isProven)
    let withoutApex = NSECProof(zone: Self.example, records: Array(Self.chain.dropFirst()))
    XCTAssertFalse(
      withoutApex.prove(.nameError, name: try DNSName("ml.example."), type: .a).isProven)
  }

  func testNSECAtADelegationDoesNotCoverNamesBelowIt() throws {
    let proof = NSECProof(zone: Self.example, records: Self.chain)
    // b.example. is a delegation; a name below it belongs to the child zone.
    let below = try DNSName("x.b.example.")
    XCTAssertNil(proof.covering(below))
  }

  func testNSECUnsignedDelegationAndSignedDelegation() throws {
    let proof = NSECProof(zone: Self.example, records: Self.chain)
    XCTAssertTrue(proof.prove(.noDS, name: try DNSName("b.example."), type: .ds).isProven)
    let signed = proof.prove(.noDS, name: try DNSName("a.example."), type: .ds)
    XCTAssertFalse(signed.isProven)
    XCTAssertEqual(signed.problem?.contains("lists DS"), true)
    // The apex NSEC has the SOA bit: it is the child's, not the parent's.
    XCTAssertFalse(proof.prove(.noDS, name: Self.example, type: .ds).isProven)
  }

  func testNSECWrapAroundAtTheEndOfTheChain() throws {
    let proof = NSECProof(zone: Self.example, records: [Self.chain[3]])
    XCTAssertNotNil(proof.covering(try DNSName("z.example.")))
    XCTAssertNil(proof.covering(try DNSName("a.example.")))
  }
}

extension RRType {
  /// HINFO, listed in the RFC 4035 example bitmap.
  static let hinfoPlaceholder = RRType(rawValue: 13)
}

/// A DS lives on the parent side of a cut (RFC 4035 §2.4): a matching NSEC or NSEC3 with the
/// SOA bit is the child's apex record and never denies it (RFC 4035 §5.2, RFC 6840 §4.4).
final class DNSSECDSDenialTests: XCTestCase {
  func testChildApexNSECDoesNotDenyADS() throws {
    let apex = DNSSECDenialTests.nsec(
      "example.", "a.example.", [.ns, .soa, .mx, .rrsig, .nsec, .dnskey])
    let name = try DNSName("example.")
    let outcome = NSECProof(zone: name, records: [apex]).prove(.noData, name: name, type: .ds)
    XCTAssertFalse(outcome.isProven)
    XCTAssertEqual(outcome.problem?.contains("apex of the child zone example."), true)
    // The same record still proves what the child itself lacks.
    let aaaa = NSECProof(zone: name, records: [apex]).prove(.noData, name: name, type: .aaaa)
    XCTAssertTrue(aaaa.isProven, aaaa.problem ?? "")
  }

  func testParentSideNSECAtADelegationDeniesItsDS() throws {
    let cut = DNSSECDenialTests.nsec("b.example.", "ns1.example.", [.ns, .rrsig, .nsec])
    let outcome = NSECProof(zone: try DNSName("example."), records: [cut]).prove(
      .noData, name: try DNSName("b.example."), type: .ds)
    XCTAssertTrue(outcome.isProven, outcome.problem ?? "")
  }

  /// The root has no parent: its own apex NSEC is what denies its DS.
  func testRootApexNSECDeniesTheRootDS() throws {
    let apex = DNSSECDenialTests.nsec(".", "example.", [.ns, .soa, .rrsig, .nsec, .dnskey])
    let outcome = NSECProof(zone: .root, records: [apex]).prove(.noData, name: .root, type: .ds)
    XCTAssertTrue(outcome.isProven, outcome.problem ?? "")
  }

  /// RFC 5155 B.1's apex NSEC3 (0p9mh… is the hash of example.) carries the SOA bit.
  func testChildApexNSEC3DoesNotDenyADS() throws {
    let name = try DNSName("example.")
    let proof = NSEC3Proof(zone: name, records: [DNSSECDenialTests.b1[0]])
    let outcome = proof.prove(.noData, name: name, type: .ds, wildcardLabels: nil)
    XCTAssertFalse(outcome.isProven)
    XCTAssertEqual(outcome.problem?.contains("apex of the child zone example."), true)
    XCTAssertTrue(proof.prove(.noData, name: name, type: .aaaa, wildcardLabels: nil).isProven)
  }

  /// RFC 5155 §8.6: with no NSEC3 at the name, only an opt-out NSEC3 over the next closer
  /// name denies a DS, and then insecurely; a wildcard NSEC3 does not.
  func testNSEC3DSNoDataWithoutAMatchNeedsOptOut() throws {
    let example = try DNSName("example.")
    let name = try DNSName("c.x.w.example.")
    let optOut = NSEC3Proof(zone: example, records: DNSSECDenialTests.b1)
      .prove(.noData, name: name, type: .ds, wildcardLabels: nil)
    XCTAssertTrue(optOut.isProven, optOut.problem ?? "")
    XCTAssertTrue(optOut.isOptOut)
    let strict = DNSSECDenialTests.b1.map { record -> ResourceRecord in
      guard case .nsec3(var data) = record.rdata else { return record }
      data.flags = 0
      return ResourceRecord(name: record.name, ttl: record.ttl, rdata: .nsec3(data))
    }
    let refused = NSEC3Proof(zone: example, records: strict)
      .prove(.noData, name: name, type: .ds, wildcardLabels: nil)
    XCTAssertFalse(refused.isProven)
  }
}
