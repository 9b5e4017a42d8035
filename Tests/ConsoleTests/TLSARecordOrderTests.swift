import XCTest

@testable import Console

/// The TLSA pane lists a set's records in RDATA order (RFC 4034 §6.3), as `check` and its JSON
/// do, not in the answer's order (which changed from one lab start to the next: rollover's and
/// pkix-only's two records swapped places). A matched record keeps its place.
final class TLSARecordOrderTests: XCTestCase {
  func testRecordsAreInRDATAOrderWhateverMatched() {
    let record = { (usage: UInt8, selector: UInt8, data: String, depth: Int?) in
      ConsoleReport.TLSARecordView(
        usage: usage, selector: selector, matchingType: 1, data: data, isUsable: usage >= 2,
        reason: "", matchedDepth: depth)
    }
    let unmatched = record(3, 1, "bb", nil)
    let matched = record(3, 1, "cc", 0)
    let pkixEE = record(1, 1, "aa", nil)
    let pkixTA = record(0, 0, "ff", nil)
    let next = record(3, 1, "0a", nil)
    let listed = [unmatched, pkixEE, matched, next, pkixTA].sorted(by: ConsoleReport.listedBefore)
    XCTAssertEqual(listed.map(\.data), ["ff", "aa", "0a", "bb", "cc"])
  }
}
