import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// `danescope --lab --at TIME`: the lab is signed around the real time of the start
/// (Docs/Lab.md), and TIME only judges those signatures, in every pane alike, as `check --lab
/// --at` does. libunbound's verdicts of now are then not compared (Docs/Decisions.md D-policy-4).
final class ConsoleAtTimeTests: XCTestCase {
  func testSignaturesExpiredAtTimeAreBogusInTheHeaderTheChainAndTheFindings() async throws {
    // The lab's signatures run from an hour before its start to 30 days after it.
    let later = Date().addingTimeInterval(60 * 86_400)
    let engine = try await CheckEngine.lab(clock: FixedClock(later), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)

    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC bogus"), header)
    let report = try XCTUnwrap(state.report)
    let nodes = report.chain.flatMap { $0.flattened() }
    XCTAssertFalse(nodes.isEmpty)
    // Zones, RRsets, signatures and DS links do not hold: a DS still matches its key, but
    // under a DS set whose signatures expired the link is not secure (DSLinkSecurityTests).
    // The trust anchor's own DS is trusted as configured, not validated: it still matches.
    let judged = nodes.filter { [.zone, .ds, .rrset, .rrsig].contains($0.kind) }
      .filter { !$0.id.hasPrefix("ds . ") }
    XCTAssertFalse(judged.isEmpty)
    let shownSecure = judged.filter { $0.status == .secure || $0.statusWord == "valid" }
    XCTAssertTrue(shownSecure.isEmpty, shownSecure.map(\.title).joined(separator: "\n"))
    let codes = report.findings.map(\.code.rawValue)
    XCTAssertTrue(codes.contains("RRSIG_EXPIRED"), "\(codes)")
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
  }

  func testAtTheRealTimeTheLabIsSecureWithNoDisagreement() async throws {
    let engine = try await CheckEngine.lab(clock: FixedClock(Date()), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC secure"), header)
    XCTAssertTrue(header.contains("DANE verified"), header)
    let codes = state.report?.findings.map(\.code.rawValue) ?? []
    XCTAssertNotNil(state.report)
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
  }
}
