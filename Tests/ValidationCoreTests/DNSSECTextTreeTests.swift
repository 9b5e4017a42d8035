import XCTest

@testable import ValidationCore

final class DNSSECTextTreeTests: XCTestCase {
  func testControlCharactersFromTheNetworkAreReplaced() {
    XCTAssertEqual(ChainTextTree.clean("a\u{1B}[31mb\tc\u{7F}\r\n"), "a\\027[31mb c\\127\\013\\010")
  }

  func testTreeDrawingWithBothGlyphSets() {
    let node = ChainTextTree.Node(
      text: "root",
      children: [
        ChainTextTree.Node(text: "a", children: [ChainTextTree.Node(text: "a1")]),
        ChainTextTree.Node(text: "b"),
      ])
    XCTAssertEqual(ChainTextTree().draw(node), ["root", "├─ a", "│  └─ a1", "└─ b"])
    XCTAssertEqual(ChainTextTree(ascii: true).draw(node), ["root", "|- a", "|  `- a1", "`- b"])
  }

  func testASCIIOutputReplacesEveryNonASCIICharacter() {
    let text = ASCIIText.spelled("2026-12-04T16:11:47Z → 2027-01-03T17:11:47Z §4.1 … é")
    XCTAssertEqual(text, "2026-12-04T16:11:47Z -> 2027-01-03T17:11:47Z section 4.1 ... ?")
  }
}
