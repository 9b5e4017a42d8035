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

  func expired(_ subject: String, signer: String) -> Finding {
    Finding(
      FindingCode("RRSIG_EXPIRED"), subject: subject,
      evidence: [Evidence("key tag", "1"), Evidence("signer", signer)])
  }

  /// Signatures that expired in two zones are two facts: neither is the other's consequence.
  func testIndependentBreaksStandSideBySide() {
    let arranged = ChainFindings.arrange([
      expired(". DNSKEY", signer: "."), expired("example. DS", signer: "."),
      expired("example. DNSKEY", signer: "example."),
    ])
    XCTAssertEqual(arranged.map(\.subject), [". DNSKEY", "example. DS", "example. DNSKEY"])
    XCTAssertTrue(arranged.allSatisfy(\.consequences.isEmpty))
  }

  /// A zone without DNSKEY records cannot vouch for anything it signs: those signatures follow
  /// from it. A lookup failure elsewhere (not below the name that failed) is its own fact.
  func testWhatFollowsGoesUnderItsCause() {
    let missing = Finding(FindingCode("DNSKEY_MISSING"), subject: "example.")
    let arranged = ChainFindings.arrange([
      failed("example. SOA"), missing, expired("www.example. A", signer: "example."),
      expired("org. DS", signer: "."), failed("other.org. A"), failed("www.example. A"),
    ])
    XCTAssertEqual(
      arranged.map(\.subject), ["example. SOA", "example.", "org. DS", "other.org. A"])
    guard arranged.count == 4 else { return }
    XCTAssertEqual(arranged[0].consequences.map(\.subject), ["www.example. A"])
    XCTAssertEqual(arranged[1].consequences.map(\.subject), ["www.example. A"])
    XCTAssertEqual(arranged[1].consequences.map(\.code.rawValue), ["RRSIG_EXPIRED"])
  }
}
