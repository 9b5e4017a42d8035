import XCTest

@testable import ValidationCore

/// danescope's TLSA matcher against association data computed by openssl pipelines, and its
/// comparison with OpenSSL's decision.
final class TLSAMatcherTests: XCTestCase {
  private func record(_ usage: UInt8, _ selector: UInt8, _ matching: UInt8, _ data: [UInt8])
    -> TLSAData
  {
    TLSAData(
      usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
      matchingType: TLSAMatchingType(rawValue: matching), data: data)
  }

  func testEverySelectorAndMatchingTypeAgreesWithOpenSSL() throws {
    let certificates = try TLSTestCertificates()
    for (name, key) in [
      ("rsa", "-newkey rsa:2048"), ("ec", "-newkey ec -pkeyopt ec_paramgen_curve:P-384"),
      ("ed25519", "-newkey ed25519"),
    ] {
      let pem = try certificates.selfSigned(name, cn: "mx.test", key: key)
      let facts = try CertificateFacts(pem: pem)
      for selector in 0...1 {
        for matching in 0...2 {
          let expected = try certificates.reference(
            name, selector: selector, matchingType: matching)
          XCTAssertFalse(expected.isEmpty)
          let computed = TLSAMatcher.associationData(
            of: facts, selector: TLSASelector(rawValue: UInt8(selector)),
            matchingType: TLSAMatchingType(rawValue: UInt8(matching)))
          XCTAssertEqual(computed, expected, "\(name) \(selector) \(matching)")
        }
      }
    }
  }

  func testMatchesPerDepth() throws {
    let certificates = try TLSTestCertificates()
    let ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256"
    let leafPEM = try certificates.selfSigned("leaf", cn: "mx.test", key: ec)
    let otherPEM = try certificates.selfSigned("other", cn: "ca.test", key: ec)
    let chain = try CertificateFacts.readChain(pem: leafPEM + otherPEM)
    XCTAssertEqual(chain.map(\.depth), [0, 1])
    let onLeaf = record(3, 1, 1, try certificates.reference("leaf", selector: 1, matchingType: 1))
    let onOther = record(2, 0, 2, try certificates.reference("other", selector: 0, matchingType: 2))
    let nowhere = record(3, 1, 1, [UInt8](repeating: 0xAB, count: 32))
    let unassigned = record(3, 7, 1, onLeaf.data)

    let matches = TLSAMatcher.matches(
      chain: chain, records: [nowhere, onOther, onLeaf, unassigned])

    XCTAssertEqual(
      matches, [.init(record: onLeaf, depth: 0), .init(record: onOther, depth: 1)])
  }

  /// OpenSSL matches end-entity usages at the leaf only and trust-anchor usages above it
  /// (RFC 7671 §5.1, §5.2); a record with the right octets in the wrong place is misplaced. A
  /// bare public key (`2 1 0`) also anchors a self-issued leaf it signed.
  func testUsagesMatchOnlyWhereOpenSSLMatchesThem() throws {
    let certificates = try TLSTestCertificates()
    let ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256"
    let leafPEM = try certificates.selfSigned("leaf", cn: "mx.test", key: ec)
    let otherPEM = try certificates.selfSigned("other", cn: "ca.test", key: ec)
    let chain = try CertificateFacts.readChain(pem: leafPEM + otherPEM)
    let leafKey = try certificates.reference("leaf", selector: 1, matchingType: 1)
    let otherKey = try certificates.reference("other", selector: 1, matchingType: 1)
    let eeOnLeaf = record(3, 1, 1, leafKey)
    let taOnLeaf = record(2, 1, 1, leafKey)
    let eeOnOther = record(3, 1, 1, otherKey)
    let taOnOther = record(2, 1, 1, otherKey)
    let bareKey = record(2, 1, 0, try certificates.reference("leaf", selector: 1, matchingType: 0))
    let records = [taOnLeaf, eeOnOther, eeOnLeaf, taOnOther, bareKey]

    XCTAssertEqual(
      TLSAMatcher.matches(chain: chain, records: records),
      [.init(record: eeOnLeaf, depth: 0), .init(record: bareKey, depth: 0),
       .init(record: taOnOther, depth: 1)])
    XCTAssertEqual(
      TLSAMatcher.misplacedMatches(chain: chain, records: records),
      [.init(record: taOnLeaf, depth: 0), .init(record: eeOnOther, depth: 1)])
  }

  func testDisagreementRules() {
    let leafRecord = record(3, 1, 1, [UInt8](repeating: 1, count: 32))
    let anchorRecord = record(2, 0, 0, [0x30, 0x00])
    let taDigest = record(2, 1, 1, [UInt8](repeating: 2, count: 32))
    let leafMatch = TLSAMatcher.Match(record: leafRecord, depth: 0)

    XCTAssertNil(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: leafRecord, depth: 0), matches: [leafMatch], authorityDepth: 0))
    XCTAssertEqual(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: leafRecord, depth: 0), matches: [], authorityDepth: 0),
      .openSSLVerifiedWithoutMatch(record: leafRecord, depth: 0))
    // A full trust anchor from the record, past the served chain: the matcher must have found
    // it signing the top of the chain, or the two disagree.
    XCTAssertNil(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: anchorRecord, depth: 2),
        matches: [.init(record: anchorRecord, depth: 2, isAnchorNotSent: true)],
        authorityDepth: nil))
    XCTAssertEqual(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: anchorRecord, depth: 2), matches: [], authorityDepth: nil),
      .openSSLVerifiedWithoutMatch(record: anchorRecord, depth: 2))
    XCTAssertEqual(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: taDigest, depth: 2), matches: [], authorityDepth: nil),
      .openSSLVerifiedWithoutMatch(record: taDigest, depth: 2))
    // OpenSSL's depth counts the chain it built; the match is where the authority was served.
    XCTAssertNil(
      TLSAMatcher.disagreement(
        openSSL: .verified(record: taDigest, depth: 1),
        matches: [.init(record: taDigest, depth: 2)],
        authorityDepth: 2))
    XCTAssertEqual(
      TLSAMatcher.disagreement(
        openSSL: .failed(reason: "x"), matches: [leafMatch], authorityDepth: 0),
      .leafMatchNotVerified(record: leafRecord, reason: "x"))
    // A DANE-TA match that OpenSSL refused (names, dates, signatures) is no disagreement.
    XCTAssertNil(
      TLSAMatcher.disagreement(
        openSSL: .failed(reason: "x"), matches: [.init(record: taDigest, depth: 1)],
        authorityDepth: nil)
    )
    XCTAssertNil(
      TLSAMatcher.disagreement(
        openSSL: .notAttempted(.noTLSSession), matches: [leafMatch], authorityDepth: 0))
  }

  func testZoneText() {
    XCTAssertEqual(record(3, 1, 1, [0x0A, 0xFF]).zoneText, "3 1 1 0aff")
  }

  /// Leaf names against the reference identifiers (RFC 6125 §6.4.3 wildcards: one label only).
  func testLeafNamesAgainstReferenceIdentifiers() throws {
    let references = [try DNSName("mx1.example.org."), try DNSName("example.org.")]
    XCTAssertTrue(LeafNameMismatch.matches("MX1.example.org", anyOf: references))
    XCTAssertTrue(LeafNameMismatch.matches("*.example.org", anyOf: references))
    XCTAssertTrue(LeafNameMismatch.matches("example.org.", anyOf: references))
    XCTAssertFalse(LeafNameMismatch.matches("*.org", anyOf: references))
    XCTAssertFalse(LeafNameMismatch.matches("elsewhere.invalid", anyOf: references))
    XCTAssertFalse(LeafNameMismatch.matches("mx2.example.org", anyOf: references))
  }
}
