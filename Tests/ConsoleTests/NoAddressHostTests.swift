import Foundation
import ValidationCore
import XCTest

@testable import Console

/// An MX host whose name does not exist reads in the console as `check` reports it: the verdict
/// unreachable (RFC 7672 §2.2.1: nowhere to connect), counted by the DANE badge, and a TLSA note
/// that says the name does not exist (NXDOMAIN), not that its address records are secure. The
/// report is the check's own, from hand-made answers: `nowhere.example.` is a proven NXDOMAIN.
final class NoAddressHostTests: XCTestCase {
  private static func name(_ text: String) -> DNSName { try! DNSName(text) }

  private func report() async -> DomainReport {
    let domain = Self.name("example.")
    let host = Self.name("nowhere.example.")
    let answers: [String: RRsetLookup] = [
      "example. MX": RRsetLookup(
        name: domain, type: .mx, security: .secure,
        records: [
          ResourceRecord(
            name: domain, ttl: 300, rdata: .mx(MXData(preference: 10, exchange: host)))
        ]),
      "nowhere.example. A": RRsetLookup(
        name: host, type: .a, security: .secure, isNXDOMAIN: true),
      "nowhere.example. AAAA": RRsetLookup(
        name: host, type: .aaaa, security: .secure, isNXDOMAIN: true),
    ]
    let check = DANECheck(
      lookup: { name, type in
        answers["\(name) \(type)"]
          ?? RRsetLookup(name: name, type: type, security: .indeterminate(reason: "not asked"))
      },
      probe: { request in
        ProbeObservation(address: request.address, port: request.port, stage: .connectFailed("no"))
      })
    return await check.run(domain: domain)
  }

  func testAHostThatDoesNotExistIsUnreachableInTheBadgeAndTheTLSANote() async throws {
    let report = await report()
    let text = report.text
    XCTAssertTrue(
      text.contains(
        "nowhere.example.  (no address)  unreachable  the name does not exist (NXDOMAIN, secure):"
          + " no sender connects to it"), text)
    let console = ConsoleReport(report, chains: [])
    let host = try XCTUnwrap(console.hosts.first)
    XCTAssertEqual(host.addresses, [])
    XCTAssertEqual(host.unprobed?.verdict, .unreachable)
    XCTAssertEqual(
      host.unprobed?.reason,
      "the name does not exist (NXDOMAIN, secure): no sender connects to it")
    XCTAssertEqual(HeaderBadges.dane(console, traces: [:]).0, "unreachable")
    XCTAssertEqual(
      host.tlsa.note,
      "Why: the name does not exist (NXDOMAIN, secure), so no sender connects to it.")
  }
}
