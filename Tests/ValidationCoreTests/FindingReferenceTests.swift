import Foundation
import XCTest

@testable import ValidationCore

/// The RFC sections the catalogue cites say what the finding is about (section titles: RFC 4035
/// §4.4 Configured Trust Anchors; RFC 7672 §2.2.2 Non-MX Destinations, the candidate TLSA base
/// domains, §2.2.3 TLSA Record Lookup, §3.2.2 DANE-TA(2) Name Checks, §3.2.3 Reference
/// Identifier Matching; RFC 7671 §10.1 DANE DNS Record Size Guidelines; RFC 6698 §2.1.3 The
/// Matching Type Field, §2.1.4 The Certificate Association Data Field), and each entry of
/// Docs/Findings.md gives its own entry's reference.
final class FindingReferenceTests: XCTestCase {
  static let pinned: [String: String] = [
    "TRUST_ANCHOR_NO_MATCHING_DNSKEY": "RFC 4035 §4.4, RFC 5011",
    "TLSA_FROM_ORIGINAL_NAME": "RFC 7672 §2.2.2, §2.2.3, RFC 7671 §7",
    "DANE_TA_NAME_MISMATCH": "RFC 7672 §3.2.2, §3.2.3",
    "TLSA_SET_TOO_LARGE": "RFC 7671 §10.1",
    "TLS_RECORD_REJECTED_BY_OPENSSL": "RFC 6698 §2.1.3, §2.1.4",
  ]

  static var entries: [FindingCatalog.Entry] {
    FindingCatalog.dnssecEntries + FindingCatalog.daneEntries + FindingCatalog.smtpEntries
  }

  func testCorrectedReferences() {
    for (code, reference) in Self.pinned {
      let entry = Self.entries.first { $0.code.rawValue == code }
      XCTAssertEqual(entry?.reference, reference, code)
    }
  }

  func testEachDocumentedEntryGivesItsOwnReference() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Findings.md"), encoding: .utf8)
    for entry in Self.entries {
      let heading = try XCTUnwrap(
        document.range(of: "### \(entry.code.rawValue) "), "\(entry.code) not documented")
      let end =
        document.range(of: "\n### ", range: heading.upperBound..<document.endIndex)?.lowerBound
        ?? document.endIndex
      let block = FindingExplanationTests.flattened(String(document[heading.upperBound..<end]))
      XCTAssertTrue(block.contains(entry.reference), "\(entry.code): \(entry.reference)")
    }
  }
}
