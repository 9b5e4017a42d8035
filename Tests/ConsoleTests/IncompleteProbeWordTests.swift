import XCTest

@testable import Console

/// A probe stopped by the whole check's time limit reads `incomplete` on the console, the word
/// the header's badge, `check`'s text and `--json` use (Docs/JSON.md), not a word of its own
/// ("not finished" before).
final class IncompleteProbeWordTests: XCTestCase {
  func testTheVerdictWordIsJSONsWord() {
    XCTAssertEqual(ConsoleReport.ProbeVerdict.incomplete.word, "incomplete")
  }

  func testTheHandshakeCaptionOfAStoppedProbeSaysIncomplete() {
    var state = ConsoleState(sourceLabel: "lab", options: ConsoleOptions())
    let key = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.5")
    state.selectedProbe = key
    state.traces[key] = TraceLog(
      lines: [], isRunning: false, verdict: .incomplete)
    let caption = HandshakePane.caption(state, glyphs: state.glyphs, width: 100)
    XCTAssertTrue(
      caption.text.hasPrefix("mx1.mail.example. [127.0.0.5]  incomplete"), caption.text)
    XCTAssertFalse(caption.text.contains("not finished"), caption.text)
  }
}
