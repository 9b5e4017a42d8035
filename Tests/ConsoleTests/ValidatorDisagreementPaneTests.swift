import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The lab's `alg16` zone is signed with Ed448 only, which Debian 12's libunbound does not
/// implement: libunbound calls every RRset in it insecure (RFC 4035 §5.2, Docs/Lab.md), while
/// danescope's chain engine validates it. libunbound's verdict is the one the check acts on, so
/// no node of the Chain of trust pane for a record the check used may read better than it, and
/// the engine's own verdict must still show as the evidence of the disagreement.
final class ValidatorDisagreementPaneTests: LabFixtureTestCase {
  func testAlg16RecordsUsedReadNoBetterThanLibunbound() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("alg16", engine: engine)
    let report = try XCTUnwrap(state.report)
    // The documented outcome (Docs/Lab.md: MX insecure, addresses insecure, no TLSA lookup),
    // which LabValidatorAgreementTests compares with the unbound daemon and delv.
    XCTAssertEqual(report.mxStatus, .insecure)
    let host = try XCTUnwrap(report.hosts.first { $0.name == "mx1.alg16.example." })
    XCTAssertEqual(host.addressStatus, .insecure)

    let used = ["alg16.example. MX", "mx1.alg16.example. A"]
    var shown: [String: ChainNode] = [:]
    func walk(_ node: ChainNode) {
      if node.kind == .rrset, used.contains(node.title) { shown[node.title] = node }
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    for title in used {
      let node = try XCTUnwrap(shown[title], "no node for \(title) in the chain pane")
      XCTAssertEqual(node.status, .insecure, "\(title) reads \(node.status) over libunbound's insecure")
      XCTAssertTrue(
        node.notes.contains { $0.contains("found it secure") },
        "\(title): the chain engine's own verdict is not shown: \(node.notes)")
    }
    // Nothing on the pane's screen says a used record is secure: its line is the title and the
    // status word.
    var screen = ScreenMask.state(state)
    screen.resize(width: 120, height: 40)
    _ = screen.apply(.showPane(.chain))
    let lines = Renderer().render(screen).lines
    for title in used {
      for line in lines where line.contains(title) {
        XCTAssertFalse(line.contains("secure") && !line.contains("insecure"), line)
      }
    }
    // The A node's detail says why it reads insecure, and what the engine found.
    _ = screen.apply(.focusPane)
    while screen.selectedKey != "chain:rrset mx1.alg16.example. A",
      screen.position(of: .chain).cursor + 1 < screen.content(of: .chain).count
    {
      _ = screen.apply(.down)
    }
    XCTAssertEqual(screen.selectedKey, "chain:rrset mx1.alg16.example. A")
    let detail = Renderer().render(screen).lines.joined(separator: "\n")
    XCTAssertTrue(detail.contains("acts on its own A lookup of mx1.alg16.example."), detail)
    XCTAssertTrue(detail.contains("libunbound says: insecure"), detail)
  }

  /// The zone `alg16.example.` and its keys came from a DNSKEY lookup that libunbound answered
  /// insecure (measured: `danescope chain --lab alg16.example DNSKEY` says "libunbound:
  /// insecure"): neither the zone, nor its DS link into the Ed448 key, nor the key may read
  /// secure, and the engine's own secure stays as the evidence. The Ed448 signatures keep
  /// "valid" (they do verify, with the engine) but not the secure status, and say why.
  func testAlg16ZoneKeysAndDSReadNoBetterThanLibunbound() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("alg16", engine: engine)
    let report = try XCTUnwrap(state.report)
    var nodes: [ChainNode] = []
    func walk(_ node: ChainNode) {
      nodes.append(node)
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    let zone = try XCTUnwrap(nodes.first { $0.id == "zone alg16.example." })
    XCTAssertEqual(zone.status, .insecure, "the zone reads \(zone.status)")
    XCTAssertTrue(
      zone.notes.contains { $0.contains("DNSKEY lookup") && $0.contains("found it secure") },
      "\(zone.notes)")
    XCTAssertTrue(zone.notes.contains { $0.contains("ED448(16)") }, "\(zone.notes)")
    let links = nodes.filter { $0.kind == .ds && $0.id.hasPrefix("ds alg16.example. ") }
    let keys = nodes.filter { $0.kind == .dnskey && $0.id.hasPrefix("key alg16.example. ") }
    XCTAssertFalse(links.isEmpty)
    XCTAssertFalse(keys.isEmpty)
    for node in links + keys {
      XCTAssertEqual(node.status, .insecure, "\(node.title) reads \(node.status)")
    }
    let ed448 = nodes.filter { $0.kind == .rrsig && $0.id.hasSuffix(" ED448(16)") }
    XCTAssertFalse(ed448.isEmpty)
    for node in ed448 {
      XCTAssertEqual(node.statusWord, "valid", node.title)
      XCTAssertEqual(node.status, .insecure, node.title)
      XCTAssertTrue(
        node.notes.contains(
          "This signature is valid, but its zone alg16.example. is held insecure to libunbound's"
            + " status for the lookups that fetched the zone's DS and DNSKEY sets (see the zone's"
            + " Why)."),
        "\(node.notes)")
    }
    // Every held note is a whole sentence.
    for node in links + keys + ed448 {
      for note in node.notes where note.contains("held insecure") {
        XCTAssertTrue(note.hasSuffix("(see the zone's Why)."), note)
        XCTAssertFalse(note.contains(", to libunbound's"), note)
      }
    }
    // The example. zone above, which libunbound validates, is untouched.
    XCTAssertEqual(nodes.first { $0.id == "zone example." }?.status, .secure)
    var screen = ScreenMask.state(state)
    screen.resize(width: 120, height: 40)
    _ = screen.apply(.showPane(.chain))
    for line in Renderer().render(screen).lines
    where line.contains("ED448") || line.contains("alg16.example.  ") {
      XCTAssertFalse(line.contains("secure") && !line.contains("insecure"), line)
    }
  }

  /// The chain pane shows no finding that the Findings pane and the status line leave out:
  /// those list the check's findings, as `check`'s text and JSON report do, and the engine's
  /// own VALIDATOR_DISAGREEMENT for mx1's A record is not one of them (check builds no chain for
  /// the A record; its report names the A lookup's insecure in ADDRESS_INSECURE).
  func testAlg16ChainPaneShowsOnlyFindingsTheFindingsPaneLists() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("alg16", engine: engine)
    let report = try XCTUnwrap(state.report)
    let listed = Set(ChainFindings.flatten(report.findings).map { "\($0.code) \($0.subject)" })
    var attached: [String] = []
    func walk(_ node: ChainNode) {
      attached += ChainFindings.flatten(node.findings).map { "\($0.code) \($0.subject)" }
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    XCTAssertFalse(attached.isEmpty, "the MX disagreement is shown on its node")
    for finding in attached {
      XCTAssertTrue(listed.contains(finding), "\(finding) is on the chain pane only: \(listed)")
    }
    XCTAssertFalse(attached.contains("VALIDATOR_DISAGREEMENT mx1.alg16.example. A"))
  }
}
