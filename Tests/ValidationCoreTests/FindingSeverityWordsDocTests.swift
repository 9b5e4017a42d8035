import Foundation
import XCTest

@testable import ValidationCore

/// Where a document names a finding's severity in words beside its code ("the warning
/// DANE_TA_NOT_SENT", "DS_SHA1_ONLY_MATCH, an error", "gives advice (TLSA_SINGLE_RECORD)",
/// "TLS_REQUIRED_SESSION_FAILED (error)"), the word is one the catalogue gives that code: the
/// severities its Findings.md heading lists, which DNSSECFindingCatalogTests holds to the
/// catalogue. The DANE primer once said danescope "warns" about a single TLSA record, advice.
final class FindingSeverityWordsDocTests: XCTestCase {
  static let documents = [
    "README.md", "Docs/UserGuide.md", "Docs/danescope.1", "Docs/DANE-Primer.md",
    "Docs/Lab.md", "Docs/JSON.md", "Docs/Decisions.md", "Docs/Architecture.md",
    "Docs/Findings.md",
  ]

  /// A severity word as documents write it, as the catalogue spells the severity.
  static func severity(of word: Substring) -> String? {
    switch word.lowercased() {
    case "warns", "warn", "warning", "warnings": return "warning"
    case "error", "errors", "error-level": return "error"
    case "advice", "advises": return "advice"
    case "info", "information": return "info"
    default: return nil
    }
  }

  /// Every (code, severity word) pair the patterns find in `text` (whitespace flattened).
  static func namedSeverities(in text: String) -> [(code: String, word: Substring)] {
    let words = #"(warns|warnings?|error-level|errors?|advice|advises|info|information)"#
    var pairs: [(String, Substring)] = []
    // "the warning DANE_TA_NOT_SENT", "└─ error TLSA_BOGUS"
    for match in text.matches(of: try! Regex(words + #" ([A-Z][A-Z0-9_]{3,})\b"#)) {
      if let word = match.output[1].substring, let code = match.output[2].substring {
        pairs.append((String(code), word))
      }
    }
    // "TLS_REQUIRED_SESSION_FAILED (error)", "DS_SHA1_ONLY_MATCH, an error",
    // "VALIDATOR_DISAGREEMENT is an error-level finding"
    let after = #"\b([A-Z][A-Z0-9_]{3,})(?: \(|,? (?:is )?(?:an?|the) )"# + words + #"\b"#
    for match in text.matches(of: try! Regex(after)) {
      if let code = match.output[1].substring, let word = match.output[2].substring {
        pairs.append((String(code), word))
      }
    }
    // "warns about the others (DIGEST_UNSUPPORTED, ALGORITHM_UNSUPPORTED)", "gives advice
    // (TLSA_SINGLE_RECORD)": every code in the brackets that follow in the same sentence.
    let before = #"\b(warns|advice|advises)\b[^.()]*\(([A-Z][A-Z0-9_, ]+)\)"#
    for match in text.matches(of: try! Regex(before)) {
      guard let word = match.output[1].substring, let list = match.output[2].substring else {
        continue
      }
      for code in list.split(whereSeparator: { $0 == "," || $0 == " " }) {
        pairs.append((String(code), word))
      }
    }
    return pairs
  }

  func testSeverityWordsBesideCodesAreTheCatalogues() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let findings = DNSSECFindingCatalogTests.findingsDocument[...]
    var checked = 0
    for path in Self.documents {
      let raw = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      // Findings.md's headings are DNSSECFindingCatalogTests' to check; the man page's escaped
      // hyphens are plain ones; backquotes around a code do not part it from its word.
      let lines = raw.split(separator: "\n").filter { !$0.hasPrefix("### ") }
      let text = FindingExplanationTests.flattened(lines.joined(separator: "\n"))
        .replacingOccurrences(of: "\\-", with: "-").replacingOccurrences(of: "`", with: "")
      for (code, word) in Self.namedSeverities(in: text) {
        let entry = FindingCatalog.all.first { $0.code.rawValue == code }
        guard let entry else { continue }
        let allowed =
          FindingHeadings.severities(of: entry.code, in: findings) ?? [entry.severity.description]
        XCTAssertTrue(
          Self.severity(of: word).map(allowed.contains) == true,
          "\(path): \(code) is called '\(word)', but it is \(allowed.joined(separator: " or "))")
        checked += 1
      }
    }
    // The patterns must keep finding what the documents say (the primer's advice among them).
    XCTAssertGreaterThanOrEqual(checked, 15)
  }

  /// The patterns catch the wording that was wrong, and let the right one pass.
  func testThePatternsFindTheWordsBesideTheCode() {
    let wrong = "danescope warns (TLSA_SINGLE_RECORD) when a TLSA set has one usable record."
    XCTAssertEqual(
      Self.namedSeverities(in: wrong).map { "\($0.code) \($0.word)" },
      ["TLSA_SINGLE_RECORD warns"])
    let pairs = Self.namedSeverities(
      in: "the warning DANE_TA_NOT_SENT, and DS_SHA1_ONLY_MATCH, an error; "
        + "VALIDATOR_DISAGREEMENT is an error-level finding; TLSA_BOGUS (error).")
    XCTAssertEqual(
      pairs.map { "\($0.code) \($0.word)" },
      [
        "DANE_TA_NOT_SENT warning", "DS_SHA1_ONLY_MATCH error",
        "VALIDATOR_DISAGREEMENT error-level", "TLSA_BOGUS error",
      ])
  }
}
