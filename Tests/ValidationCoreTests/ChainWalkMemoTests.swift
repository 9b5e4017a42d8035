import Foundation
import XCTest

@testable import ValidationCore

/// `check` builds its chain summary, then walks down to the other zones of its hosts' records
/// with one memo (`ChainBuilder.sharingWalks()`): a zone the summary walked costs no lookup and
/// no second judgement, and a walk asks only for what lies below the zones already known.
final class ChainWalkMemoTests: XCTestCase {
  typealias SlowSource = ChainPrefetchTests.SlowSource

  /// A root anchor no key matches: nothing is secure, but every zone is walked and judged.
  static let anchor = ResourceRecord(
    name: .root, ttl: 0,
    rdata: .ds(
      DSData(
        keyTag: 1, algorithm: .ecdsaP256SHA256, digestType: .sha256,
        digest: [UInt8](repeating: 7, count: 32))))

  func name(_ text: String) -> DNSName { try! DNSName(text) }

  func testAWalkAfterTheSummaryAsksOnlyForTheZonesBelowWhatItWalked() async {
    let source = SlowSource(zones: ["example.", "mail.example.", "provider.example."])
    let builder = ChainBuilder(source: source, trustAnchors: [Self.anchor], options: ChainOptions())
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
    let builder = ChainBuilder(source: source, trustAnchors: [Self.anchor], options: ChainOptions())
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

/// Which zones `check` walks beyond its chain summary: those that signed a secure lookup of a
/// host and that the summary does not list, each once.
final class HostZoneWalkTests: XCTestCase {
  func name(_ text: String) -> DNSName { try! DNSName(text) }

  func lookup(_ owner: String, _ security: SecurityStatus, signedBy zones: [String])
    -> RRsetLookup
  {
    var made = RRsetLookup(name: name(owner), type: .a, security: security)
    made.signers = Set(zones.map(name))
    return made
  }

  func testOnlyZonesOutsideTheSummarySignedForSecureLookupsAreWalked() async {
    let source = ChainPrefetchTests.SlowSource(
      zones: ["example.", "mail.example.", "provider.example.", "other.example."])
    let builder = ChainBuilder(
      source: source, trustAnchors: [ChainWalkMemoTests.anchor], options: ChainOptions()
    ).sharingWalks()
    let summary = await builder.build(name: name("mail.example."), type: .mx)
    let before = source.asked.count

    let inSummary = await DANECheck.walkHostZones(
      signedBy: [
        lookup("mx1.mail.example.", .secure, signedBy: ["mail.example."]),
        lookup("mx2.mail.example.", .secure, signedBy: ["mail.example."]),
      ], besides: summary, with: builder)
    XCTAssertEqual(inSummary, [])
    XCTAssertEqual(source.asked.count, before, "hosts in the summary's zones ask nothing")

    let paths = await DANECheck.walkHostZones(
      signedBy: [
        lookup("mx.provider.example.", .secure, signedBy: ["provider.example."]),
        lookup("mx2.provider.example.", .secure, signedBy: ["provider.example."]),
        lookup("mx.other.example.", .insecure, signedBy: ["other.example."]),
        lookup("alias.mail.example.", .secure, signedBy: ["mail.example.", "provider.example."]),
      ], besides: summary, with: builder)
    XCTAssertEqual(paths.map { $0.zones.last?.name }, [name("provider.example.")])
    XCTAssertFalse(source.asked.contains("other.example. SOA"), "\(source.asked)")
  }
}
