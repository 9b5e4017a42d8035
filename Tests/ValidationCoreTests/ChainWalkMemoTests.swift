import Foundation
import XCTest

@testable import ValidationCore

/// `check` builds its chain summary, then walks down to the other zones of its hosts' records
/// with one memo (`ChainBuilder.sharingWalks()`): a zone the summary walked costs no lookup and
/// no second judgement, and a walk asks only for what lies below the zones already known.
final class ChainWalkMemoTests: XCTestCase {
  typealias SlowSource = ChainPrefetchTests.SlowSource

  let anchor = ResourceRecord(
    name: .root, ttl: 0,
    rdata: .ds(
      DSData(
        keyTag: 1, algorithm: .ecdsaP256SHA256, digestType: .sha256,
        digest: [UInt8](repeating: 7, count: 32))))

  func name(_ text: String) -> DNSName { try! DNSName(text) }

  func testAWalkAfterTheSummaryAsksOnlyForTheZonesBelowWhatItWalked() async {
    let source = SlowSource(zones: ["example.", "mail.example.", "provider.example."])
    let builder = ChainBuilder(source: source, trustAnchors: [anchor], options: ChainOptions())
      .sharingWalks()
    _ = await builder.build(name: name("mail.example."), type: .mx)
    let summary = source.asked
    let path = await builder.walk(toZone: name("provider.example."))
    let walk = Array(source.asked.dropFirst(summary.count))

    XCTAssertEqual(
      walk.sorted(), ["provider.example. DNSKEY", "provider.example. DS", "provider.example. SOA"])
    XCTAssertEqual(
      path.zones.map(\.name), [name("."), name("example."), name("provider.example.")])
    // A second walk to a zone already walked asks nothing.
    let again = await builder.walk(toZone: name("example."))
    XCTAssertEqual(source.asked.count, summary.count + walk.count)
    XCTAssertEqual(again.zones.map(\.name), [name("."), name("example.")])
  }

  func testBuildsWithoutAMemoAskAgain() async {
    let source = SlowSource(zones: ["example.", "mail.example."])
    let builder = ChainBuilder(source: source, trustAnchors: [anchor], options: ChainOptions())
    _ = await builder.build(name: name("mail.example."), type: .mx)
    let first = source.asked.count
    _ = await builder.walk(toZone: name("mail.example."))
    XCTAssertGreaterThan(source.asked.count, first)
  }

  /// The memo judges a zone's link once: the same zone below the same parent.
  func testAZoneLinkIsJudgedOnce() {
    let memo = ChainWalkMemo()
    var judged = 0
    let zone = ZoneReport(
      name: name("example."), status: .secure, reason: nil, isTrustAnchor: false, dsSet: nil,
      ds: [], dsDenial: nil, dnskeySet: nil, keys: [])
    for _ in 0..<3 {
      _ = memo.link(name("example."), below: .root) {
        judged += 1
        return ZoneEvaluator.Result(report: zone, keys: [], findings: [])
      }
    }
    XCTAssertEqual(judged, 1)
    _ = memo.link(name("example."), below: nil) {
      judged += 1
      return ZoneEvaluator.Result(report: zone, keys: [], findings: [])
    }
    XCTAssertEqual(judged, 2)
  }
}
