import Foundation
import Lab
import XCTest

@testable import Console
@testable import ValidationCore

/// A DS record that matches a child key is a secure link only when the DS set itself validated
/// (RFC 4035 §5.2: the DS RRset is authenticated with the parent's keys before it may
/// authenticate the child's DNSKEY set). Under a DS set whose signature expired or does not
/// verify, the Chain of trust pane must not call the link secure, whatever the digest says.
final class DSLinkSecurityTests: XCTestCase {
  /// `danescope --lab ee-valid --at` two months on: every lab signature has expired (they run
  /// 30 days from the lab's start), so the DS sets of example. and ee-valid.example. do not
  /// validate, as `chain --at` says ("the DS set has no valid signature"). Their DS records
  /// still match the child keys.
  func testDSLinksUnderExpiredDSSetsAreNotSecure() async throws {
    let later = Date().addingTimeInterval(60 * 86_400)
    let engine = try await CheckEngine.lab(clock: FixedClock(later), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)
    let nodes = try XCTUnwrap(state.report).chain.flatMap { $0.flattened() }
    for zone in ["example.", "ee-valid.example."] {
      let links = nodes.filter { $0.kind == .ds && $0.id.hasPrefix("ds \(zone) ") }
      XCTAssertFalse(links.isEmpty, "no DS link for \(zone)")
      for link in links {
        XCTAssertTrue(link.title.contains("→ DNSKEY"), "the DS still matches: \(link.title)")
        XCTAssertEqual(link.status, .bogus, link.title)
        XCTAssertNil(link.statusWord, link.title)
        XCTAssertTrue(
          link.notes.contains { $0.contains("the link is not secure: the DS set is bogus") },
          "\(link.notes)")
      }
    }
    Self.assertNoSecureLinkUnderAnUnvalidatedDSSet(nodes)
    let anchorLinks = nodes.filter { $0.kind == .ds && $0.id.hasPrefix("ds . ") }
    XCTAssertFalse(anchorLinks.isEmpty, "no DS link for the trust anchor")
    for link in anchorLinks {
      XCTAssertEqual(link.status, .bogus, link.title)
      XCTAssertTrue(
        link.notes.contains { $0.contains("the link is not secure: the DNSKEY set of . is bogus") },
        "\(link.notes)")
    }

    // On screen: the DS rows of the tree read bogus, never secure.
    var screen = ScreenMask.state(state)
    screen.resize(width: 140, height: 60)
    _ = screen.apply(.showPane(.chain))
    // The root's DS rows too: its trust anchor is trusted as configured, but the root's DNSKEY
    // set has no valid signature as of then, so that link does not hold either.
    let rows = Renderer().render(screen).lines.filter { $0.contains("→ DNSKEY") }
    XCTAssertTrue(rows.contains { $0.contains("RSASHA256(8)") }, "no row for the root's DS")
    for row in rows {
      XCTAssertFalse(row.contains(" secure"), row)
      XCTAssertTrue(row.contains(" bogus"), row)
    }
  }

  /// Judged as of now, with one signature broken: the lab's RRSIG over `ee-valid.example. DS`
  /// has one octet of its signature changed on the way to the chain engine, so that the DS set
  /// of ee-valid.example. does not verify (the engine calls the zone bogus, as a validator
  /// would) while the DS itself still matches the child's key. example.'s own DS set is
  /// untouched, and its link stays secure.
  func testADSLinkUnderADSSetWithABrokenSignatureIsBogus() async throws {
    let lab = try await Lab.start(clock: SystemClock())
    defer { lab.stop() }
    let resolver = try UnboundResolver(lab.resolverConfiguration)
    let anchors = try ChainTrustAnchors.records(for: lab.resolverConfiguration)
    let domain = try DNSName("ee-valid.example.")
    let source = SignatureBreakingSource(
      inner: ResolverLookupSource(resolver), owner: domain, covered: .ds)
    let builder = ChainBuilder(source: source, trustAnchors: anchors, options: ChainOptions())
    let report = await builder.build(name: domain, type: .mx)
    XCTAssertEqual(report.status, .bogus, report.reason ?? "")
    let zone = try XCTUnwrap(report.zones.first { $0.name == domain })
    XCTAssertEqual(zone.dsSet?.status, .bogus)
    XCTAssertTrue(zone.ds.contains { $0.state == .matches }, "the DS still matches its key")

    let nodes = ChainTree.nodes([report]).flatMap { $0.flattened() }
    let broken = nodes.filter { $0.kind == .ds && $0.id.hasPrefix("ds ee-valid.example. ") }
    XCTAssertFalse(broken.isEmpty)
    for link in broken { XCTAssertEqual(link.status, .bogus, link.title) }
    let sound = nodes.filter { $0.kind == .ds && $0.id.hasPrefix("ds example. ") }
    XCTAssertFalse(sound.isEmpty)
    for link in sound { XCTAssertEqual(link.status, .secure, link.title) }
    Self.assertNoSecureLinkUnderAnUnvalidatedDSSet(nodes)
    // Nothing in or below the broken zone reads secure.
    let zoneNode = try XCTUnwrap(nodes.first { $0.id == "zone ee-valid.example." })
    let secure = zoneNode.flattened().filter { $0.status == .secure }
    XCTAssertTrue(secure.isEmpty, secure.map(\.title).joined(separator: "\n"))
  }

  /// Every DS link whose zone's DS signatures (the RRSIG nodes over `ZONE DS`) include none
  /// that is secure reads no better than them; nor does one, a trust anchor's included, whose
  /// zone's DNSKEY signatures include none that is secure.
  static func assertNoSecureLinkUnderAnUnvalidatedDSSet(
    _ nodes: [ChainNode], file: StaticString = #filePath, line: UInt = #line
  ) {
    let zones = nodes.filter { $0.kind == .zone }
    for zone in zones {
      let links = zone.children.filter { $0.kind == .ds }
      let isAnchor = zone.title.hasSuffix("(trust anchor)")
      let dsSigned = isAnchor || zone.children.contains {
        $0.kind == .rrsig && $0.title.contains(" DS by ") && $0.status == .secure
      }
      let keysSigned = zone.children.contains {
        $0.kind == .rrsig && $0.title.contains(" DNSKEY by ") && $0.status == .secure
      }
      guard !links.isEmpty, !(dsSigned && keysSigned) else { continue }
      for link in links where link.status == .secure {
        XCTFail("\(zone.title): \(link.title) reads secure over an unvalidated DS or DNSKEY set",
          file: file, line: line)
      }
    }
  }
}

/// The lab's answers with one octet changed in every RRSIG over one RRset: a signature that no
/// longer verifies, the rest of the answer as libunbound gave it.
private struct SignatureBreakingSource: ChainLookupSource {
  let inner: ResolverLookupSource
  let owner: DNSName
  let covered: RRType

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    var lookup = await inner.lookup(name, type)
    lookup.answer = lookup.answer.map(breaking)
    lookup.authority = lookup.authority.map(breaking)
    return lookup
  }

  private func breaking(_ record: ResourceRecord) -> ResourceRecord {
    guard record.name == owner, case .rrsig(var signature) = record.rdata,
      signature.typeCovered == covered, !signature.signature.isEmpty
    else { return record }
    signature.signature[signature.signature.count / 2] ^= 0x01
    var broken = record
    broken.rdata = .rrsig(signature)
    return broken
  }
}
