import XCTest

@testable import Console

final class CellGridTests: XCTestCase {
  func testWideCharactersTakeTwoCellsAndControlsAreReplaced() {
    var grid = CellGrid(width: 10, height: 1)
    let end = grid.put("a漢b\u{1B}[2J", x: 0, y: 0, role: .normal)
    XCTAssertEqual(end, 8)
    XCTAssertEqual(grid.lines, ["a漢b?[2J"])
    XCTAssertTrue(grid[2, 0].isContinuation)
    XCTAssertEqual(TextWidth.columns(of: "e\u{301}"), 1)
    XCTAssertEqual(TextWidth.columns(of: "🔒"), 2)
  }

  func testAWideCharacterThatDoesNotFitIsNotHalfDrawn() {
    var grid = CellGrid(width: 4, height: 1)
    grid.put("abc漢", x: 0, y: 0, role: .normal)
    XCTAssertEqual(grid.lines, ["abc"])
  }

  func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
    var grid = CellGrid(width: 4, height: 1)
    grid.put("漢字", x: 0, y: 0, role: .normal)
    grid.put("x", x: 1, y: 0, role: .normal)
    XCTAssertEqual(grid.lines, [" x字"])
  }

  func testTruncationMarksTheCut() {
    XCTAssertEqual(TextWidth.truncate("abcdef", to: 4), "abc…")
    XCTAssertEqual(TextWidth.truncate("abcdef", to: 4, ascii: true), "abc~")
    XCTAssertEqual(TextWidth.pad("ab", to: 4), "ab  ")
  }
}
