import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// A check that ended incomplete with its MX hosts listed (the chain engine could not finish,
/// libunbound's MX answer stands): the console says so as `check` does, on the status line, since
/// the MX note is only shown when there are no hosts.
final class ConsoleIncompleteCheckTests: XCTestCase {
  func testTheStatusLineSaysWhyACheckWithHostsIsIncomplete() throws {
    let domain = try DNSName("dgood.")
    let host = try DNSName("mx.dgood.")
    let lookup = RRsetLookup(
      name: domain, type: .mx, security: .secure,
      records: [
        ResourceRecord(name: domain, ttl: 60, rdata: .mx(MXData(preference: 10, exchange: host)))
      ])
    let resolution = MXResolution.from(lookup, domain: domain)
    let reason =
      "danescope's chain engine could not finish the chain of trust to dgood. MX: the SOA"
      + " lookup for dgood. failed: the server failed (SERVFAIL)"
    let report = DomainReport(
      domain: domain, checkedAt: Date(timeIntervalSince1970: 0), chain: [],
      mx: MXSection(lookup: lookup, resolution: resolution, hosts: []), findings: [],
      incompleteReason: reason)
    let shown = ConsoleReport(report, chains: [])
    XCTAssertEqual(shown.incompleteReason, reason)
    XCTAssertEqual(
      ConsoleState.checkedMessage(shown), "Checked dgood.: no findings. Incomplete: \(reason)")
    XCTAssertEqual(
      ConsoleState.checkedMessage(ConsoleReport(domain: "dgood.", isComplete: true)),
      "Checked dgood.: no findings.")
  }
}
