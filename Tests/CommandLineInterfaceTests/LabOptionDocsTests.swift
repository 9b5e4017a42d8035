import Foundation
import XCTest

@testable import CommandLineInterface

/// README.md, the User Guide and the man page each list the options that still apply with
/// `--lab`: every list is exactly what CommandOptions lets `check`, `chain` or the console read
/// together with `--lab`, so none can promise an option the code refuses, or leave one out.
final class LabOptionDocsTests: XCTestCase {
  private let marker = "Still applied with it:"

  /// The options `--lab` leaves to at least one of the commands that take it.
  private var appliedWithLab: Set<String> {
    var options = Set<String>()
    for command in ["check", "chain", "console"] {
      let accepted = CommandOptions.accepted[command] ?? []
      XCTAssertTrue(accepted.contains("--lab"), command)
      options.formUnion(accepted.filter { CommandOptions.notWithLab[$0] == nil })
    }
    options.remove("--lab")
    return options
  }

  /// The option names between the marker and the end of its sentence (" (each"), with the man
  /// page's escapes and font requests taken out.
  private func listed(in path: String) throws -> Set<String> {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      .replacingOccurrences(of: "\\-", with: "-")
    let start = try XCTUnwrap(text.range(of: marker), "\(path) has no '\(marker)'")
    let end = try XCTUnwrap(
      text.range(of: "(each", range: start.upperBound..<text.endIndex), "\(path): no '(each'")
    let span = String(text[start.upperBound..<end.lowerBound])
    let names = span.matches(of: /--[a-z][a-z-]*/).map { String($0.output) }
    XCTAssertEqual(names.count, Set(names).count, "\(path) names an option twice: \(span)")
    return Set(names)
  }

  func testEveryDocumentListsWhatTheCodeAppliesWithLab() throws {
    let expected = appliedWithLab
    XCTAssertTrue(expected.isSuperset(of: ["--at", "--timeout", "--log-file", "--json"]))
    for path in ["README.md", "Docs/UserGuide.md", "Docs/danescope.1"] {
      XCTAssertEqual(try listed(in: path), expected, path)
    }
  }
}
