import Foundation
import Lab
import XCTest

/// A scenario's lesson and pane notes tell the story the program shows: every finding code they
/// name is one `check --lab NAME --json` reports (or `chain` on the host's TLSA name does), and
/// the findings note names every code `check` reports. Docs/Lab.md's "Findings by scenario"
/// table lists the same codes.
final class LabScenarioTextTests: XCTestCase {
  func testScenarioTextsAndLabDocumentNameTheFindingsCheckReports() throws {
    let table = try findingsTable()
    var checked = 0
    for scenario in Lab.scenarios {
      let result = try DanescopeBinary.run(["check", "--lab", "\(scenario.domain)", "--json"])
      XCTAssertNotEqual(result.status, 2, "\(scenario.name): \(result.stderr)")
      let reported = try codes(inJSON: result.stdout)
      let severities = try severities(inJSON: result.stdout)
      let findingsNote = scenario.look.findings
      for code in reported {
        XCTAssertTrue(
          Self.codes(in: findingsNote).contains(code),
          "\(scenario.name): check reports \(code), the findings note does not name it")
      }
      if reported.isEmpty {
        XCTAssertTrue(findingsNote.hasPrefix("None"), "\(scenario.name): \(findingsNote)")
      }
      let texts = [
        scenario.lesson, scenario.look.chain, scenario.look.tlsa, scenario.look.handshake,
        findingsNote, scenario.expected.reasoning,
      ]
      // A text that gives a reported code's severity, `CODE (warning…`, gives the one check's
      // findings list it with (a root cause raised to its consequences' level included).
      for text in texts {
        for match in text.matches(of: /([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+) \((info|warning|error)/) {
          let code = String(match.output.1)
          guard let listed = severities[code] else { continue }
          XCTAssertTrue(
            listed.contains(String(match.output.2)),
            "\(scenario.name): its text says \(code) (\(match.output.2)), check lists it as "
              + "\(listed.sorted())")
        }
      }
      var named = Set(texts.flatMap(Self.codes(in:)))
      named.subtract(reported)
      if !named.isEmpty {
        var fromChain: Set<String> = []
        for host in scenario.expected.hosts {
          let chain = try DanescopeBinary.run(
            ["chain", "--lab", "_25._tcp.\(host.name)", "TLSA", "--json"])
          fromChain.formUnion(try codes(inJSON: chain.stdout))
        }
        XCTAssertTrue(
          named.isSubset(of: fromChain),
          "\(scenario.name): its text names \(named.subtracting(fromChain).sorted()), which "
            + "neither check nor chain reports")
      }
      XCTAssertEqual(
        table[scenario.name].map { Set($0) }, reported,
        "Docs/Lab.md, Findings by scenario: the row for \(scenario.name)")
      // In the order the report lists them (depth first), so the row reads like the output.
      let row = table[scenario.name] ?? []
      XCTAssertEqual(
        try listedCodes(inJSON: result.stdout).filter(row.contains), row,
        "Docs/Lab.md, Findings by scenario: the order of the row for \(scenario.name)")
      checked += 1
    }
    XCTAssertEqual(checked, Lab.scenarios.count)
    XCTAssertGreaterThanOrEqual(checked, 25)
  }

  /// A TLSA note that says how many records the set has (`No records…`, `1 record, bogus: not
  /// used…`) says what `check` lists for that set under "DNSSEC status of the records used": a
  /// bogus set's records are there, shown as not used, not missing.
  func testTLSANotesCountTheRecordsAsCheckListsThem() throws {
    var checked = 0
    for scenario in Lab.scenarios {
      let note = scenario.look.tlsa
      let counted = note.firstMatch(of: /^(\d+ records?, [a-z]+: not used)/)?.output.1
      guard note.hasPrefix("No records") || counted != nil,
        let host = scenario.expected.hosts.first
      else { continue }
      let result = try DanescopeBinary.run(["check", "--lab", "\(scenario.domain)"])
      let owner = "_25._tcp.\(host.name) TLSA"
      let lines = result.stdout.split(separator: "\n")
      let line = try XCTUnwrap(
        lines.first { $0.drop(while: { $0 == " " }).hasPrefix(owner) },
        "\(scenario.name): no \(owner) line in:\n\(result.stdout)")
      // `  OWNER TLSA  STATUS  DETAIL`: columns apart by two spaces or more.
      let columns = line.split(separator: /\ \ +/).map(String.init)
      let detail = try XCTUnwrap(columns.last, String(line))
      if let counted {
        XCTAssertTrue(
          detail.hasPrefix(counted), "\(scenario.name): note '\(note)', check: \(line)")
      } else {
        XCTAssertTrue(
          ["NODATA", "NXDOMAIN"].contains(where: detail.hasPrefix),
          "\(scenario.name): note '\(note)', check: \(line)")
      }
      checked += 1
    }
    // tlsa-bogus and tlsa-expired at least.
    XCTAssertGreaterThanOrEqual(checked, 2)
  }

  /// UPPER_SNAKE_CASE words with at least one underscore: finding codes.
  static func codes(in text: String) -> Set<String> {
    let pattern = /[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+/
    return Set(text.matches(of: pattern).map { String($0.output) })
  }

  /// Every `"code"` value anywhere in a JSON report (findings and their consequences).
  private func codes(inJSON text: String) throws -> Set<String> {
    let root = try JSONSerialization.jsonObject(with: Data(text.utf8))
    var found: Set<String> = []
    func walk(_ value: Any) {
      if let object = value as? [String: Any] {
        if let code = object["code"] as? String { found.insert(code) }
        object.values.forEach(walk)
      } else if let array = value as? [Any] {
        array.forEach(walk)
      }
    }
    walk(root)
    return found
  }

  /// The codes of the report's findings list, depth first, each once.
  private func listedCodes(inJSON text: String) throws -> [String] {
    let root = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var found: [String] = []
    func walk(_ findings: [[String: Any]]) {
      for finding in findings {
        if let code = finding["code"] as? String, !found.contains(code) { found.append(code) }
        walk(finding["consequences"] as? [[String: Any]] ?? [])
      }
    }
    walk(root["findings"] as? [[String: Any]] ?? [])
    return found
  }

  /// The severities of each code in the report's findings list (consequences included).
  private func severities(inJSON text: String) throws -> [String: Set<String>] {
    let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var found: [String: Set<String>] = [:]
    func walk(_ findings: [[String: Any]]) {
      for finding in findings {
        if let code = finding["code"] as? String, let severity = finding["severity"] as? String {
          found[code, default: []].insert(severity)
        }
        walk(finding["consequences"] as? [[String: Any]] ?? [])
      }
    }
    walk(root["findings"] as? [[String: Any]] ?? [])
    return found
  }

  /// Docs/Lab.md's rows `| \`name\` | CODE, CODE |` under "## Findings by scenario".
  private func findingsTable() throws -> [String: [String]] {
    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Lab.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    let section = try XCTUnwrap(
      text.components(separatedBy: "## Findings by scenario").dropFirst().first,
      "Docs/Lab.md has no Findings by scenario section")
    var table: [String: [String]] = [:]
    for line in section.split(separator: "\n") {
      if line.hasPrefix("## ") { break }
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 2, cells[0].hasPrefix("`") else { continue }
      table[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] =
        cells[1].matches(of: /[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+/).map { String($0.output) }
    }
    return table
  }
}
