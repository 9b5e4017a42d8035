import XCTest

@testable import Console

/// How a trace line too long for the Handshake pane folds onto the rows below it.
final class TraceFoldTests: XCTestCase {
  typealias Rows = HandshakePane.TraceRows
  let digest = String(repeating: "0123456789abcdef", count: 4)

  func testADigestThatFitsOnARowIsNotCutInTheMiddle() {
    let text = "[0] SPKI SHA-256 " + digest
    let pieces = Rows.split(text, room: 70)
    XCTAssertEqual(pieces, ["[0] SPKI SHA-256", digest])
  }

  func testAWordLongerThanTheRoomIsCutWhereTheRoomEnds() {
    let pieces = Rows.split("SHA-512 " + digest + digest, room: 40)
    XCTAssertTrue(pieces.allSatisfy { $0.count <= 40 }, "\(pieces)")
    XCTAssertEqual(pieces.joined(), "SHA-512 " + digest + digest)
    XCTAssertEqual(pieces.first?.count, 40)
  }

  func testProseBreaksAtTheLastSpaceAndDropsIt() {
    let pieces = Rows.split("the server sent a certificate chain of three", room: 20)
    XCTAssertEqual(pieces, ["the server sent a", "certificate chain of", "three"])
  }

  func testALeadingSpaceMakesNoEmptyRow() {
    let pieces = Rows.split(" " + digest, room: 30)
    XCTAssertFalse(pieces.contains(""), "\(pieces)")
    XCTAssertEqual(pieces.joined(), " " + digest)
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
