import Foundation
import XCTest

@testable import ValidationCore

/// The DANE and SMTP explanations teach: each says what the finding means and why it matters
/// for delivery in two to four sentences, and Docs/Findings.md carries the same words.
final class FindingExplanationTests: XCTestCase {
  func testDANEAndSMTPExplanationsHaveTwoToFourSentencesAndAreDocumented() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Findings.md"), encoding: .utf8)
    let flatDocument = Self.flattened(document)
    let entries = FindingCatalog.daneEntries + FindingCatalog.smtpEntries
    XCTAssertGreaterThan(entries.count, 40)
    for entry in entries {
      let sentences = Self.sentenceCount(entry.explanation)
      XCTAssertTrue(
        (2...4).contains(sentences), "\(entry.code): \(sentences) sentence(s): \(entry.explanation)")
      XCTAssertTrue(
        flatDocument.contains(Self.flattened(entry.explanation)),
        "\(entry.code): Docs/Findings.md has another explanation")
    }
  }

  /// Sentences end with a full stop, question or exclamation mark before a space or the end.
  static func sentenceCount(_ text: String) -> Int {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.matches(of: /[.!?](?=\s|$)/).count
  }

  /// Runs of white space (line breaks of the Markdown wrapping included) as one space.
  static func flattened(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
