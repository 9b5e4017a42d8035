import Foundation
import XCTest

@testable import ValidationCore

/// Validity windows against a fixed clock, RRSIG times read with serial-number arithmetic
/// (RFC 4034 §3.1.5), and the engine's signature check on the RFC 6605 example.
final class DNSSECSignatureJudgeTests: XCTestCase {
  static let vector = DNSSECVectors.signatures[2]  // RFC 6605 §6.1, P-256

  static func judge(at seconds: TimeInterval) -> SignatureJudge {
    SignatureJudge(clock: FixedClock(Date(timeIntervalSince1970: seconds)))
  }

  static var keys: [ZoneKey] { [ZoneKey(vector.key)] }

  static var records: [ResourceRecord] {
    [ResourceRecord(name: vector.owner, ttl: 3600, rdata: .a(IPv4Address(octets: vector.rdata)!))]
  }

  func testWindowInsideBeforeAndAfter() {
    let rrsig = Self.vector.rrsig  // 2010-08-12T10:04:39Z to 2010-09-09T10:04:39Z
    guard case .valid(let left) = Self.judge(at: 1_283_000_000).window(rrsig).window else {
      return XCTFail("inside the window")
    }
    XCTAssertEqual(left, 1_284_026_679 - 1_283_000_000)
    guard case .notYetValid(let wait) = Self.judge(at: 1_281_607_000).window(rrsig).window else {
      return XCTFail("before the inception")
    }
    XCTAssertEqual(wait, 479)
    guard case .expired(let since) = Self.judge(at: 1_284_026_779).window(rrsig).window else {
      return XCTFail("after the expiration")
    }
    XCTAssertEqual(since, 100)
  }

  func testTimesAreReadNearNowAcrossThe2106Wrap() {
    // In 2107 a 32-bit stamp of 100 means 2^32 + 100 seconds after the epoch, not 1970.
    let now = 4_294_967_296.0 + 50
    let date = Self.judge(at: now).date(100)
    XCTAssertEqual(date.timeIntervalSince1970, 4_294_967_296 + 100)
    let before = Self.judge(at: now).date(UInt32.max - 10)
    XCTAssertEqual(before.timeIntervalSince1970, 4_294_967_296 - 11)
  }

  func testPublishedSignatureVerifiesThroughTheEngine() {
    let reports = Self.judge(at: 1_283_000_000).check(
      records: Self.records, owner: Self.vector.owner, signatures: [Self.vector.rrsig],
      zone: try! DNSName("example.net."), keys: Self.keys)
    XCTAssertEqual(reports.first?.verdict, .valid)
    XCTAssertEqual(reports.first?.isUsable, true)
    XCTAssertEqual(reports.first?.isWildcardExpansion, false)
  }

  func testSignerOtherThanTheZoneOrAnUnknownKeyIsNotUsable() {
    let judge = Self.judge(at: 1_283_000_000)
    let wrongZone = judge.check(
      records: Self.records, owner: Self.vector.owner, signatures: [Self.vector.rrsig],
      zone: try! DNSName("other.net."), keys: Self.keys)
    XCTAssertFalse(wrongZone[0].isUsable)
    var otherTag = Self.vector.rrsig
    otherTag.keyTag &+= 1
    let unknown = judge.check(
      records: Self.records, owner: Self.vector.owner, signatures: [otherTag],
      zone: try! DNSName("example.net."), keys: Self.keys)
    XCTAssertNil(unknown[0].verdict)
  }

  func testRevokedKeyDoesNotValidate() {
    var revoked = Self.vector.key
    revoked.flags |= DNSKEYData.revokeFlag
    var rrsig = Self.vector.rrsig
    rrsig.keyTag = revoked.keyTag
    let reports = Self.judge(at: 1_283_000_000).check(
      records: Self.records, owner: Self.vector.owner, signatures: [rrsig],
      zone: try! DNSName("example.net."), keys: [ZoneKey(revoked)])
    XCTAssertNotEqual(reports[0].verdict, .valid)
  }

  func testExpiringSoonAndTTLFindings() {
    let judge = Self.judge(at: 1_284_026_679 - 3 * 86_400)  // three days before expiry
    let signatures = judge.check(
      records: Self.records, owner: Self.vector.owner, signatures: [Self.vector.rrsig],
      zone: try! DNSName("example.net."), keys: Self.keys)
    let rrset = RRsetReport(
      key: RRSetKey(name: Self.vector.owner, type: .a), records: Self.records,
      signatures: signatures, status: .secure)
    let week = SignatureFindings(clock: judge.clock, expiryWarning: 7 * 86_400)
    XCTAssertEqual(
      week.findings(for: rrset, zoneAlgorithms: [.ecdsaP256SHA256]).map(\.code),
      [.rrsigExpiringSoon])
    let day = SignatureFindings(clock: judge.clock, expiryWarning: 86_400)
    XCTAssertEqual(day.findings(for: rrset, zoneAlgorithms: [.ecdsaP256SHA256]).map(\.code), [])
    // An algorithm of the zone with no signature over the RRset.
    XCTAssertEqual(
      day.findings(for: rrset, zoneAlgorithms: [.ecdsaP256SHA256, .ed25519]).map(\.code),
      [.rrsigMissingForAlgorithm])
  }
}
