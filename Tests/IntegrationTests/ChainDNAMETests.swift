import Foundation
import ValidationCore
import XCTest

/// DNAME redirection (RFC 6672) through the chain engine: zones with DNAME records signed by
/// ldns-signzone and by dnssec-signzone, served by libunbound's auth-zones, which synthesize the
/// CNAME. libunbound's own verdict on each lookup is the reference.
final class ChainDNAMETests: XCTestCase {
  nonisolated(unsafe) static var shared: SharedChainFixture?

  /// A target long enough that a name with a 63-octet label under `long.dn-ldns.tld.` becomes
  /// longer than 255 octets once rewritten.
  static let longTarget =
    (0..<3).map { _ in String(repeating: "t", count: 60) }.joined(separator: ".") + ".dn-ldns.tld."

  override class func setUp() {
    super.setUp()
    shared = SharedChainFixture {
      try ChainFixture(leaves: [
        ChainFixture.signedLeaf(
          "dn-ldns.tld.", .ldns,
          extra: """
            old.dn-ldns.tld. IN DNAME dn-ldns.tld.
            moved.dn-ldns.tld. IN DNAME dn-bind.tld.
            long.dn-ldns.tld. IN DNAME \(longTarget)
            """),
        ChainFixture.signedLeaf(
          "dn-bind.tld.", .bind, nsec3: ChainSigner.NSEC3(),
          extra: "old.dn-bind.tld. IN DNAME dn-bind.tld.\n"),
        // A DNAME into its own subtree: every rewrite lands under it again.
        ChainFixture.signedLeaf(
          "dn-self.tld.", .ldns, extra: "self.dn-self.tld. IN DNAME a.self.dn-self.tld.\n"),
        // Signed pointing at itself, then edited to point elsewhere: the RRSIG no longer fits.
        ChainFixture.signedLeaf(
          "dn-tampered.tld.", .ldns, extra: "old.dn-tampered.tld. IN DNAME dn-tampered.tld.\n",
          edit: { text, _ in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
              let fields = ZoneEdit.fields(line)
              guard fields.count >= 5, fields[3] == "DNAME" else { return String(line) }
              return fields.dropLast().joined(separator: "\t") + "\tdn-ldns.tld."
            }.joined(separator: "\n")
          }),
      ])
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  func fixture() throws -> (ChainFixture, UnboundResolver) {
    try XCTUnwrap(Self.shared).get()
  }

  func testNameBelowADNAMEIsFollowedAndSecureForBothSigners() async throws {
    let (fixture, resolver) = try fixture()
    for origin in ["dn-ldns.tld.", "dn-bind.tld."] {
      let report = try await fixture.builder(resolver).build(
        name: try DNSName("www.old.\(origin)"), type: .a)
      XCTAssertEqual(report.validatorStatus, "secure", origin)
      XCTAssertEqual(report.status, .secure, "\(origin): \(report.reason ?? "")")
      XCTAssertEqual(report.answer?.key, RRSetKey(name: try DNSName("old.\(origin)"), type: .dname))
      XCTAssertTrue(report.answer?.signatures.contains { $0.verdict == .valid } ?? false, origin)
      XCTAssertEqual(report.cnameTargets.map(\.name.description), ["www.\(origin)"])
      XCTAssertEqual(report.cnameTargets.first?.answer?.key.type, .a)
      XCTAssertEqual(report.cnameTargets.first?.status, .secure)
      XCTAssertFalse(report.findings.contains { $0.code == .validatorDisagreement }, origin)
    }
  }

  /// A name that a DNAME rewrites to one that does not exist: the head line of the name asked
  /// about says so, not a bare "SECURE".
  func testRewriteToANameThatDoesNotExistSaysSoInTheHeadLine() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("nosuch.old.dn-ldns.tld."), type: .a)
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    XCTAssertEqual(report.cnameTargets.last?.denial?.claim, .nameError)
    let head = ChainTextTree().render(report).split(separator: "\n").first.map(String.init) ?? ""
    XCTAssertTrue(
      head.hasPrefix(
        "nosuch.old.dn-ldns.tld. A: SECURE (proven: no such name at nosuch.dn-ldns.tld.)"), head)
  }

  /// A DNAME that rewrites into its own subtree never ends in an answer: never secure, and
  /// when libunbound words it otherwise, the report says the two disagree.
  func testADNAMEIntoItsOwnSubtreeIsNeverSecure() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("x.self.dn-self.tld."), type: .a)
    XCTAssertNotEqual(report.status, .secure, report.reason ?? "")
    XCTAssertNotEqual(report.validatorStatus, "secure")
    let disagrees = report.findings.contains { $0.code == .validatorDisagreement }
    XCTAssertEqual(
      disagrees, report.validatorStatus != report.status.word,
      "engine \(report.status.word), libunbound \(report.validatorStatus ?? "-")")
  }

  func testDNAMEToAnotherZoneFollowsThatZonesChain() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("www.moved.dn-ldns.tld."), type: .a)
    XCTAssertEqual(report.validatorStatus, "secure")
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    XCTAssertEqual(report.cnameTargets.map(\.name.description), ["www.dn-bind.tld."])
    XCTAssertEqual(
      report.cnameTargets.first?.zones.map(\.name.description), [".", "tld.", "dn-bind.tld."])
  }

  /// Asked for the CNAME itself, the answer is the signed DNAME and the CNAME made from it:
  /// secure by RFC 6672 §5.3, and nothing to follow. Debian 12's libunbound 1.17 calls this
  /// bogus ("DS got DNAME answer … while building chain of trust": it looks for a zone cut at
  /// the name itself); when it does, the report must say that the two disagree.
  func testCNAMEQueryBelowADNAMEStopsAtTheSynthesizedCNAME() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("www.old.dn-ldns.tld."), type: .cname)
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    XCTAssertEqual(report.answer?.key.type, .dname)
    XCTAssertTrue(report.cnameTargets.isEmpty)
    let disagrees = report.findings.contains { $0.code == .validatorDisagreement }
    XCTAssertEqual(disagrees, report.validatorStatus != "secure", "\(report.findings.map(\.code))")
  }

  func testDNAMEEditedAfterSigningIsBogusAsForLibunbound() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("www.old.dn-tampered.tld."), type: .a)
    XCTAssertEqual(report.validatorStatus, "bogus")
    XCTAssertEqual(report.status, .bogus)
    XCTAssertEqual(report.answer?.key.type, .dname)
    XCTAssertFalse(report.findings.contains { $0.code == .validatorDisagreement })
  }

  /// RFC 6672 §5.3: the synthesized CNAME is unsigned, so only its agreement with the signed
  /// DNAME makes it trustworthy. A CNAME rewritten on the way (the DNAME and its signature left
  /// as the server sent them) must not be followed as secure.
  func testSynthesizedCNAMEThatDisagreesWithTheDNAMEIsBogus() async throws {
    let (fixture, resolver) = try fixture()
    let forged = try DNSName("www.dn-bind.tld.")
    let source = RewritingSource(
      inner: ResolverLookupSource(resolver), cnameOwner: try DNSName("www.old.dn-ldns.tld."),
      newTarget: forged)
    let anchors = try ChainTrustAnchors.records(
      for: .inProcess(zones: [], trustAnchors: [fixture.rootDS]))
    let report = await ChainBuilder(
      source: source, trustAnchors: anchors,
      options: ChainOptions(clock: FixedClock(fixture.judgedAt))
    ).build(name: try DNSName("www.old.dn-ldns.tld."), type: .a)
    XCTAssertEqual(report.status, .bogus)
    XCTAssertTrue(report.reason?.contains("www.dn-bind.tld.") ?? false, report.reason ?? "")
    XCTAssertTrue(report.cnameTargets.isEmpty, "a forged target must not be followed")
  }

  /// RFC 6672 §2.2: a rewritten name longer than 255 octets cannot exist, and the server says
  /// YXDOMAIN. libunbound returns that as a failed lookup, so the engine cannot judge an answer
  /// either: indeterminate for both, never secure, and nothing followed.
  func testRewriteLongerThanANameMayBeIsIndeterminateAsForLibunbound() async throws {
    let (fixture, resolver) = try fixture()
    let name = try DNSName(String(repeating: "x", count: 63) + ".long.dn-ldns.tld.")
    let report = try await fixture.builder(resolver).build(name: name, type: .a)
    XCTAssertEqual(report.validatorStatus, "indeterminate")
    XCTAssertEqual(report.status, .indeterminate)
    XCTAssertTrue(report.reason?.contains("YXDOMAIN") ?? false, report.reason ?? "")
    XCTAssertTrue(report.cnameTargets.isEmpty)
  }
}

/// A lookup source that changes the target of one CNAME in every answer, as an on-path attacker
/// could: everything else is what libunbound returned.
private struct RewritingSource: ChainLookupSource {
  let inner: ResolverLookupSource
  let cnameOwner: DNSName
  let newTarget: DNSName

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    var lookup = await inner.lookup(name, type)
    lookup.answer = lookup.answer.map { record in
      guard record.name == cnameOwner, case .cname = record.rdata else { return record }
      var forged = record
      forged.rdata = .cname(newTarget)
      return forged
    }
    return lookup
  }
}
