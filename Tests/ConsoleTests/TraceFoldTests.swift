import XCTest

@testable import Console

/// How a trace line too long for the Handshake pane folds onto the rows below it.
final class TraceFoldTests: XCTestCase {
  typealias Rows = HandshakePane.TraceRows
  let digest = String(repeating: "0123456789abcdef", count: 4)

  /// The text of each row of one trace line folded in the Handshake pane with `room` columns
  /// for the text (its time and mark take the rest), without the time, the mark and the indent.
  private func pieces(_ text: String, room: Int, kind: TraceLine.Kind = .certificate) -> [String] {
    let markColumns = TextWidth.columns(of: Rows.mark(for: kind, glyphs: .unicode).0)
    let width = room + 8 + markColumns
    let rows = Rows(
      lines: [TraceLine(elapsed: 0.25, kind: kind, text: text)], glyphs: .unicode, width: width)
    return (0..<rows.count).map { index in
      let row = rows.row(at: index)
      XCTAssertLessThanOrEqual(TextWidth.columns(of: row.text), width, row.text)
      XCTAssertEqual(row.isContinuation, index > 0)
      XCTAssertTrue(row.isSelectable, "every row of a trace takes the cursor")
      let text = String(row.text.dropFirst(8 + markColumns))
      // The folded rest starts under the text, past the time and the mark.
      if index > 0 {
        XCTAssertEqual(row.text.prefix(8 + markColumns).trimmingCharacters(in: .whitespaces), "")
      }
      return text.trimmingCharacters(in: .whitespaces)
    }
  }

  func testADigestThatFitsOnARowIsNotCutInTheMiddle() {
    XCTAssertEqual(pieces("[0] SPKI SHA-256 " + digest, room: 70), ["[0] SPKI SHA-256", digest])
  }

  /// A digest wider than a row breaks into pieces of even width, as digests do in the other
  /// panes (RowWrap), not at the row's end with a short last piece: 128 digits in 40 columns
  /// are four rows of 32, not 40, 40, 40 and 8.
  func testADigestWiderThanARowBreaksEvenlyAsInTheOtherPanes() {
    let long = digest + digest
    let shown = pieces("[0] SPKI SHA-512 " + long, room: 40)
    XCTAssertEqual(shown, ["[0] SPKI SHA-512"] + (0..<4).map { piece in
      String(long.dropFirst(32 * piece).prefix(32))
    })
  }

  func testProseBreaksAtTheLastSpaceAndDropsIt() {
    XCTAssertEqual(pieces("the server sent a certificate chain of three", room: 20, kind: .tls),
      ["the server sent a", "certificate chain of", "three"])
  }

  func testALeadingSpaceMakesNoEmptyRow() {
    let shown = pieces(" " + digest, room: 30, kind: .note)
    XCTAssertFalse(shown.contains(""), "\(shown)")
    XCTAssertEqual(shown.joined(), digest)
    // Even pieces here too: 64 digits beside the leading blank, 22, 21 and 21.
    XCTAssertEqual(shown.map(\.count), [22, 21, 21])
  }

  /// The hint of a Handshake pane with nothing selected folds like any long line: the whole
  /// sentence is on screen, whatever the width.
  func testTheHandshakeHintFoldsInANarrowPane() {
    var state = ReportFixture.state(width: 110, height: 30)
    _ = state.handle(.character("3"))
    state.selectedProbe = nil
    let screen = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(screen.contains("to see its"), screen)
    XCTAssertTrue(screen.contains("handshake."), screen)
  }

  /// An error longer than the status row takes two rows, the pane giving one up: its end, which
  /// says what to do, is on screen, and the hints stay above it; a short message gives the row
  /// back.
  func testALongStatusMessageTakesTwoRows() {
    var state = ReportFixture.state(width: 80, height: 24)
    let long =
      "'bücher.example' is not a mail domain: label 1 has the non-ASCII 'ü': give the name in"
      + " its xn-- (punycode) form, e.g. xn--bcher-kva for bücher"
    state.say(long, isError: true)
    let lines = Renderer().render(state).lines
    let bottom = lines.suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }
    XCTAssertEqual(bottom.joined(separator: " "), long)
    XCTAssertTrue(lines[lines.count - 3].hasSuffix("? help q quit"), lines[lines.count - 3])
    state.say("Theme: dark")
    let short = Renderer().render(state).lines
    XCTAssertTrue(short[short.count - 2].contains("q quit"), short[short.count - 2])
    XCTAssertEqual(short.last?.trimmingCharacters(in: .whitespaces), "Theme: dark")
  }

  /// Drawn with ASCII (--ascii, or a locale that is not UTF-8), the status line's dash is a
  /// hyphen, not a question mark.
  func testTheStatusLineDashIsAHyphenInASCII() {
    var state = ReportFixture.state(width: 100, height: 24)
    state.options = ConsoleOptions(isASCII: true, isMonochrome: false)
    state.say("Checked mail.example.: 1 finding — press 4 to see it.")
    let last = Renderer().render(state).lines.last ?? ""
    XCTAssertTrue(last.contains("1 finding - press 4"), last)
  }
}
