import XCTest

@testable import Console

/// Key commands change the state as the command table says.
final class CommandTableTests: XCTestCase {
  func testEveryKeyOfTheTableReachesItsCommand() {
    var seen: Set<KeyPress> = []
    for binding in KeyMap.bindings {
      for key in binding.keys where !seen.contains(key) {
        seen.insert(key)
        XCTAssertEqual(KeyMap.command(for: key), binding.command, "\(key)")
      }
    }
    XCTAssertNil(KeyMap.command(for: .character("z")))
  }

  func testHelpIsMadeFromTheTable() {
    let rows = Overlay.help.rows(width: 90).map(\.text)
    for binding in KeyMap.bindings {
      XCTAssertTrue(rows.contains { $0.contains(binding.label) && $0.contains(binding.help) },
        binding.help)
    }
  }

  /// Every key the table binds is named in help on its command's line: `:` beside `d`, Space
  /// beside PgDn, Home beside g.
  func testHelpNamesEveryKeyOfEachBinding() {
    let rows = Overlay.help.rows(width: 90).map(\.text)
    for binding in KeyMap.bindings {
      let line = rows.first { $0.hasSuffix(binding.help) } ?? ""
      let shown = line.split(separator: " ").first.map(String.init) ?? ""
      XCTAssertEqual(shown, binding.keys.map(\.label).joined(separator: "/"),
        "help line for \(binding.command): \(line)")
    }
    XCTAssertTrue(rows.contains { $0.hasPrefix("d/:") && $0.contains("enter a domain") }, "\(rows)")
  }

  func testPaneKeys() {
    var state = ReportFixture.state()
    XCTAssertEqual(state.pane, .chain)
    _ = state.handle(.tab)
    XCTAssertEqual(state.pane, .tlsa)
    _ = state.handle(.backTab)
    _ = state.handle(.backTab)
    XCTAssertEqual(state.pane, .findings, "Shift-Tab wraps around")
    _ = state.handle(.character("3"))
    XCTAssertEqual(state.pane, .handshake)
    _ = state.handle(.character("1"))
    XCTAssertEqual(state.pane, .chain)
  }

  func testMovingSkipsLabelsAndStopsAtTheEnds() {
    var state = ReportFixture.state()
    _ = state.handle(.character("2"))
    XCTAssertEqual(state.selectedKey, "host:mx1.mail.example.")
    _ = state.handle(.character("j"))
    XCTAssertEqual(state.selectedKey, "tlsa:0.0", "the record row, not the note under it")
    _ = state.handle(.down)
    XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.", "labels and blanks are skipped")
    _ = state.handle(.character("G"))
    XCTAssertEqual(state.selectedKey, "tlsa:1.0")
    _ = state.handle(.character("j"))
    XCTAssertEqual(state.selectedKey, "tlsa:1.0", "no move past the last row")
    _ = state.handle(.character("g"))
    XCTAssertEqual(state.selectedKey, "host:mx1.mail.example.")
    _ = state.handle(.pageDown)
    XCTAssertEqual(state.selectedKey, "tlsa:1.0")
  }

  func testExplainOpensTheFindingAndEscClosesIt() {
    var state = ReportFixture.state()
    _ = state.handle(.character("4"))
    XCTAssertEqual(state.selectedKey, "finding:0")
    _ = state.handle(.character("e"))
    guard case .finding(let finding) = state.overlay else {
      return XCTFail("no explanation open: \(String(describing: state.overlay))")
    }
    XCTAssertEqual(finding.subject, "mx2.mail.example. TLSA")
    XCTAssertEqual(state.handle(.character("q")), .redraw, "q closes the explanation first")
    XCTAssertNil(state.overlay)
    _ = state.handle(.down)
    XCTAssertEqual(state.selectedKey, "finding:0.0", "the consequence under the root cause")
    _ = state.handle(.enter)
    guard case .finding(let consequence) = state.overlay else { return XCTFail("Enter") }
    XCTAssertEqual(consequence.subject, "consequence")
    _ = state.handle(.escape)
    XCTAssertNil(state.overlay)
    XCTAssertTrue(state.handle(.character("q")).contains(.quit))
  }

  func testSearchWithNextAndPrevious() {
    var state = ReportFixture.state()
    _ = state.handle(.character("2"))
    _ = state.handle(.character("/"))
    XCTAssertEqual(state.prompt?.kind, .search)
    for character in "mx2" { _ = state.handle(.character(character)) }
    _ = state.handle(.backspace)
    _ = state.handle(.character("2"))
    _ = state.handle(.enter)
    XCTAssertNil(state.prompt)
    XCTAssertEqual(state.lastSearch, "mx2")
    XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.")
    _ = state.handle(.character("/"))
    for character in "usable" { _ = state.handle(.character(character)) }
    _ = state.handle(.enter)
    XCTAssertEqual(state.selectedKey, "tlsa:1.0", "a label row matches: the cursor goes to its record")
    _ = state.handle(.character("N"))
    XCTAssertEqual(state.selectedKey, "tlsa:0.0")
    _ = state.handle(.character("n"))
    XCTAssertEqual(state.selectedKey, "tlsa:1.0")
    // Only the focused list is searched, and a miss says which one and where else to look.
    _ = state.handle(.character("/"))
    for character in "no such text" { _ = state.handle(.character(character)) }
    _ = state.handle(.enter)
    XCTAssertEqual(
      state.statusMessage, "/no such text: not found in the TLSA pane (h or ← for the tree)")
  }

  func testDomainPromptWithHistory() {
    var state = ReportFixture.state()
    _ = state.handle(.character("d"))
    for character in "other.example" { _ = state.handle(.character(character)) }
    XCTAssertEqual(state.handle(.enter), [.redraw, .check])
    XCTAssertEqual(state.domain, "other.example.", "a typed name is made fully qualified")
    XCTAssertNil(state.report, "the old report is not shown for the new domain")
    _ = state.handle(.character(":"))
    _ = state.handle(.up)
    XCTAssertEqual(state.prompt?.text, "other.example.")
    _ = state.handle(.up)
    XCTAssertEqual(state.prompt?.text, ReportFixture.domain)
    _ = state.handle(.down)
    _ = state.handle(.down)
    XCTAssertEqual(state.prompt?.text, "")
    _ = state.handle(.escape)
    XCTAssertNil(state.prompt)
    _ = state.handle(.character("d"))
    for character in "a..b" { _ = state.handle(.character(character)) }
    XCTAssertEqual(state.handle(.enter), .redraw)
    XCTAssertTrue(state.statusIsError)
    XCTAssertEqual(state.domain, "other.example.", "a bad name opens nothing")
  }

  func testRefreshRunsTheCheckOrTheHandshake() {
    var state = ReportFixture.state()
    XCTAssertEqual(state.handle(.character("r")), [.redraw, .check])
    _ = state.apply(.traceStarted(ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")))
    _ = state.handle(.character("3"))
    XCTAssertEqual(state.handle(.character("r")), [.redraw, .probe])
  }

  func testThemeKeyCyclesThroughEveryTheme() {
    var state = ReportFixture.state()
    var seen: [String] = []
    for _ in state.themeNames {
      XCTAssertEqual(state.handle(.character("t")), [.redraw, .theme])
      seen.append(state.themeName)
    }
    XCTAssertEqual(seen, ["light", "high-contrast", "mono", "dark"])
  }

  func testNavigationTreeSelectsHostsAndAddresses() {
    var state = ReportFixture.state()
    _ = state.handle(.character("h"))
    XCTAssertEqual(state.focus, .navigation)
    XCTAssertEqual(state.navigationItems.map(\.text),
      ["mail.example.", "mx1.mail.example.", "127.0.0.2", "mx2.mail.example.", "127.0.0.3"])
    _ = state.handle(.down)
    _ = state.handle(.down)
    _ = state.handle(.down)
    _ = state.handle(.down)
    XCTAssertEqual(state.handle(.enter), [.redraw, .probe], "no trace yet: run the handshake")
    XCTAssertEqual(state.pane, .handshake)
    XCTAssertEqual(state.selectedProbe, ProbeKey(host: "mx2.mail.example.", address: "127.0.0.3"))
    _ = state.handle(.up)
    _ = state.handle(.enter)
    XCTAssertEqual(state.pane, .tlsa)
    XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.", "the cursor is on mx2's heading")
  }

  func testHandshakeFollowsNewLinesUntilTheUserScrollsUp() {
    var state = ReportFixture.state(width: 80, height: 12)
    let key = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(key))
    _ = state.handle(.character("3"))
    for index in 0..<40 {
      _ = state.apply(.trace(key, TraceLine(elapsed: Double(index), kind: .received, text: "250")))
    }
    XCTAssertEqual(state.position(of: .handshake).cursor, 39)
    XCTAssertEqual(state.position(of: .handshake).scroll, 40 - state.layout.listHeight(for: .handshake))
    _ = state.handle(.character("k"))
    XCTAssertFalse(state.follow)
    _ = state.apply(.trace(key, TraceLine(elapsed: 41, kind: .sent, text: "QUIT")))
    XCTAssertEqual(state.position(of: .handshake).cursor, 38, "not following: the view stays")
    _ = state.handle(.character("G"))
    XCTAssertTrue(state.follow, "going to the end follows again")
  }

  func testMouseSelectsTabsAndRows() {
    var state = ReportFixture.state(width: 120, height: 40)
    let tabs = state.layout.tabs
    _ = state.handle(.mouse(x: tabs.x + 30, y: tabs.y, action: .click))
    XCTAssertEqual(state.pane, .handshake, "the third tab label is under column 30")
    _ = state.handle(.character("2"))
    _ = state.handle(.mouse(x: state.layout.pane.x + 3, y: state.layout.pane.y + 5, action: .click))
    XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.")
    _ = state.handle(.mouse(x: 1, y: 2, action: .click))
    XCTAssertEqual(state.focus, .navigation)
    XCTAssertEqual(state.navigation.cursor, 1)
  }

  func testReportsForAnotherDomainAreIgnored() {
    var state = ReportFixture.state()
    var other = ReportFixture.report
    other.domain = "elsewhere.example."
    XCTAssertEqual(state.apply(.report(other)), [])
    XCTAssertEqual(state.report?.domain, ReportFixture.domain)
  }
}

/// The status line after a check says how many findings there are in a sentence: as many as the
/// Findings pane lists, consequences too (the fixture's one root cause has one under it).
final class StatusLineTests: XCTestCase {
  func testCheckedMessageCountsFindingsInWords() {
    var state = ReportFixture.state()
    XCTAssertEqual(ReportFixture.report.findings.count, 1)
    XCTAssertEqual(ReportFixture.report.findings[0].consequences.count, 1)
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 2 findings — press 4 to see them.")
    var lone = ReportFixture.report
    lone.findings[0].consequences = []
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(lone))
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 1 finding — press 4 to see it.")
    var report = ReportFixture.report
    report.findings = []
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: no findings.")
    report.findings = Array(repeating: ReportFixture.report.findings[0], count: 3)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 6 findings — press 4 to see them.")
  }
}
