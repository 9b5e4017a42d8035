import ValidationCore
import XCTest

/// A summary's template ends its sentence with a full stop; a value that already ends with one
/// (libunbound's reasons end in the root name: "… for trust anchor .") does not get a second.
final class FindingSummaryTests: XCTestCase {
  func testAValueEndingInAFullStopIsNotFollowedByAnother() {
    let finding = Finding(
      FindingCode("MX_BOGUS"), subject: "example.org.",
      evidence: [Evidence("reason", "signature missing from 127.0.0.1 for trust anchor .")])
    XCTAssertEqual(
      finding.summary,
      "The MX records of example.org. fail DNSSEC validation: signature missing from 127.0.0.1"
        + " for trust anchor .")
  }

  func testOtherValuesKeepTheTemplatesFullStop() {
    let finding = Finding(
      FindingCode("MX_BOGUS"), subject: "example.org.",
      evidence: [Evidence("reason", "signature expired")])
    XCTAssertTrue(finding.summary.hasSuffix("validation: signature expired."), finding.summary)
    // A name inside the sentence keeps its own dot.
    XCTAssertTrue(finding.summary.contains("of example.org. fail"), finding.summary)
  }
}
