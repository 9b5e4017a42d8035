import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// The frame around the panes at narrow widths, as a tester saw it through tmux: the tab bar
/// cut mid-word ("4 Findi" at 50 columns, the last tab gone at 40), the tree's scroll bar
/// against the separator ("││"), a stray character of the pane between the help box and the
/// scroll bar, and "(1 octets)" in the trace.
final class NarrowChromeTests: XCTestCase {
  private func tabRow(_ state: ConsoleState) -> String {
    let line = Renderer().render(state).lines[state.layout.tabs.y]
    // The grid's lines end at their last mark; the bar's last blank is put back.
    return String(line.dropFirst(state.layout.tabs.x)) + " "
  }

  /// Every tab's number shows at every width, the open pane's title whole; whatever is cut
  /// ends with `…`, as the header's words do.
  func testEveryTabShowsAndCutsAreMarked() {
    let whole = Set(PaneKind.allCases.flatMap {
      "\($0.rawValue + 1) \($0.title)".split(separator: " ").map(String.init)
    })
    for width in [40, 41, 45, 50, 53, 54, 60, 79, 80, 100, 120] {
      for pane in PaneKind.allCases {
        var state = ReportFixture.state(width: width, height: 24)
        _ = state.handle(.character(Character("\(pane.rawValue + 1)")))
        let tabs = tabRow(state)
        for number in 1...4 {
          XCTAssertTrue(tabs.contains(" \(number) "), "\(width), \(pane): '\(tabs)'")
        }
        // The open pane's title whole ("Chain" is how the first one shortens).
        XCTAssertTrue(tabs.contains(" \(pane.rawValue + 1) \(pane.title) ")
          || (pane == .chain && tabs.contains(" 1 Chain ")), "\(width), \(pane): '\(tabs)'")
        for word in tabs.split(separator: " ").map(String.init) where !whole.contains(word) {
          XCTAssertTrue(word.hasSuffix("…"), "\(width), \(pane): '\(word)' cut in '\(tabs)'")
        }
      }
    }
    // At 50 columns the first title gives way, not the last: "4 Findings" stays whole.
    XCTAssertTrue(tabRow(ReportFixture.state(width: 50, height: 24)).contains(" 4 Findings "))
  }

  /// A click on a tab opens the pane under it in the labels drawn at that width.
  func testAClickOnANarrowTabOpensItsPane() throws {
    var state = ReportFixture.state(width: 40, height: 24)
    let tabs = tabRow(state)
    let column = try XCTUnwrap(tabs.range(of: " 4 ")).lowerBound
    let x = state.layout.tabs.x + tabs.distance(from: tabs.startIndex, to: column) + 1
    _ = state.handle(.mouse(x: x, y: state.layout.tabs.y, action: .click))
    XCTAssertEqual(state.pane, .findings)
  }

  /// The tree longer than its column scrolls on the separator itself: no "││" or "┃│".
  func testTheTreeScrollsOnItsSeparator() throws {
    var state = ReportFixture.state(width: 100, height: 20)
    let entries = (1...40).map {
      ScenarioEntry(name: "scenario-\($0)", domain: "s\($0).example.", title: "t",
        teaching: "", expected: "")
    }
    _ = state.apply(.scenarios(entries))
    XCTAssertGreaterThan(state.navigationItems.count, try XCTUnwrap(state.navigationRect).height)
    let lines = Renderer().render(state).lines
    let separator = try XCTUnwrap(state.navigationRect).maxX
    var marks = 0
    for line in lines.dropFirst() {
      XCTAssertFalse(line.contains("││") || line.contains("┃│"), line)
      let cells = Array(line)
      if separator < cells.count, cells[separator] == "┃" { marks += 1 }
    }
    XCTAssertEqual(marks, 1, "one scroll mark, on the separator")
  }

  /// The help box at 50 columns: a blank column on each side of its border, not a character
  /// of the pane behind.
  func testTheHelpBoxHasABlankColumnOnEachSide() {
    for width in [50, 60, 80] {
      var state = ReportFixture.state(width: width, height: 24)
      _ = state.handle(.character("3"))
      _ = state.handle(.character("?"))
      let box = state.layout.overlay
      // The grid's lines end at their last mark: padded back to the width.
      let lines = Renderer().render(state).lines.map {
        Array($0 + String(repeating: " ", count: max(0, width - $0.count)))
      }
      for y in box.y..<box.maxY {
        XCTAssertEqual(lines[y][box.maxX], " ", "\(width), row \(y): \(String(lines[y]))")
        XCTAssertEqual(lines[y][box.x - 1], " ", "\(width), row \(y): \(String(lines[y]))")
      }
    }
  }

  /// One octet is "1 octet": ChangeCipherSpec's body is one octet long.
  func testOneOctetIsSingular() {
    let event = { (length: Int) in
      TraceEvent(time: Date(), elapsed: 0, address: "127.0.0.1", port: 25,
        kind: .tlsMessage(TLSMessage(direction: .sent, content: .changeCipherSpec, length: length)))
    }
    XCTAssertEqual(TraceLine.lines(for: event(1)).map(\.text), ["sent ChangeCipherSpec (1 octet)"])
    XCTAssertEqual(TraceLine.lines(for: event(2)).map(\.text), ["sent ChangeCipherSpec (2 octets)"])
  }
}

/// The Chain of trust pane's "expires in" truncates too, as `chain`'s text does: just under two
/// days is hours, never "2 d".
final class ChainSpanTests: XCTestCase {
  func testJustUnderABoundaryIsNotTheBoundary() {
    XCTAssertEqual(ChainTree.span(2 * 86_400 - 0.4), "47 h")
    XCTAssertEqual(ChainTree.span(30 * 86_400 - 0.4), "29 d")
    XCTAssertEqual(ChainTree.span(2 * 3_600 - 0.4), "119 min")
  }
}
