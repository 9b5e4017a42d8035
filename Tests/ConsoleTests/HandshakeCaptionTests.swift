import Lab
import XCTest

@testable import Console

/// The line above the handshake trace names the host and the address probed. On a narrow pane
/// the verdict comes first and the host name gives way, marked, so that the address (which of
/// the host's servers the trace is about) is never cut: at 80 columns the lab's longest host
/// read `DANE … mx1.ta-no-intermediate-210.example. [127.0` before.
final class HandshakeCaptionTests: XCTestCase {
  static let host = "mx1.ta-no-intermediate-210.example."

  func testAWideCaptionShowsHostAddressAndVerdictWhole() {
    let caption = Self.caption(width: 100).text
    XCTAssertTrue(caption.hasPrefix("\(Self.host) [127.0.0.5]  "), caption)
  }

  func testANarrowCaptionShortensTheHostAndKeepsTheAddressWhole() {
    for width in [40, 45, 56] {
      let caption = Self.caption(width: width).text
      XCTAssertTrue(caption.hasSuffix("… [127.0.0.5]"), "\(width): \(caption)")
      XCTAssertTrue(caption.contains("  mx1.ta-no-"), "\(width): \(caption)")
      XCTAssertEqual(TextWidth.columns(of: caption), width, caption)
    }
  }

  func testTheASCIIThemeMarksTheCutWithATilde() {
    let caption = Self.caption(width: 45, ascii: true).text
    XCTAssertTrue(caption.hasSuffix("  mx1.ta-no-intermediate~ [127.0.0.5]"), caption)
  }

  static func caption(width: Int, ascii: Bool = false) -> Row {
    var state = ConsoleState(sourceLabel: "lab", options: ConsoleOptions(isASCII: ascii))
    state.selectedProbe = ProbeKey(host: host, address: "127.0.0.5")
    return HandshakePane.caption(state, glyphs: state.glyphs, width: width)
  }
}

/// The console shows a lab scenario's code in plain quotes, in its title as in its lesson
/// (`A \`2 1 0\` record …` read with its backticks in the findings pane before).
final class ScenarioEntryQuotingTests: XCTestCase {
  func testNoScenarioTextOnTheConsoleKeepsABacktick() throws {
    let entry = ScenarioEntry(try XCTUnwrap(Lab.scenario(named: "ta-no-intermediate-210")))
    XCTAssertEqual(entry.title, "A '2 1 0' record matches a CA key the server leaves out")
    for scenario in Lab.scenarios {
      let entry = ScenarioEntry(scenario)
      for text in [entry.title, entry.teaching, entry.expected] {
        XCTAssertFalse(text.contains("`"), "\(scenario.name): \(text)")
      }
    }
  }
}
