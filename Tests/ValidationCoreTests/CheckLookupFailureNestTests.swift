import XCTest

@testable import ValidationCore

/// The check's own failed lookup is a query of its own (JSON.md: independent problems are
/// findings of their own): it stays at the top level whatever the chain engine's lookups did,
/// so that one failure reads the same from run to run.
final class CheckLookupFailureNestTests: XCTestCase {
  func failed(_ subject: String, _ reason: String = "no answer within 0.003 s") -> Finding {
    Finding(FindingCode("LOOKUP_FAILED"), subject: subject, evidence: [Evidence("reason", reason)])
  }

  func tree(_ findings: [Finding]) -> [String] {
    findings.map { finding in
      finding.subject + (finding.consequences.isEmpty
        ? "" : " > " + tree(finding.consequences).joined(separator: ", "))
    }
  }

  func testTheChecksLookupIsNotNestedUnderTheEnginesFailure() {
    let own = [failed("two-mx.example. MX")]
    // The engine's `. DNSKEY` failed; in one run its MX lookup failed too (and nests below it),
    // in another it did not get that far.
    let bothFailed = ChainFindings.arrange([failed(". DNSKEY"), failed("two-mx.example. MX")])
    XCTAssertEqual(tree(bothFailed), [". DNSKEY > two-mx.example. MX"])
    let rootOnly = ChainFindings.arrange([failed(". DNSKEY")])
    for engine in [bothFailed, rootOnly] {
      let nested = DANEFindings.ordered(DANEFindings.nest(own, under: engine))
      XCTAssertEqual(tree(nested), [". DNSKEY", "two-mx.example. MX"])
    }
  }

  /// What the removed copy explained stays under the engine's failure.
  func testWhatTheEnginesCopyExplainedStays() {
    let engine = ChainFindings.arrange([
      failed(". DNSKEY"), failed("example. SOA"), failed("example. DS"),
    ])
    XCTAssertEqual(tree(engine), [". DNSKEY > example. SOA, example. DS"])
    let nested = DANEFindings.nest([failed("example. SOA")], under: engine)
    XCTAssertEqual(tree(nested), [". DNSKEY > example. DS", "example. SOA"])
  }

  /// The same RRset failed at the top level of the engine's findings: one fact, said once.
  func testTheSameTopLevelFailureIsSaidOnce() {
    let engine = ChainFindings.arrange([failed("two-mx.example. MX", "SERVFAIL")])
    let nested = DANEFindings.nest([failed("two-mx.example. MX")], under: engine)
    XCTAssertEqual(tree(nested), ["two-mx.example. MX"])
  }
}
