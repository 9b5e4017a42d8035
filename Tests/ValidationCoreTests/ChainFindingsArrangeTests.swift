import ValidationCore
import XCTest

/// One root cause gives one error, and one fact is said once: a lookup that failed twice for
/// the same name (the zone-cut walk, then the answer) is one consequence, not two.
final class ChainFindingsArrangeTests: XCTestCase {
  func failed(_ subject: String) -> Finding {
    Finding(
      FindingCode("LOOKUP_FAILED"), subject: subject,
      evidence: [Evidence("reason", "no answer within 0.001 s")])
  }

  func testTheFirstErrorIsTheRootAndRepeatsAreDropped() {
    let arranged = ChainFindings.arrange([
      failed(". DNSKEY"), failed("example. SOA"), failed(". DNSKEY"), failed("example. SOA"),
      failed("www.example. A"),
    ])
    XCTAssertEqual(arranged.map(\.subject), [". DNSKEY"])
    XCTAssertEqual(arranged.first?.consequences.map(\.subject), ["example. SOA", "www.example. A"])
  }

  func testWarningsStayAtTheTopLevel() {
    let warning = Finding(
      FindingCode("DS_SHA1_ONLY"), subject: "example.", evidence: [])
    let arranged = ChainFindings.arrange([warning, failed(". DNSKEY"), failed("example. SOA")])
    XCTAssertEqual(arranged.map(\.code.rawValue), ["DS_SHA1_ONLY", "LOOKUP_FAILED"])
  }
}
