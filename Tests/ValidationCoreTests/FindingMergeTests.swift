import XCTest

@testable import ValidationCore

/// A finding said twice (two MX hosts sharing one TLSA set) is listed once; findings that
/// differ in anything the reader sees (subject, evidence, severity) all stay.
final class FindingMergeTests: XCTestCase {
  private func single(_ owner: String, severity: Severity? = nil) -> Finding {
    Finding(
      FindingCode("TLSA_SINGLE_RECORD"), subject: owner,
      evidence: [Evidence("record", "3 1 1 aa")], severity: severity)
  }

  private func timedOut(_ server: String) -> Finding {
    Finding(
      FindingCode("SMTP_STEP_TIMED_OUT"), subject: server,
      evidence: [Evidence("step", "the greeting"), Evidence("seconds", "2")])
  }

  func testEqualFindingsAreListedOnceWhereTheFirstWas() {
    let shared = single("_25._tcp.h6.example.")
    let probes = [timedOut("h6.example.[192.0.2.6]:25"), timedOut("h6c.example.[192.0.2.6]:25")]
    let merged = DANEFindings.merged([shared, probes[0], shared, probes[1]])
    XCTAssertEqual(merged, [shared] + probes)
  }

  func testFindingsThatDifferInSubjectEvidenceOrSeverityStay() {
    let findings = [
      single("_25._tcp.h6.example."), single("_25._tcp.h7.example."),
      single("_25._tcp.h6.example.", severity: .warning),
      Finding(
        FindingCode("TLSA_SINGLE_RECORD"), subject: "_25._tcp.h6.example.",
        evidence: [Evidence("record", "3 1 1 bb")]),
    ]
    XCTAssertEqual(DANEFindings.merged(findings), findings)
  }

  /// What each copy had under it is kept under the one listed, once each.
  func testConsequencesOfMergedFindingsAreJoined() {
    let first = timedOut("a.example.[192.0.2.1]:25")
    let second = timedOut("b.example.[192.0.2.2]:25")
    var one = single("_25._tcp.h6.example.")
    one.consequences = [first]
    var other = single("_25._tcp.h6.example.")
    other.consequences = [first, second]
    let merged = DANEFindings.merged([one, other])
    XCTAssertEqual(merged.count, 1)
    XCTAssertEqual(merged.first?.consequences, [first, second])
  }
}
