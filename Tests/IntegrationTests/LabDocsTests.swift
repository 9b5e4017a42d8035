import Foundation
import Lab
import XCTest

/// Docs/Lab.md lists every scenario with the expected verdicts `danescope lab list` prints (the
/// catalogue the other lab tests check), so the document cannot drift from the lab.
final class LabDocsTests: XCTestCase {
  func testLabDocumentListsEveryScenarioWithItsVerdicts() throws {
    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Lab.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    let list = try DanescopeBinary.run(["lab", "list"])
    XCTAssertEqual(list.status, 0, list.stderr)
    let lines = list.stdout.split(separator: "\n").map(String.init)
    var checked = 0
    for (index, line) in lines.enumerated() where line.contains("expect: ") && index > 0 {
      // The name starts the nearest line above indented by two; the verdicts may wrap onto
      // lines indented past "expect: ".
      let nameLine = lines[..<index].last { $0.hasPrefix("  ") && !$0.hasPrefix("   ") } ?? ""
      let name = nameLine.trimmingCharacters(in: .whitespaces)
        .split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
      let continuation = lines[(index + 1)...].prefix { $0.hasPrefix("              ") }
      let expected = ([line.components(separatedBy: "expect: ")[1]]
        + continuation.map { $0.trimmingCharacters(in: .whitespaces) }).joined(separator: " ")
      let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(name)` |") }
      XCTAssertNotNil(row, "Docs/Lab.md has no row for \(name)")
      XCTAssertTrue(row?.hasSuffix("| \(expected) |") == true, "\(name): \(row ?? "")")
      checked += 1
    }
    XCTAssertGreaterThanOrEqual(checked, 20)
  }

  /// The lesson column of Docs/Lab.md's scenario table is each scenario's title, word for word,
  /// so that a retitled scenario (`ta-no-intermediate-210`, whose old title said a `2 1 0`
  /// record needed no CA certificate on the wire, against RFC 7672 §3.1.2) is retitled there too.
  func testLabDocumentGivesEveryScenarioItsTitle() throws {
    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Lab.md")
    let rows = try String(contentsOf: docs, encoding: .utf8).split(separator: "\n")
    for scenario in Lab.scenarios {
      let row = rows.first { $0.hasPrefix("| `\(scenario.name)` | ") }
      XCTAssertEqual(
        row?.split(separator: "|", omittingEmptySubsequences: false).dropFirst(2).first
          .map { $0.trimmingCharacters(in: .whitespaces) },
        scenario.title, "Docs/Lab.md, the row for \(scenario.name)")
    }
    XCTAssertGreaterThanOrEqual(Lab.scenarios.count, 20)
  }

  /// Docs/Lab.md says how many findings the console lists for alg16, and that the status line
  /// says so: the count is the one in the stored screen of alg16's Findings pane, which
  /// LabScreenTests holds to the program (the document once said one, where there are three,
  /// two nested under the first).
  func testLabDocumentCountsTheConsoleFindingsOfAlg16() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Lab.md"), encoding: .utf8)
    let flat = document.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    let pattern = #/console lists (\w+) findings?, as `check` does \(the status line says `(\d+) /#
    let said = try XCTUnwrap(
      flat.firstMatch(of: pattern), "Docs/Lab.md does not count alg16's findings in the console")
    let words = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5]
    XCTAssertEqual(words[String(said.output.1)], Int(said.output.2))
    let screen = try String(
      contentsOf: root.appendingPathComponent("Tests/ConsoleTests/Screens/alg16-findings.txt"),
      encoding: .utf8)
    XCTAssertTrue(
      screen.contains("Checked alg16.example.: \(said.output.2) findings"),
      "the stored screen counts otherwise")
  }
}
