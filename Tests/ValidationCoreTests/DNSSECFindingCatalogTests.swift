import Foundation
import XCTest

@testable import ValidationCore

/// The catalogue and Docs/Findings.md say the same things.
final class DNSSECFindingCatalogTests: XCTestCase {
  static var findingsDocument: String {
    // Tests/ValidationCoreTests/<this file> → the package root.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return
      (try? String(contentsOf: root.appendingPathComponent("Docs/Findings.md"), encoding: .utf8))
      ?? ""
  }

  func testEveryCatalogueCodeIsDocumented() {
    let document = Self.findingsDocument
    XCTAssertFalse(document.isEmpty, "Docs/Findings.md could not be read")
    for entry in FindingCatalog.all {
      XCTAssertTrue(
        document.contains("### \(entry.code.rawValue) (\(entry.severity))"),
        "\(entry.code) (\(entry.severity)) is missing from Docs/Findings.md")
    }
  }

  func testDNSSECCodesAreDocumentedInTheDNSSECSection() throws {
    let document = Self.findingsDocument
    let start = try XCTUnwrap(document.range(of: "## DNSSEC\n"))
    let end = try XCTUnwrap(
      document.range(of: "\n## ", range: start.upperBound..<document.endIndex))
    let section = document[start.upperBound..<end.lowerBound]
    for entry in FindingCatalog.dnssecEntries {
      XCTAssertTrue(
        section.contains("### \(entry.code.rawValue) "), "\(entry.code) not in ## DNSSEC")
      XCTAssertTrue(section.contains(entry.reference), "\(entry.code): reference differs")
    }
  }

  func testCodesAreUniqueAndWellFormed() {
    let codes = FindingCatalog.all.map(\.code.rawValue)
    XCTAssertEqual(Set(codes).count, codes.count, "a code is registered twice")
    for code in codes {
      XCTAssertNotNil(code.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression), code)
    }
    for entry in FindingCatalog.dnssecEntries {
      XCTAssertFalse(entry.explanation.isEmpty || entry.fix.isEmpty, "\(entry.code)")
      XCTAssertTrue(entry.reference.hasPrefix("RFC "), "\(entry.code)")
    }
  }

  func testSummaryFillsPlaceholdersFromEvidence() {
    let finding = Finding(
      .rrsigExpired, subject: "example.com. A",
      evidence: [
        Evidence("key tag", "12345"), Evidence("expired since", "3 days"),
        Evidence("expiration", "2026-12-01T00:00:00Z"),
      ])
    XCTAssertEqual(
      finding.summary,
      "The RRSIG by key 12345 over example.com. A expired 3 days ago (2026-12-01T00:00:00Z).")
    XCTAssertEqual(finding.severity, .error)
  }
}
