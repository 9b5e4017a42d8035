import Foundation
import XCTest

@testable import Console

/// A status message too long for one row: the status line grows (up to three rows) so that the
/// message reads whole, and the key hints stay with `? help` and `q quit` (User Guide, console).
final class LongStatusMessageTests: XCTestCase {
  /// The message the console shows for a theme file with a bad colour on line 2, made the way
  /// the console makes it: the catalogue's error, then the theme used instead.
  func testThemeErrorReadsWholeAndTheHintsStay() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-sl-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "normal = default\nwarning = purple\n".write(
      to: folder.appendingPathComponent("bad.theme"), atomically: true, encoding: .utf8)
    let (theme, error) = ThemeCatalog(directories: [folder]).load("bad")
    let message = "\(try XCTUnwrap(error).description); using the \(theme.name) theme"

    for width in [80, 120] {
      var state = ReportFixture.state(width: width, height: 24)
      _ = state.apply(.message(message, isError: true))
      XCTAssertGreaterThan(TextWidth.columns(of: message), width - 1, "longer than one row")
      let lines = Renderer().render(state).lines
      let hints = lines[state.layout.hints.y]
      XCTAssertTrue(hints.hasSuffix("? help q quit"), hints)
      let rows = state.layout.status.height
      XCTAssertTrue((2...ConsoleState.statusRowLimit).contains(rows), "\(rows) rows")
      XCTAssertEqual(state.layout.hints.y, 23 - rows)
      let shown = lines[(24 - rows)...].map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
      XCTAssertEqual(shown, message)
      XCTAssertEqual(state.layout.pane.maxY, state.layout.hints.y, "the pane gave up a row")
    }
  }

  /// The next short message gives the rows back; a message past three rows is cut, marked.
  func testStatusLineShrinksAgainAndCutsPastThreeRows() {
    var state = ReportFixture.state(width: 80, height: 24)
    let paneHeight = state.layout.pane.height
    _ = state.apply(.message(String(repeating: "word ", count: 80), isError: true))
    XCTAssertEqual(state.layout.status.height, ConsoleState.statusRowLimit)
    let lines = Renderer().render(state).lines
    XCTAssertTrue(lines[23].hasSuffix("…"), lines[23])
    XCTAssertTrue(lines[state.layout.hints.y].hasSuffix("? help q quit"),
      lines[state.layout.hints.y])
    _ = state.apply(.message("Theme: dark", isError: false))
    XCTAssertEqual(state.layout.status.height, 1)
    XCTAssertEqual(state.layout.pane.height, paneHeight)
  }

  /// A path wider than the terminal is folded too, not cut at the edge.
  func testWordWiderThanTheRowIsFolded() {
    var state = ReportFixture.state(width: 60, height: 24)
    let path = "/" + String(repeating: "deep/", count: 16) + "bad.theme"
    _ = state.apply(.message("theme \(path):2: bad colour", isError: true))
    let lines = Renderer().render(state).lines
    let rows = state.layout.status.height
    XCTAssertEqual(rows, 3)
    XCTAssertEqual(lines[(24 - rows)...].map { String($0.dropFirst()) }.joined(separator: "|"),
      "theme|" + path.prefix(59) + "|" + path.dropFirst(59) + ":2: bad colour")
    XCTAssertTrue(lines[state.layout.hints.y].hasSuffix("? help q quit"))
  }

  /// The cursor of a pane stays on screen when a long message makes the pane shorter.
  func testCursorStaysVisibleWhenTheStatusLineGrows() {
    var state = ReportFixture.state(width: 80, height: 12)
    _ = state.handle(.character("2"))
    _ = state.handle(.character("G"))
    let cursor = state.position(of: .tlsa).cursor
    _ = state.apply(.message(String(repeating: "word ", count: 40), isError: true))
    let position = state.position(of: .tlsa)
    XCTAssertEqual(position.cursor, cursor)
    XCTAssertLessThan(position.cursor - position.scroll, state.layout.listHeight(for: .tlsa))
  }
}
