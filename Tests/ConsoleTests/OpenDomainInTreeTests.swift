import Lab
import XCTest

@testable import Console

/// A domain opened from the command line or with `d` puts the tree's cursor on it
/// (Docs/UserGuide.md, Navigation tree), also when it is a name below a scenario's domain
/// rather than a scenario: it is listed under that scenario, with its hosts and addresses, so
/// that they can be picked. And a name is shown and checked in one form, lowercase and fully
/// qualified, as `check` prints it, whatever case it was typed in.
final class OpenDomainInTreeTests: LabFixtureTestCase {
  private func labState(width: Int = 120, height: Int = 40) -> ConsoleState {
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: width, height: height)
    _ = state.apply(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
    return state
  }

  /// Types `d NAME` Enter, runs the check it asks for against the lab, and applies its events.
  private func opened(_ name: String, into state: inout ConsoleState) async throws {
    let engine = try await LabFixture.shared.engine()
    _ = state.handle(.character("d"))
    for character in name { _ = state.handle(.character(character)) }
    XCTAssertTrue(state.handle(.enter).contains(.check), name)
    let source = CheckConsoleSource(label: "lab", scenarios: []) { engine }
    let events = EventRecorder()
    await source.check(domain: try XCTUnwrap(state.domain), emit: events.record)
    for event in events.all { _ = state.apply(event) }
  }

  func testANameBelowAScenarioIsInTheTreeWithItsHostsUnderTheCursor() async throws {
    var state = labState()
    try await opened("mail.mx-cname.example", into: &state)
    XCTAssertEqual(state.domain, "mail.mx-cname.example.")
    let items = state.navigationItems
    let cursor = state.navigation.cursor
    XCTAssertTrue(items.indices.contains(cursor), "cursor \(cursor) of \(items.count)")
    XCTAssertEqual(items[cursor].target, .domain("mail.mx-cname.example."))
    // Under its scenario, one step in.
    let scenario = try XCTUnwrap(items.firstIndex { $0.text == "mx-cname" })
    XCTAssertEqual(cursor, scenario + 1)
    XCTAssertEqual(items[cursor].depth, 1)
    // Its hosts and addresses follow, from the report of the name opened.
    let report = try XCTUnwrap(state.report)
    XCTAssertFalse(report.hosts.isEmpty, "mail.mx-cname.example. has MX hosts in the lab")
    for host in report.hosts {
      XCTAssertTrue(items.contains { $0.target == .host(host.name) && $0.depth == 2 }, host.name)
      for address in host.addresses {
        XCTAssertTrue(items.contains {
          $0.target == .address(ProbeKey(host: host.name, address: address.text))
        }, address.text)
      }
    }
    // j then Enter on the tree picks the first host: its TLSA set shows.
    _ = state.apply(.focusNavigation)
    _ = state.apply(.down)
    XCTAssertEqual(
      state.navigationItems[state.navigation.cursor].target, .host(report.hosts[0].name))
    _ = state.apply(.open)
    XCTAssertEqual(state.pane, .tlsa)
    XCTAssertEqual(state.selectedProbe?.host, report.hosts[0].name)
    // On screen, the name is in the tree column.
    let screen = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(screen.contains("  mail.mx-cname.example."), screen)
  }

  func testAnMXHostNameOpenedWithDIsSelectedInTheTree() async throws {
    var state = labState()
    try await opened("mx1.two-mx.example", into: &state)
    let items = state.navigationItems
    XCTAssertEqual(items[state.navigation.cursor].target, .domain("mx1.two-mx.example."))
    let scenario = try XCTUnwrap(items.firstIndex { $0.text == "two-mx" })
    XCTAssertEqual(state.navigation.cursor, scenario + 1)
    // No scenario reads as open: the name opened is not one.
    XCTAssertNil(state.currentScenario)
  }

  /// `danescope --lab mx1.two-mx.example`: the domain is opened before the scenario list
  /// arrives from the lab; the cursor goes to the name once the list is there.
  func testANameFromTheCommandLineIsSelectedWhenTheScenariosArrive() {
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 120, height: 40)
    _ = state.open(domain: "MX1.two-mx.example")
    _ = state.apply(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
    let items = state.navigationItems
    XCTAssertEqual(items[state.navigation.cursor].target, .domain("mx1.two-mx.example."))
    XCTAssertEqual(items[state.navigation.cursor - 1].text, "two-mx")
  }

  /// `d EE-VALID.EXAMPLE`: the scenario, in the form `check` prints, in the header, the tree
  /// (its scenario open, the cursor on it), the TLSA owners and the name the probe sends as SNI.
  func testAnUppercaseNameIsShownAndCheckedInLowercase() async throws {
    var state = labState()
    try await opened("EE-VALID.EXAMPLE", into: &state)
    XCTAssertEqual(state.domain, "ee-valid.example.")
    XCTAssertEqual(state.currentScenario?.name, "ee-valid")
    XCTAssertEqual(state.navigationItems[state.navigation.cursor].text, "ee-valid")
    let report = try XCTUnwrap(state.report)
    XCTAssertEqual(report.domain, "ee-valid.example.")
    XCTAssertEqual(report.hosts.map(\.tlsa.name), ["_25._tcp.mx1.ee-valid.example."])
    let screen = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(screen.contains(" ee-valid.example.  DNSSEC secure"), screen)
    XCTAssertFalse(screen.contains("EE-VALID"), screen)
    let sni = state.traces.values.flatMap(\.lines).map(\.text).filter { $0.contains("SNI") }
    XCTAssertFalse(sni.isEmpty)
    for line in sni { XCTAssertTrue(line.contains("SNI mx1.ee-valid.example"), line) }

    // A name below a scenario, in mixed case, is lowercased too.
    var below = labState()
    _ = below.handle(.character("d"))
    for character in "Mx1.Two-MX.Example" { _ = below.handle(.character(character)) }
    _ = below.handle(.enter)
    XCTAssertEqual(below.domain, "mx1.two-mx.example.")
    XCTAssertEqual(ConsoleState.normalisedDomain("A\\066C.example"), "abc.example.")
  }
}
