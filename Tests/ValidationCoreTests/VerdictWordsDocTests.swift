import Foundation
import XCTest

@testable import ValidationCore

/// The verdict words `check` prints (DANEVerdict.word) are the ones every document lists, all of
/// them, in one order: the man page's `check` entry (which once left out `incomplete`),
/// Docs/JSON.md's table of verdicts and the User Guide's.
final class VerdictWordsDocTests: XCTestCase {
  /// One verdict of each kind. `kindIndex` switches over every case, so a new verdict does not
  /// compile until it is added here too.
  static let everyVerdict: [DANEVerdict] = {
    let record = TLSAData(
      usage: TLSAUsage(rawValue: 3), selector: TLSASelector(rawValue: 1),
      matchingType: TLSAMatchingType(rawValue: 1), data: [1])
    return [
      .verified(record: record, depth: 0), .failed(reason: ""), .tlsUnauthenticated(tls: ""),
      .noDANE(tls: ""), .deferred(reason: ""), .unreachable(reason: ""),
      .incomplete(reason: ""),
    ]
  }()

  static func kindIndex(_ verdict: DANEVerdict) -> Int {
    switch verdict {
    case .verified: return 0
    case .failed: return 1
    case .tlsUnauthenticated: return 2
    case .noDANE: return 3
    case .deferred: return 4
    case .unreachable: return 5
    case .incomplete: return 6
    }
  }

  static var words: [String] { everyVerdict.map(\.word) }

  private func document(_ path: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  func testEveryKindOfVerdictIsListedOnce() {
    XCTAssertEqual(Self.everyVerdict.map(Self.kindIndex), Array(0...6))
    XCTAssertEqual(Set(Self.words).count, Self.words.count)
  }

  /// `.BI check " DOMAIN"` … `every MX host and address (verified, failed, …, incomplete: …)`.
  func testTheManPageListsEveryVerdictOfCheck() throws {
    let page = FindingExplanationTests.flattened(try document("Docs/danescope.1"))
    let start = try XCTUnwrap(page.range(of: "every MX host and address ("))
    let list = page[start.upperBound...].prefix { $0 != ")" && $0 != ":" }
    XCTAssertEqual(
      list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, Self.words,
      "Docs/danescope.1, check")
  }

  /// The first column of the tables whose heading row starts `| verdict |`.
  func testTheVerdictTablesListEveryVerdict() throws {
    for path in ["Docs/JSON.md", "Docs/UserGuide.md"] {
      let lines = try document(path).split(separator: "\n")
      let heading = try XCTUnwrap(
        lines.firstIndex { $0.hasPrefix("| verdict | ") }, "\(path) has no table of verdicts")
      let rows = lines[(heading + 2)...].prefix { $0.hasPrefix("| ") }
      let listed = rows.map {
        $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)
          .trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      }
      XCTAssertEqual(listed, Self.words, path)
    }
  }
}
