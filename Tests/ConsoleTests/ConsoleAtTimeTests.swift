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
    let state = await checkedState(engine)

    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC bogus"), header)
    let report = try XCTUnwrap(state.report)
    let nodes = report.chain.flatMap { $0.flattened() }
    XCTAssertFalse(nodes.isEmpty)
    // A DS that matches its key matches at any time; zones, RRsets and signatures do not hold.
    let judged = nodes.filter { [.zone, .rrset, .rrsig].contains($0.kind) }
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
    let state = await checkedState(engine)
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC secure"), header)
    XCTAssertTrue(header.contains("DANE verified"), header)
    XCTAssertFalse(state.report?.findings.contains { $0.code.rawValue == "VALIDATOR_DISAGREEMENT" } ?? true)
  }

  /// The console's state after `d ee-valid.example` and the check it starts.
  func checkedState(_ engine: CheckEngine) async -> ConsoleState {
    let source = CheckConsoleSource(label: "lab", scenarios: []) { engine }
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 120, height: 30)
    _ = state.handle(.character("d"))
    for character in "ee-valid.example" { _ = state.handle(.character(character)) }
    _ = state.handle(.enter)
    let events = EventRecorder()
    await source.check(domain: "ee-valid.example.", emit: events.record)
    for event in events.all { _ = state.apply(event) }
    return state
  }
}
