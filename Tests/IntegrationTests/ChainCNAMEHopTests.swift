import Foundation
import ValidationCore
import XCTest

@testable import Console

/// CNAME chains of two aliases across zones of different statuses: each alias is reported with
/// the status of its own CNAME RRset, the last target with its own, and only the answer to the
/// question asked takes the weakest of them (RFC 4035 §5: each RRset is validated in the zone
/// that signs it). libunbound, asked about each name alone, is the reference.
///
/// - `start.hop-a.tld.` (signed) → `mid.hop-b.tld.` (signed) → `end.hop-c.tld.` (unsigned
///   delegation): secure, secure, insecure; the answer insecure.
/// - `start.hop-u.tld.` (unsigned) → `mid2.hop-b.tld.` (signed) → `end.hop-bad.tld.` (its
///   signatures expired a week ago): insecure, secure, bogus; the answer bogus.
final class ChainCNAMEHopTests: XCTestCase {
  nonisolated(unsafe) static var shared: SharedChainFixture?

  override class func setUp() {
    super.setUp()
    let day: TimeInterval = 86_400
    shared = SharedChainFixture {
      try ChainFixture(leaves: [
        ChainFixture.signedLeaf(
          "hop-a.tld.", extra: "start.hop-a.tld. IN CNAME mid.hop-b.tld.\n"),
        ChainFixture.signedLeaf(
          "hop-b.tld.",
          extra: """
            mid.hop-b.tld. IN CNAME end.hop-c.tld.
            mid2.hop-b.tld. IN CNAME end.hop-bad.tld.

            """),
        unsignedLeaf("hop-c.tld.", extra: "end.hop-c.tld. IN A 192.0.2.30\n"),
        ChainFixture.signedLeaf(
          "hop-bad.tld.", extra: "end.hop-bad.tld. IN A 192.0.2.31\n",
          inception: -30 * day, expiration: -7 * day),
        unsignedLeaf("hop-u.tld.", extra: "start.hop-u.tld. IN CNAME mid2.hop-b.tld.\n"),
      ])
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  static func unsignedLeaf(_ origin: String, extra: String) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let file = try fixture.folder.write(
        "\(origin)zone", ChainFixture.leafText(origin, extra: extra))
      return ChainFixture.Made(file: file, parentRecords: [])
    }
  }

  /// One chain: the names in order, the last holding the A record.
  struct Hops {
    let names: [String]
    /// What RFC 4035 makes of each name's own RRset: a check that the zones were built as meant.
    let meant: [String]
    let answer: String
  }

  static let throughUnsignedEnd = Hops(
    names: ["start.hop-a.tld.", "mid.hop-b.tld.", "end.hop-c.tld."],
    meant: ["secure", "secure", "insecure"], answer: "insecure")
  static let fromUnsignedToBogus = Hops(
    names: ["start.hop-u.tld.", "mid2.hop-b.tld.", "end.hop-bad.tld."],
    meant: ["insecure", "secure", "bogus"], answer: "bogus")

  /// libunbound's verdicts: each alias asked for its CNAME alone, the last name for its A, and
  /// the first name for its A with the CNAMEs followed.
  func reference(_ hops: Hops) async throws -> (each: [String], answer: String) {
    let (fixture, _) = try XCTUnwrap(Self.shared).get()
    // A resolver of its own, so that nothing the engine asked is answered from its cache.
    let resolver = try fixture.makeResolver()
    var each: [String] = []
    for (index, name) in hops.names.enumerated() {
      let type: RRType = index == hops.names.count - 1 ? .a : .cname
      each.append(await resolver.query(try DNSName(name), type).status.word)
    }
    let answer = await resolver.query(try DNSName(hops.names[0]), .a).status.word
    XCTAssertEqual(each, hops.meant, "libunbound per name, \(hops.names)")
    XCTAssertEqual(answer, hops.answer, "libunbound, \(hops.names[0]) A")
    return (each, answer)
  }

  func testEngineGivesEachAliasItsOwnStatus() async throws {
    let (fixture, resolver) = try XCTUnwrap(Self.shared).get()
    for hops in [Self.throughUnsignedEnd, Self.fromUnsignedToBogus] {
      let expected = try await reference(hops)
      let report = try await fixture.builder(resolver).build(
        name: try DNSName(hops.names[0]), type: .a)
      XCTAssertEqual(report.cnameTargets.map(\.name.description), Array(hops.names.dropFirst()))
      XCTAssertEqual(report.status.word, expected.answer, "the answer: the weakest link")
      XCTAssertEqual(
        [report.ownVerdict.status.word] + report.cnameTargets.map(\.status.word), expected.each,
        "\(hops.names)")
      XCTAssertEqual(
        report.cnameTargets.map(\.ownVerdict.status.word), Array(expected.each.dropFirst()))
      // A secure link carries no reason; the answer's reason says why it is not secure.
      for target in report.cnameTargets where target.status == .secure {
        XCTAssertNil(target.reason, "\(target.name): \(target.reason ?? "")")
      }
      // The answer's reason is that of the link that makes it what it is: the last one here.
      XCTAssertNotNil(report.reason)
      XCTAssertEqual(report.reason, report.cnameTargets.last?.reason)
      // The console's tree gives each RRset the same status as the report, and says where
      // libunbound's verdict for an alias covers its targets.
      let nodes = ChainTree.nodes([report])
      for (index, name) in hops.names.enumerated() {
        let type = index == hops.names.count - 1 ? "A" : "CNAME"
        let node = try XCTUnwrap(Self.find("rrset \(name) \(type)", in: nodes), name)
        XCTAssertEqual(node.status.rawValue, expected.each[index], "console, \(name) \(type)")
        XCTAssertEqual(
          node.notes.contains { $0.hasSuffix("targets included)") }, index < hops.names.count - 1,
          "\(name): \(node.notes)")
      }
      XCTAssertFalse(
        ([report] + report.cnameTargets).flatMap(\.findings).contains {
          $0.code == .validatorDisagreement
        }, "the engine and libunbound agree on every question they were both asked")
    }
  }

  static func find(_ id: String, in nodes: [ChainNode]) -> ChainNode? {
    for node in nodes {
      if node.id == id { return node }
      if let found = find(id, in: node.children) { return found }
    }
    return nil
  }

  func testChainCommandJSONGivesEachAliasItsOwnStatus() async throws {
    let (fixture, _) = try XCTUnwrap(Self.shared).get()
    let conf = try fixture.writeAuthZoneConf()
    for hops in [Self.throughUnsignedEnd, Self.fromUnsignedToBogus] {
      let expected = try await reference(hops)
      let result = try DanescopeBinary.run(
        ["chain", hops.names[0], "A", "--json", "--resolver-conf", conf.path], timeout: 60)
      XCTAssertEqual(result.status, expected.answer == "bogus" ? 1 : 0, result.stderr)
      let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
      let top = try XCTUnwrap(object as? [String: Any], result.stdout)
      let targets = try XCTUnwrap(top["cnameTargets"] as? [[String: Any]], result.stdout)
      XCTAssertEqual(top["status"] as? String, expected.answer)
      XCTAssertEqual(top["validatorStatus"] as? String, expected.answer)
      XCTAssertEqual(
        [top["ownStatus"] as? String] + targets.map { $0["status"] as? String },
        expected.each.map { Optional($0) }, "\(hops.names)")
      XCTAssertEqual(
        targets.map { $0["name"] as? String }, hops.names.dropFirst().map { Optional($0) })
      // libunbound's verdict for a target's name and type follows the rest of the chain.
      XCTAssertEqual(targets.first?["validatorStatus"] as? String, expected.answer)
      XCTAssertEqual(targets.last?["validatorStatus"] as? String, expected.each.last)
    }
  }

  func testChainCommandTextGivesEachAliasItsOwnStatus() async throws {
    let (fixture, _) = try XCTUnwrap(Self.shared).get()
    let conf = try fixture.writeAuthZoneConf()
    let hops = Self.throughUnsignedEnd
    let expected = try await reference(hops)
    let result = try DanescopeBinary.run(
      ["chain", hops.names[0], "A", "--resolver-conf", conf.path], timeout: 60)
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let heads = lines.filter { line in hops.names.contains { line.hasPrefix($0 + " A: ") } }
    XCTAssertEqual(
      heads,
      [
        "\(hops.names[0]) A: \(expected.answer.uppercased()) (libunbound: \(expected.answer))",
        "\(hops.names[1]) A: \(expected.each[1].uppercased())"
          + " (libunbound, its targets included: \(expected.answer))",
        "\(hops.names[2]) A: \(expected.each[2].uppercased()) (libunbound: \(expected.each[2]))",
      ], result.stdout)
    let own = "own: \(hops.names[0]) CNAME alone is \(expected.each[0])"
    XCTAssertTrue(lines.contains { $0.contains(own) }, "missing '\(own)' in:\n\(result.stdout)")
  }
}
