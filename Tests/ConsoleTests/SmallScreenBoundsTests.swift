import XCTest

@testable import Console

/// Small terminals: the overlays stay above the key hints and a grown status line, the domain
/// prompt scrolls to keep its cursor in view, and "too small" names the size needed.
final class SmallScreenBoundsTests: XCTestCase {
  private func type(_ text: String, into state: inout ConsoleState) {
    for character in text { _ = state.handle(.character(character)) }
  }

  /// A refused domain whose first label has 70 characters folds the error over three status
  /// rows; help and the explanation then open over the pane only, the hints and the whole
  /// message still showing below them.
  func testOverlaysStayAboveTheHintsAndAGrownStatusLine() {
    for (width, height) in [(40, 10), (44, 12)] {
      for key: Character in ["?", "e"] {
        var state = ReportFixture.state(width: width, height: height)
        // The explanation is of the finding selected in the Findings pane.
        if key == "e" { _ = state.handle(.character("4")) }
        _ = state.handle(.character("d"))
        type(String(repeating: "a", count: 70) + ".example", into: &state)
        _ = state.handle(.enter)
        XCTAssertTrue(state.statusIsError)
        let rows = state.layout.status.height
        XCTAssertGreaterThan(rows, 1, "the message takes more than one row")
        let before = Renderer().render(state).lines
        _ = state.handle(.character(key))
        XCTAssertNotNil(state.overlay, "\(key) opened nothing")
        let lines = Renderer().render(state).lines
        let hints = state.layout.hints.y
        XCTAssertEqual(hints, height - 1 - rows)
        XCTAssertLessThanOrEqual(state.layout.overlay.maxY, hints, "\(width)x\(height) \(key)")
        XCTAssertTrue(lines[hints].hasSuffix("? help q quit"), lines[hints])
        XCTAssertEqual(Array(lines[hints...]), Array(before[hints...]), "\(width)x\(height)")
        // The box is whole: its bottom border is drawn on the row above the hints.
        let bottom = lines[state.layout.overlay.maxY - 1]
        XCTAssertTrue(bottom.contains("┘"), bottom)
        XCTAssertTrue(lines[hints - 1].contains("┘"), lines[hints - 1])
      }
    }
  }

  /// At 40 columns a name longer than the prompt scrolls: its end and the cursor stay in view,
  /// the text scrolled off marked at the left; in ASCII the mark is `~` and the cursor `_`.
  func testTheDomainPromptScrollsToKeepTheCursorVisible() {
    let name = "mail-" + String(repeating: "x", count: 40) + ".end-of-name.example"
    for isASCII in [false, true] {
      var state = ReportFixture.state(width: 40, height: 12)
      state.options.isASCII = isASCII
      _ = state.handle(.character("d"))
      type(name, into: &state)
      let row = Renderer().render(state).lines[state.layout.status.y]
      let cursor = isASCII ? "_" : "▏"
      let mark = isASCII ? "~" : "…"
      XCTAssertEqual(row.count, 40, row)
      XCTAssertTrue(row.hasPrefix("domain: " + mark), row)
      XCTAssertTrue(row.hasSuffix(".end-of-name.example" + cursor), row)
      // Everything shown after the mark is the end of what was typed, nothing skipped.
      let shown = row.dropFirst(("domain: " + mark).count).dropLast()
      XCTAssertTrue(name.hasSuffix(shown), row)
      XCTAssertEqual(shown.count, 40 - 8 - 2)
      // Backspaced to a short name, no mark: the text from its start.
      for _ in 0..<(name.count - 4) { _ = state.handle(.backspace) }
      let short = Renderer().render(state).lines[state.layout.status.y]
      XCTAssertTrue(short.hasPrefix("domain: mail" + cursor), short)
    }
  }

  /// Below 40x10 the screen says what size is needed, in as many rows as it has, never cut
  /// before the size.
  func testTooSmallNamesTheSizeNeeded() {
    for (width, height) in [(20, 5), (39, 9), (12, 3), (20, 1), (10, 2), (79, 4)] {
      var state = ReportFixture.state(width: 80, height: 24)
      state.resize(width: width, height: height)
      let text = Renderer().render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
      XCTAssertTrue(text.contains("need"), "\(width)x\(height): \(text)")
      XCTAssertTrue(text.contains("40×10"), "\(width)x\(height): \(text)")
    }
    var state = ReportFixture.state(width: 80, height: 24)
    state.resize(width: 20, height: 5)
    XCTAssertEqual(
      Renderer().render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) },
      ["Terminal too small:", "need at least 40×10,", "this one is 20×5.", "", ""])
    state.options.isASCII = true
    state.resize(width: 12, height: 2)
    XCTAssertEqual(
      Renderer().render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) },
      ["Too small:", "need 40x10"])
  }
}
