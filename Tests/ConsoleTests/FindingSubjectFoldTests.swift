import ValidationCore
import XCTest

@testable import Console

/// A finding whose code is too long to leave room for its subject (80x24:
/// ADDRESS_INSECURE_BEHIND_SECURE_ALIAS) folds the subject under the code, in line with the
/// summary below, not at column 2 under the severity word.
final class FindingSubjectFoldTests: XCTestCase {
  func testASubjectFoldedPastALongCodeStandsUnderTheCode() throws {
    var report = ReportFixture.report
    report.findings = [
      Finding(FindingCode("ADDRESS_INSECURE_BEHIND_SECURE_ALIAS"),
        subject: "mx1.cname-unsigned-target.example.",
        evidence: [Evidence("target", "mx.unsigned.example.")])
    ]
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 80, height: 24)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("4"))
    let grid = Renderer().render(state)
    let pane = state.layout.pane
    let rows = (pane.y..<pane.maxY).map { String(grid.text(ofRow: $0).dropFirst(pane.x)) }
    let code = try XCTUnwrap(rows.firstIndex { $0.contains("ADDRESS_INSECURE_BEHIND_SECURE_ALIAS") })
    XCTAssertFalse(rows[code].contains("mx1.cname-unsigned-target.example."), rows[code])
    let subject = rows[code + 1]
    XCTAssertTrue(subject.hasPrefix(String(repeating: " ", count: 10) + "mx1.cname-unsigned"),
      "the subject starts under the code:\n" + rows[code...code + 2].joined(separator: "\n"))
  }
}
