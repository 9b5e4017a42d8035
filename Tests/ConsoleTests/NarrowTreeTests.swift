import XCTest

@testable import Console

/// Below 80 columns the navigation tree has no column: `h` draws it over the pane, and it picks
/// scenarios, hosts and addresses as it does beside the pane.
final class NarrowTreeTests: XCTestCase {
  private let mx2 = ProbeKey(host: "mx2.mail.example.", address: "127.0.0.3")

  func testTheTreePicksTheSecondAddressForTheHandshakePane() {
    var state = ReportFixture.state(width: 70, height: 24)
    _ = state.apply(.traceStarted(ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")))
    _ = state.handle(.character("3"))
    XCTAssertNil(state.navigationRect, "no tree until asked for")
    XCTAssertFalse(screen(state).contains("127.0.0.3"))

    _ = state.handle(.character("h"))
    XCTAssertEqual(state.focus, .navigation)
    XCTAssertEqual(state.navigationRect, state.layout.navigationDrawer)
    let drawn = Renderer().render(state).lines
    XCTAssertTrue(drawn[2].hasPrefix("  mx1.mail.example."), drawn.joined(separator: "\n"))
    XCTAssertTrue(drawn[5].hasPrefix("    127.0.0.3"), drawn.joined(separator: "\n"))

    for _ in 0..<4 { _ = state.handle(.character("j")) }
    XCTAssertEqual(state.handle(.enter), [.redraw, .probe], "no trace yet: run the handshake")
    XCTAssertEqual(state.selectedProbe, mx2)
    XCTAssertEqual(state.pane, .handshake)
    XCTAssertEqual(state.focus, .pane, "the pick made, the tree closes")
    XCTAssertNil(state.navigationRect)
    let lines = Renderer().render(state).lines
    XCTAssertTrue(lines[2].hasPrefix("mx2.mail.example. [127.0.0.3]"), lines[2])
    XCTAssertFalse(lines.contains { $0.hasPrefix("  mx1.mail.example.") })
  }

  func testAHostOpensItsTLSASetAndTheTreeCloses() {
    var state = ReportFixture.state(width: 60, height: 24)
    _ = state.handle(.left)
    for _ in 0..<3 { _ = state.handle(.down) }
    _ = state.handle(.enter)
    XCTAssertEqual(state.pane, .tlsa)
    XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.")
    XCTAssertEqual(state.focus, .pane)
  }

  func testEscAndPaneKeysCloseTheTreeAndWideningKeepsTheColumn() {
    var state = ReportFixture.state(width: 70, height: 24)
    _ = state.handle(.character("h"))
    _ = state.handle(.escape)
    XCTAssertNil(state.navigationRect, "Esc closes the tree")
    _ = state.handle(.character("h"))
    _ = state.handle(.character("l"))
    XCTAssertNil(state.navigationRect, "l goes back to the pane")
    _ = state.handle(.character("h"))
    _ = state.handle(.character("2"))
    XCTAssertNil(state.navigationRect, "a pane key shows the pane")

    // A narrow resize keeps the open tree; narrowing from the wide layout does not open it.
    _ = state.handle(.character("h"))
    state.resize(width: 60, height: 20)
    XCTAssertEqual(state.navigationRect, state.layout.navigationDrawer)
    state.resize(width: 100, height: 30)
    XCTAssertEqual(state.navigationRect, state.layout.navigation)
    state.resize(width: 70, height: 24)
    XCTAssertNil(state.navigationRect)
  }

  func testAClickInTheDrawnTreeOpensTheRowUnderIt() throws {
    var state = ReportFixture.state(width: 70, height: 24)
    _ = state.handle(.character("h"))
    let tree = try XCTUnwrap(state.navigationRect)
    XCTAssertEqual(state.handle(.mouse(x: 2, y: tree.y + 4, action: .click)), [.redraw, .probe])
    XCTAssertEqual(state.selectedProbe, mx2)
    XCTAssertNil(state.navigationRect)
  }

  /// In the lab with nothing open, the scenario list is drawn at once, and a scenario picked
  /// from it is checked.
  func testTheLabOpensWithTheScenarioListOverThePane() {
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 70, height: 24)
    let scenarios = ["ee-valid", "two-mx"].map {
      ScenarioEntry(name: $0, domain: "\($0).example.", title: $0, teaching: "", expected: "")
    }
    _ = state.apply(.scenarios(scenarios))
    XCTAssertEqual(state.focus, .navigation)
    XCTAssertTrue(Renderer().render(state).lines[2].hasPrefix("two-mx"))
    _ = state.handle(.escape)
    XCTAssertTrue(screen(state).contains("Press h to pick a scenario"), screen(state))
    _ = state.handle(.character("h"))
    _ = state.handle(.character("j"))
    XCTAssertEqual(state.handle(.enter), [.redraw, .check])
    XCTAssertEqual(state.domain, "two-mx.example.")
    XCTAssertNil(state.navigationRect)
  }

  /// A domain opened another way than from the tree (the command line, `d`) puts the tree's
  /// cursor on its scenario, whether the list came before or after it.
  func testTheTreeStartsFromTheOpenScenario() {
    let scenarios = ["ee-valid", "ta-valid", "two-mx"].map {
      ScenarioEntry(name: $0, domain: "\($0).example.", title: $0, teaching: "", expected: "")
    }
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 70, height: 24)
    _ = state.open(domain: "two-mx.example")
    _ = state.apply(.scenarios(scenarios))
    XCTAssertEqual(state.navigation.cursor, 2)
    _ = state.handle(.character("h"))
    _ = state.handle(.character("k"))
    _ = state.handle(.enter)
    XCTAssertEqual(state.domain, "ta-valid.example.")
    _ = state.handle(.character("d"))
    for character in "two-mx" { _ = state.handle(.character(character)) }
    _ = state.handle(.enter)
    XCTAssertEqual(state.navigation.cursor, 2)
  }

  /// Help at this width wraps a long description under itself instead of cutting it.
  func testHelpNamesTheTreeKeyAndWrapsToTheBox() {
    var state = ReportFixture.state(width: 70, height: 40)
    _ = state.handle(.character("?"))
    let text = screen(state)
    XCTAssertTrue(text.contains("←/h         the tree: pick a scenario, MX host or address"), text)
    XCTAssertTrue(text.contains("            (opens over the pane if narrow)"), text)
  }

  /// Below 80 columns the tree is hidden until `h`, so the hint line names it, right after
  /// moving; beside a tree column it does not (the wide screens keep their hints).
  func testTheHintLineNamesTheTreeKeyOnlyWhenNarrow() {
    for width in [Layout.minimumWidth, 60, 70, 79, 80, 100, 120] {
      var state = ReportFixture.state(width: width, height: 24)
      let hints = Renderer().render(state).lines[state.layout.hints.y]
      if width < 80 {
        XCTAssertTrue(hints.hasPrefix(" Tab pane j/k move h tree "), "\(width): \(hints)")
        XCTAssertTrue(hints.hasSuffix(" ? help q quit"), "\(width): \(hints)")
      } else {
        XCTAssertFalse(hints.contains("tree"), "\(width): \(hints)")
        XCTAssertTrue(hints.hasPrefix(" Tab pane j/k move Enter open "), "\(width): \(hints)")
      }
      _ = state.handle(.character("h"))
      XCTAssertEqual(state.focus, .navigation, "\(width): h is the key the hint names")
    }
  }

  private func screen(_ state: ConsoleState) -> String {
    Renderer().render(state).lines.joined(separator: "\n")
  }
}
