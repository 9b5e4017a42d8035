import Foundation
import ValidationCore
import XCTest

@testable import Console

/// The TLSA pane lists the findings about a host's TLSA set with their root cause first, also
/// when `check` found that cause at the end of a CNAME the TLSA owner is: the expired signature
/// over `_25._tcp.mx.expired.example. TLSA`, with TLSA_BOGUS for `_25._tcp.mx.example.` under
/// it (D-report-3).
final class TLSAAliasCauseTests: XCTestCase {
  func testTheCauseAtTheEndOfATLSAAliasIsListedFirst() throws {
    let domain = try DNSName("example.")
    let host = try DNSName("mx.example.")
    let owner = "_25._tcp.mx.example."
    let bogus = Finding(
      FindingCode("TLSA_BOGUS"), subject: owner,
      evidence: [Evidence("reason", "signature expired")])
    let cause = Finding(
      .rrsigExpired, subject: "_25._tcp.mx.expired.example. TLSA",
      evidence: [Evidence("signer", "expired.example.")]
    ).adopting([bogus])
    let other = Finding(FindingCode("MX_INSECURE"), subject: "example.")
    let lookup = RRsetLookup(
      name: try DNSName(owner), type: .tlsa, security: .bogus(reason: "signature expired"))
    let hostReport = HostReport(
      target: MXTarget(name: host, preference: 10),
      addresses: HostAddresses(
        host: host, ipv4: RRsetLookup(name: host, type: .a, security: .secure),
        ipv6: RRsetLookup(name: host, type: .aaaa, security: .secure)),
      tlsa: .failed(baseDomain: host, .bogus(reason: "signature expired")),
      tlsaLookups: [lookup], probes: [])
    let report = DomainReport(
      domain: domain, checkedAt: Date(timeIntervalSince1970: 0), chain: [],
      mx: MXSection(
        lookup: RRsetLookup(name: domain, type: .mx, security: .secure),
        resolution: .hosts([MXTarget(name: host, preference: 10)], nullMXIgnored: false),
        hosts: [hostReport]),
      findings: [cause, other])
    let console = ConsoleReport(report, chains: [])
    XCTAssertEqual(
      console.hosts.first?.tlsa.findings.map(\.code.rawValue), ["RRSIG_EXPIRED", "TLSA_BOGUS"])
  }
}
