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
        FindingHeadings.isDocumented(entry, in: document[...]),
        "\(entry.code) (\(entry.severity)) is missing from Docs/Findings.md")
    }
  }

  /// A heading lists every severity its code can be raised with, each once, the catalogue's
  /// first (`### INSECURE_DELEGATION (info or warning)`); nothing else goes in the brackets.
  func testHeadingsListOnlySeverities() {
    let document = Self.findingsDocument
    let names = Set(Severity.allCases.map(\.description))
    for entry in FindingCatalog.all {
      guard let listed = FindingHeadings.severities(of: entry.code, in: document[...]) else {
        XCTFail("\(entry.code) has no heading")
        continue
      }
      XCTAssertEqual(listed.first, entry.severity.description, "\(entry.code)")
      XCTAssertEqual(Set(listed).count, listed.count, "\(entry.code): \(listed)")
      XCTAssertTrue(Set(listed).isSubset(of: names), "\(entry.code): \(listed)")
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

  /// A summary is a sentence: it starts with a capital, with {subject} (a DNS name) or with
  /// danescope's name, neither of which is capitalised. Another placeholder first would start it
  /// with whatever its evidence says ("the resolvers in /etc/resolv.conf …"). Docs/Findings.md
  /// shows every summary, as the italic line under the heading, as it is written (an entry
  /// without one was once passed over here, so LOOKUP_FAILED went without its template).
  func testSummariesStartAsSentencesAndAreDocumented() throws {
    let document = Self.findingsDocument
    let flat = FindingExplanationTests.flattened(document)
    for entry in FindingCatalog.all {
      let summary = entry.summary
      XCTAssertTrue(
        summary.hasPrefix("{subject}") || summary.hasPrefix("danescope")
          || summary.first?.isUppercase == true, "\(entry.code): \(summary)")
      let heading =
        try XCTUnwrap(FindingHeadings.line(of: entry.code, in: document[...]), "\(entry.code)")
        + "\n"
      let start = try XCTUnwrap(document.range(of: heading), "\(entry.code)")
      XCTAssertTrue(
        document[start.upperBound...].hasPrefix("_"),
        "\(entry.code): Docs/Findings.md has no italic summary under its heading")
      XCTAssertTrue(
        flat.contains(FindingExplanationTests.flattened(heading + "_" + summary + "_")),
        "\(entry.code): Docs/Findings.md shows another summary")
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
