import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// A finding sits on the Chain of trust row it is about. In the lab's `alg16` the chain engine
/// and libunbound disagree on the MX RRset (VALIDATOR_DISAGREEMENT, subject
/// `alg16.example. MX`; Docs/Lab.md): the MX row carries it, while the Ed448 signature over the
/// MX, which verifies ("valid"), and the zone, whose DS and DNSKEY findings are its own, do not.
final class ChainFindingRowTests: LabFixtureTestCase {
  func testTheAlg16DisagreementIsOnTheMXRowOnly() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("alg16", engine: engine)
    let report = try XCTUnwrap(state.report)
    var nodes: [ChainNode] = []
    func walk(_ node: ChainNode) {
      nodes.append(node)
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    let carriers = nodes.filter { node in
      node.findings.contains { $0.code.description == "VALIDATOR_DISAGREEMENT" }
    }
    XCTAssertEqual(carriers.map(\.id), ["rrset alg16.example. MX"])
    let signature = try XCTUnwrap(nodes.first { $0.title.hasPrefix("RRSIG MX by") })
    XCTAssertEqual(signature.statusWord, "valid")
    XCTAssertEqual(signature.findings.map(\.code.description), [])
    let zone = try XCTUnwrap(nodes.first { $0.id == "zone alg16.example." })
    XCTAssertEqual(zone.findings.map(\.code.description), [])

    // On screen: the MX line counts the error, the signature's and the zone's lines count none.
    var screen = ScreenMask.state(state)
    screen.resize(width: 120, height: 40)
    _ = screen.apply(.showPane(.chain))
    let lines = Renderer().render(screen).lines
    let mx = try XCTUnwrap(lines.first { $0.contains("alg16.example. MX  insecure") })
    XCTAssertTrue(mx.contains("1 error"), mx)
    for line in lines where line.contains("RRSIG MX by") || line.contains("└─ alg16.example. ") {
      XCTAssertFalse(line.contains("error"), line)
    }
  }

  /// A finding about one signature (its key tag in the evidence) stays on that signature's row:
  /// `tlsa-expired`'s RRSIG_EXPIRED is on the TLSA signature as well as the TLSA RRset.
  func testASignatureFindingStaysOnItsSignature() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("tlsa-expired", engine: engine)
    let report = try XCTUnwrap(state.report)
    var nodes: [ChainNode] = []
    func walk(_ node: ChainNode) {
      nodes.append(node)
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    let expired = nodes.filter { node in
      node.findings.contains { $0.code.description == "RRSIG_EXPIRED" }
    }
    XCTAssertTrue(expired.contains { $0.kind == .rrsig && $0.title.hasPrefix("RRSIG TLSA") },
      "\(expired.map(\.title))")
  }
}
