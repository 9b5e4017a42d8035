import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The Findings pane lists every finding of a report, at every depth, with its severity and
/// code, in the order and nesting of `check`'s text report.
final class FindingsPaneNestingTests: LabFixtureTestCase {
  /// One finding as a listing shows it: how deep it is nested, its severity and its code.
  struct Listed: Equatable, CustomStringConvertible {
    let depth: Int
    let severity: String
    let code: String
    var description: String {
      String(repeating: "  ", count: depth) + "[\(severity)] \(code)"
    }
  }

  /// For every lab scenario, checked as the console checks it: the pane's findings are those
  /// of the text report of the same DomainReport (whose findings the CLI tests hold to the
  /// scenarios' documented verdicts), in the same tree, and every code the scenario's
  /// documented findings name is among them.
  func testEveryLabScenarioListsTheTextReportsFindingsInItsTree() async throws {
    let engine = try await LabFixture.shared.engine()
    for scenario in Lab.scenarios {
      let report = await Self.domainReport(scenario, engine: engine)
      let expected = Self.listed(inText: report.text)
      XCTAssertFalse(
        expected.isEmpty && !report.findings.isEmpty, "\(scenario.name): text report not read")
      var state = ConsoleState(sourceLabel: "lab")
      state.resize(width: 120, height: 40)
      _ = state.open(domain: scenario.domain.description)
      _ = state.apply(.report(ConsoleReport(report, chains: [])))
      let rows = FindingsPane.rows(PaneContext(state: state))
      let shown = Self.listed(inRows: rows)
      // The status line counts what the pane lists, consequences too (`tlsa-expired`:
      // RRSIG_EXPIRED with TLSA_BOGUS under it is 2 findings, as the pane and `check` list).
      let message = state.statusMessage ?? ""
      switch shown.count {
      case 0: XCTAssertTrue(message.hasSuffix(": no findings."), message)
      case 1: XCTAssertTrue(message.hasSuffix(": 1 finding — press 4 to see it."), message)
      case let total:
        XCTAssertTrue(message.hasSuffix(": \(total) findings — press 4 to see them."), message)
      }
      if scenario.name == "tlsa-expired" {
        XCTAssertTrue(message.hasSuffix(": 2 findings — press 4 to see them."), message)
      }
      XCTAssertEqual(
        shown, expected,
        "\(scenario.name): pane\n\(shown.map(\.description).joined(separator: "\n"))\ntext\n"
          + expected.map(\.description).joined(separator: "\n"))
      for code in Self.codes(in: scenario.look.findings) {
        XCTAssertTrue(
          shown.contains { $0.code == code }, "\(scenario.name): documented \(code) not shown")
      }
      // Each nested finding stands on a branch one step (3 columns) further in than its parent.
      for row in rows where row.key?.hasPrefix("finding:") == true {
        let depth = row.key!.filter { $0 == "." }.count
        let prefix = row.text.prefix { " │├└─".contains($0) }
        XCTAssertEqual(
          prefix.count, depth == 0 ? 0 : 10 + 3 * depth, "\(scenario.name): \(row.text)")
      }
    }
  }

  /// Three levels under one root, a sibling after them, and enough roots above to scroll: the
  /// tree keeps its vertical line beside a branch that has a sibling below it, the cursor
  /// reaches the deepest finding, which scrolls into view, and `e` explains it.
  func testDeeplyNestedFindingsScrollAndExplain() throws {
    let deepest = Finding(FindingCode("TLSA_BOGUS"), subject: "_25._tcp.mx1.mail.example.")
    let middle = Finding(
      FindingCode("RRSIG_EXPIRED"), subject: "_25._tcp.mx1.mail.example. TLSA",
      consequences: [deepest])
    let first = Finding(
      FindingCode("DS_NO_MATCHING_DNSKEY"), subject: "mail.example.", consequences: [middle])
    let sibling = Finding(FindingCode("MX_BOGUS"), subject: "mail.example.")
    let root = Finding(
      FindingCode("VALIDATOR_DISAGREEMENT"), subject: "mail.example. MX",
      consequences: [first, sibling])
    var report = ReportFixture.report
    report.findings = (0..<8).map {
      Finding(FindingCode("TLSA_SINGLE_RECORD"), subject: "_25._tcp.mx\($0).mail.example.")
    } + [root]
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 80, height: 24)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("4"))
    _ = state.handle(.character("G"))
    XCTAssertEqual(state.selectedKey, "finding:8.1", "the last finding is the sibling")
    _ = state.handle(.character("k"))
    XCTAssertEqual(state.selectedKey, "finding:8.0.0.0", "above it, the deepest finding")
    let grid = Renderer().render(state)
    let pane = state.layout.pane
    let lines = (pane.y..<pane.maxY).map { String(grid.text(ofRow: $0).dropFirst(pane.x)) }
    func line(_ code: String) throws -> String {
      try XCTUnwrap(lines.first { $0.contains(code) }, "\(code) not on screen:\n"
        + lines.joined(separator: "\n"))
    }
    XCTAssertTrue(try line("DS_NO_MATCHING_DNSKEY").hasPrefix("          ├─ error DS_NO"))
    XCTAssertTrue(try line("RRSIG_EXPIRED").hasPrefix("          │  └─ error RRSIG_EXPIRED"))
    XCTAssertTrue(try line("TLSA_BOGUS").hasPrefix("          │     └─ error TLSA_BOGUS"))
    XCTAssertTrue(try line("MX_BOGUS").hasPrefix("          └─ error MX_BOGUS"))
    _ = state.handle(.character("e"))
    guard case .finding(let explained) = state.overlay else {
      return XCTFail("no explanation open: \(String(describing: state.overlay))")
    }
    XCTAssertEqual(explained, deepest)
  }

  // MARK: Helpers

  /// The report of a lab scenario's domain from the check the console runs.
  static func domainReport(_ scenario: Scenario, engine: CheckEngine) async -> DomainReport {
    let clock = engine.clock
    let check = CheckConsoleSource.makeCheck(
      engine, lookup: engine.lookup,
      probe: { request in
        ProbeObservation(result: await SMTPProbe.run(request, clock: clock), events: [])
      })
    return await check.run(domain: scenario.domain)
  }

  /// The findings of a text report: `  [error] CODE: summary`, four columns further in per
  /// level.
  static func listed(inText text: String) -> [Listed] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(of: "Findings") else { return [] }
    return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
      let indent = line.prefix { $0 == " " }.count
      let rest = line.dropFirst(indent)
      guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else { return nil }
      let severity = String(rest[rest.index(after: rest.startIndex)..<close])
      let code = rest[rest.index(close, offsetBy: 2)...].prefix { $0 != ":" }
      return Listed(depth: (indent - 2) / 4, severity: severity, code: String(code))
    }
  }

  /// The findings of the pane's rows: each row keyed `finding:…` (one index per level), past its
  /// tree drawing, starts with the severity word and the code.
  static func listed(inRows rows: [Row]) -> [Listed] {
    rows.compactMap { row in
      guard let key = row.key, key.hasPrefix("finding:") else { return nil }
      let words = row.text.drop { " │├└─".contains($0) }.split(separator: " ")
      guard words.count >= 2 else { return nil }
      return Listed(
        depth: key.filter { $0 == "." }.count, severity: String(words[0]), code: String(words[1]))
    }
  }

  /// The finding codes a scenario's documented findings name (UPPER_SNAKE_CASE words).
  static func codes(in text: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: #"\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b"#)
    let range = NSRange(text.startIndex..., in: text)
    return pattern.matches(in: text, range: range).compactMap {
      Range($0.range, in: text).map { String(text[$0]) }
    }
  }
}
