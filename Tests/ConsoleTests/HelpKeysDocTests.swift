import Foundation
import XCTest

@testable import Console

/// The `?` help names every key the User Guide's key table documents, and no other: the two
/// are compared key list against key list, so neither can gain or lose a key (Ctrl-Z was in the
/// guide and missing from the help).
final class HelpKeysDocTests: XCTestCase {
  /// The key column of the guide's table: "| `KEYS` | what they do |" rows below "| keys |".
  private func guideKeys() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let guide = try String(
      contentsOf: root.appendingPathComponent("Docs/UserGuide.md"), encoding: .utf8)
    let start = try XCTUnwrap(guide.range(of: "| keys | what they do |"))
    let table = String(guide[start.lowerBound...]).components(separatedBy: "\n\n")[0]
    let rows = table.split(separator: "\n").dropFirst(2)
    return try rows.map { row in
      let cells = row.split(separator: "|", omittingEmptySubsequences: false)
      let cell = try XCTUnwrap(cells.dropFirst().first).trimmingCharacters(in: .whitespaces)
      XCTAssertTrue(cell.hasPrefix("`") && cell.hasSuffix("`"), "\(row)")
      return String(cell.dropFirst().dropLast())
    }
  }

  /// The key column of the help box as drawn: the first word of each line that has one in the
  /// key column (a wrapped description's next lines have none).
  private func helpKeys(width: Int) -> [String] {
    let rows = Overlay.help.rows(width: width)
    return rows.compactMap { row -> String? in
      guard let first = row.spans.first, first.role == .keyName else { return nil }
      let keys = first.text.trimmingCharacters(in: .whitespaces)
      return keys.isEmpty ? nil : keys
    }
  }

  func testTheHelpAndTheGuideNameTheSameKeys() throws {
    let documented = try guideKeys()
    XCTAssertGreaterThan(documented.count, 20, "the table was not read: \(documented)")
    for width in [90, 40] {
      let shown = helpKeys(width: width)
      XCTAssertEqual(shown, documented, "help at \(width) columns vs Docs/UserGuide.md")
    }
    XCTAssertTrue(helpKeys(width: 60).contains("Ctrl-Z"))
  }
}
