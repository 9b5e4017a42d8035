import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// After "DANE failed" the probe still says EHLO and QUIT over the session, only to end it
/// politely. A learner must not read that as delivery going on: the trace says, at the point
/// of failure, that a DANE sender stops there and delivers nothing (RFC 7672 §2.2), and that
/// danescope sends no mail. `trace` (TraceEventText) and the Handshake pane say it alike.
final class DANEStopLineTests: LabFixtureTestCase {
  /// `stale-301`: the record matches no certificate; the pane has the stop line after the
  /// failure and before the EHLO that follows it.
  func testTheHandshakePaneSaysTheSenderStopsBeforeTheEHLO() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = await stateAfterTyping("stale-301.example", engine: engine)
    let key = try XCTUnwrap(state.selectedProbe)
    let lines = try XCTUnwrap(state.traces[key]?.lines)
    let failed = try XCTUnwrap(lines.firstIndex { $0.text.hasPrefix("DANE failed: ") })
    let stop = try XCTUnwrap(lines.firstIndex { $0.text == TraceEventText.daneStopNote })
    let ehlo = try XCTUnwrap(lines.indices.first {
      $0 > failed && lines[$0].kind == .sent && lines[$0].text.hasPrefix("EHLO")
    })
    XCTAssertLessThan(failed, stop)
    XCTAssertLessThan(stop, ehlo)
    XCTAssertEqual(lines[stop].kind, .error)
    XCTAssertTrue(lines[stop].text.contains("does not deliver"))
    XCTAssertTrue(lines[stop].text.contains("sends no mail"))
  }

  /// `trace`'s lines for the same decision end with the same note, under the `dane:` line.
  func testTraceSaysItUnderTheDANELine() {
    let lines = TraceEventText.lines(
      for: .daneDecision(.failed(reason: "no matching DANE TLSA records"), matches: []))
    XCTAssertEqual(lines.first, "dane: not authenticated: no matching DANE TLSA records")
    XCTAssertEqual(lines.last, "  " + TraceEventText.daneStopNote)
  }

  /// A verified or not attempted decision says nothing of the kind: the sender goes on there.
  func testOnlyAFailureHasTheStopLine() throws {
    let record = TLSAData(usage: .daneEE, selector: .subjectPublicKeyInfo, matchingType: .sha256,
      data: [UInt8](repeating: 1, count: 32))
    let outcomes: [DANEOutcome] = [
      .verified(record: record, depth: 0), .notAttempted(.noUsableRecords),
    ]
    for outcome in outcomes {
      let text = TraceEventText.lines(for: .daneDecision(outcome, matches: []))
      XCTAssertFalse(text.contains { $0.contains("stops here") }, "\(text)")
      let event = TraceEvent(time: Date(), elapsed: 0, address: "127.0.0.1", port: 25,
        kind: .daneDecision(outcome, matches: []))
      XCTAssertFalse(TraceLine.lines(for: event).contains { $0.text.contains("stops here") })
    }
  }
}
