import Foundation
import XCTest

@testable import ValidationCore

/// The SMTP and TLS catalogue entries are documented in their own section of Docs/Findings.md,
/// and every code the probe can emit is in the catalogue.
final class SMTPFindingCatalogTests: XCTestCase {
  func testSMTPCodesAreDocumentedInTheirSection() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Findings.md"), encoding: .utf8)
    let start = try XCTUnwrap(document.range(of: "## SMTP and TLS\n"))
    let end =
      document.range(of: "\n## ", range: start.upperBound..<document.endIndex)?.lowerBound
      ?? document.endIndex
    let section = document[start.upperBound..<end]
    XCTAssertFalse(FindingCatalog.smtpEntries.isEmpty)
    for entry in FindingCatalog.smtpEntries {
      XCTAssertTrue(
        FindingHeadings.isDocumented(entry, in: section), "\(entry.code)")
      XCTAssertTrue(section.contains(entry.reference), "\(entry.code): reference differs")
      XCTAssertTrue(entry.reference.hasPrefix("RFC "), "\(entry.code)")
    }
  }

  func testEveryCodeTheProbeUsesIsCatalogued() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let source =
      try String(
        contentsOf: root.appendingPathComponent("Sources/ValidationCore/SMTP/ProbeFindings.swift"),
        encoding: .utf8)
      + String(
        contentsOf: root.appendingPathComponent("Sources/ValidationCore/SMTP/SMTPProbe.swift"),
        encoding: .utf8)
    let pattern = try NSRegularExpression(pattern: "\"((SMTP|TLS)_[A-Z_]+)\"")
    let codes = pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).map {
      String(source[Range($0.range(at: 1), in: source)!])
    }
    XCTAssertGreaterThan(codes.count, 10)
    let catalogued = Set(FindingCatalog.smtpEntries.map(\.code.rawValue))
    for code in codes {
      XCTAssertTrue(catalogued.contains(code), "\(code) is not in the catalogue")
    }
  }

  /// Every step is named in a reader's words wherever a finding, the text report or a trace
  /// shows it (`during the EHLO reply over TLS`), never by its identifier (`secure-ehlo`).
  func testNoSummaryOrTraceShowsAStepIdentifier() {
    let subject = "mx.test[127.0.0.1]:25"
    let failures: [ProbeFailure] = [
      .timedOut(seconds: 2), .replyIncomplete(seconds: 2, octets: 3, start: SanitizedText("220")),
      .closedByPeer, .badReply(.lineTooLong(limit: 2048)), .badReply(.replyTooLarge(limit: 65_536, received: 65_600)),
      .badReply(.tooManyLines(limit: 256, received: 1799)),
      .badReply(.malformedLine(SanitizedText("2x0"))), .system(call: "recv", message: "EIO"),
    ]
    for step in ProbeStep.allCases {
      let words = step.description
      XCTAssertTrue(words.hasPrefix("the "), "\(step.rawValue): \(words)")
      XCTAssertNotEqual(words, step.rawValue)
      XCTAssertFalse(words.contains("-"), words)
      var findings = failures.map { ProbeFindings.stepFailed(subject, step: step, $0) }
      findings.append(ProbeFindings.controlCharacters(subject, step: step))
      findings.append(ProbeFindings.probeError(subject, step: step, reason: "recv failed"))
      for finding in findings {
        XCTAssertTrue(finding.summary.contains("during \(words)"), finding.summary)
        for other in ProbeStep.allCases {
          XCTAssertFalse(
            finding.summary.contains("during \(other.rawValue)"),
            "\(finding.code): \(finding.summary)")
        }
      }
      for failure in failures {
        let event = TraceEvent(
          time: Date(timeIntervalSince1970: 0), elapsed: 0.5, address: "127.0.0.1", port: 25,
          kind: .stepFailed(step, failure))
        let lines = TraceEventText.format(event)
        XCTAssertTrue(lines.contains { $0.contains("! \(words): ") }, "\(lines)")
        XCTAssertFalse(lines.contains { $0.contains("! \(step.rawValue):") }, "\(lines)")
      }
    }
  }

  func testSummariesFillTheirPlaceholders() {
    let finding = ProbeFindings.plaintextDiscarded("mx.test[127.0.0.1]:25", Array("250 x\r\n".utf8))
    XCTAssertEqual(
      finding.summary,
      "mx.test[127.0.0.1]:25 sent 7 octets of plaintext after its 220 to STARTTLS; danescope discarded them."
    )
    XCTAssertEqual(finding.evidence.last?.value, "250 x\\013\\010")
  }

  /// A server's text that looks like a placeholder stays as the server wrote it: the template is
  /// filled in one pass, so `{text}` inside the reply is not replaced by the reply again, and the
  /// `{subject}` in it is not replaced by the host.
  func testServerTextIsNeverReadAsAPlaceholder() {
    let finding = Finding(
      FindingCode("SMTP_STARTTLS_REFUSED"), subject: "mx.test[127.0.0.1]:25",
      evidence: [Evidence("code", "454"), Evidence("text", "busy {text} {subject} {code")])
    XCTAssertEqual(
      finding.summary,
      "mx.test[127.0.0.1]:25 answered STARTTLS with 454: busy {text} {subject} {code.")
  }

  /// The summary quoting a server's text is a sentence: it ends with a full stop, once.
  func testARefusalSummaryEndsWithAFullStop() {
    for (text, summary) in [
      (
        "4.7.0 TLS not available",
        "mx.test[127.0.0.1]:25 answered STARTTLS with 454: 4.7.0 TLS not available."
      ),
      ("Try again later.", "mx.test[127.0.0.1]:25 answered STARTTLS with 454: Try again later."),
    ] {
      let finding = Finding(
        FindingCode("SMTP_STARTTLS_REFUSED"), subject: "mx.test[127.0.0.1]:25",
        evidence: [Evidence("code", "454"), Evidence("text", text)])
      XCTAssertEqual(finding.summary, summary)
    }
  }
}
