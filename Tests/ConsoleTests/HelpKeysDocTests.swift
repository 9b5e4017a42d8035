import Foundation
import XCTest

@testable import Console

/// The `?` help names every key the User Guide's key table documents, and no other, and says
/// what each does in the guide's words: the two are compared row against row, keys and
/// descriptions, so neither can gain or lose a key (Ctrl-Z was in the guide and missing from
/// the help) or say less about one (Enter without "address", g/Home without "stops following
/// the trace").
final class HelpKeysDocTests: XCTestCase {
  private struct Entry: Equatable, CustomStringConvertible {
    let keys: String
    let text: String
    var description: String { "\(keys): \(text)" }
  }

  /// The guide's table: "| `KEYS` | what they do |" rows below "| keys |", the description
  /// without its code marks (the help draws none).
  private func guideEntries() throws -> [Entry] {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let guide = try String(
      contentsOf: root.appendingPathComponent("Docs/UserGuide.md"), encoding: .utf8)
    let start = try XCTUnwrap(guide.range(of: "| keys | what they do |"))
    let table = String(guide[start.lowerBound...]).components(separatedBy: "\n\n")[0]
    let rows = table.split(separator: "\n").dropFirst(2)
    return try rows.map { row in
      let cells = row.split(separator: "|", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
      XCTAssertEqual(cells.count, 4, "\(row)")
      let keys = try XCTUnwrap(cells.dropFirst().first)
      XCTAssertTrue(keys.hasPrefix("`") && keys.hasSuffix("`"), "\(row)")
      let text = try XCTUnwrap(cells.dropFirst(2).first).replacingOccurrences(of: "`", with: "")
      return Entry(keys: String(keys.dropFirst().dropLast()), text: text)
    }
  }

  /// The help box as drawn: a line with keys in the key column starts an entry, and a line with
  /// none goes on with the description above it (wrapped to the box).
  private func helpEntries(width: Int) -> [Entry] {
    var entries: [(keys: String, lines: [String])] = []
    for row in Overlay.help.rows(width: width) {
      guard let first = row.spans.first, first.role == .keyName else { continue }
      let keys = first.text.trimmingCharacters(in: .whitespaces)
      let line = row.spans.dropFirst().map(\.text).joined()
        .trimmingCharacters(in: .whitespaces)
      if !keys.isEmpty {
        entries.append((keys, [line]))
      } else if !entries.isEmpty {
        entries[entries.count - 1].lines.append(line)
      }
    }
    return entries.map { Entry(keys: $0.keys, text: $0.lines.joined(separator: " ")) }
  }

  func testTheHelpAndTheGuideNameTheSameKeys() throws {
    let documented = try guideEntries()
    XCTAssertGreaterThan(documented.count, 20, "the table was not read: \(documented)")
    for width in [90, 40] {
      let shown = helpEntries(width: width)
      XCTAssertEqual(shown.map(\.keys), documented.map(\.keys), "help at \(width) columns")
      for (help, guide) in zip(shown, documented) where help != guide {
        XCTFail("help at \(width) columns says \"\(help)\", Docs/UserGuide.md \"\(guide)\"")
      }
    }
    XCTAssertTrue(helpEntries(width: 60).contains { $0.keys == "Ctrl-Z" })
  }
}
