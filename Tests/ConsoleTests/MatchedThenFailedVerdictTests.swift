import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// A DANE-TA record that matched, in a probe whose verdict is still failed (RFC 7672 §3.2: the
/// leaf's names or its dates fail after the match): the verdict's reason says the record matched
/// and the chain then failed, as the TLSA pane's record line does, never that nothing matched.
final class MatchedThenFailedVerdictTests: LabFixtureTestCase {
  /// `ta-wrong-name`: the leaf names `elsewhere.invalid` (Docs/Lab.md).
  func testAWrongNameSaysTheRecordMatched() async throws {
    let engine = try await LabFixture.shared.engine()
    var state = try await LabScreenTests.checkedState("ta-wrong-name", engine: engine)
    let host = try XCTUnwrap(state.report?.hosts.first)
    let address = try XCTUnwrap(host.addresses.first)
    XCTAssertEqual(address.verdict, .failed)
    let record = try XCTUnwrap(host.tlsa.records.first)
    XCTAssertEqual(record.matchedDepth, 1)
    XCTAssertNotNil(record.failureAfterMatch)
    XCTAssertTrue(
      address.reason.hasPrefix(
        "TLSA 2 1 1 \(record.data) matched the trust anchor at depth 1, but"),
      address.reason)
    XCTAssertFalse(address.reason.contains("no usable TLSA record matched"), address.reason)
    _ = state.apply(.showPane(.tlsa))
    let text = TLSAPane.rows(PaneContext(state: state)).map(\.text).joined(separator: "\n")
    XCTAssertFalse(text.contains("no usable TLSA record matched"), text)
  }

  /// An expired leaf under a DANE-TA record that matched its CA at depth 1, as OpenSSL reports
  /// it ("certificate has expired"; CheckReportDetailTests has the real server): the verdict
  /// made by `DANEVerdict.decide` reads, in the console, as the TLSA record's line does.
  func testAnExpiredLeafUnderAMatchedTrustAnchorSaysTheRecordMatched() throws {
    let domain = try DNSName("example.")
    let host = try DNSName("mx.example.")
    let anchor = TLSAData(
      usage: .daneTA, selector: .fullCertificate, matchingType: .sha256,
      data: [UInt8](repeating: 0x5a, count: 32))
    var observation = ProbeObservation(
      address: "192.0.2.25", port: 25, stage: .tlsEstablished, tlsSummary: "TLSv1.3",
      daneDecision: .noMatch("certificate has expired"))
    observation.matcherMatches = [.init(record: anchor, depth: 1)]
    let verdict = DANEVerdict.decide(
      policy: .daneAuthenticated, deferredReason: "", probe: observation)
    let hostReport = HostReport(
      target: MXTarget(name: host, preference: 10),
      addresses: HostAddresses(
        host: host, ipv4: RRsetLookup(name: host, type: .a, security: .secure),
        ipv6: RRsetLookup(name: host, type: .aaaa, security: .secure)),
      tlsa: .records(baseDomain: host, [AssessedTLSARecord(anchor)]), tlsaLookups: [],
      probes: [
        ProbeReport(address: "192.0.2.25", port: 25, verdict: verdict, observation: observation)
      ])
    let report = DomainReport(
      domain: domain, checkedAt: Date(timeIntervalSince1970: 0), chain: [],
      mx: MXSection(
        lookup: RRsetLookup(name: domain, type: .mx, security: .secure),
        resolution: .hosts([MXTarget(name: host, preference: 10)], nullMXIgnored: false),
        hosts: [hostReport]),
      findings: [])
    let shown = ConsoleReport(report, chains: [])
    let address = try XCTUnwrap(shown.hosts.first?.addresses.first)
    XCTAssertEqual(address.verdict, .failed)
    XCTAssertEqual(
      address.reason,
      "TLSA \(anchor.zoneText) matched the trust anchor at depth 1, but OpenSSL refused the"
        + " chain: certificate has expired")
    let record = try XCTUnwrap(shown.hosts.first?.tlsa.records.first)
    XCTAssertEqual(record.matchedDepth, 1)
    XCTAssertEqual(record.failureAfterMatch, "OpenSSL refused the chain: certificate has expired")
  }

  /// A host with two addresses under one DANE-TA record: at 192.0.2.25 the chain failed after
  /// the match (OpenSSL's words for an expired leaf), at 2001:db8::25 it verified. The record's
  /// line in the TLSA pane names the address that failed, and only that one, as `check` does.
  func testTheTLSAPaneNamesTheAddressWhereAMatchedRecordFailed() throws {
    let domain = try DNSName("example.")
    let host = try DNSName("mx.example.")
    let anchor = TLSAData(
      usage: .daneTA, selector: .fullCertificate, matchingType: .sha256,
      data: [UInt8](repeating: 0x5a, count: 32))
    func probe(_ address: String, _ decision: ProbeObservation.DANEDecision) -> ProbeReport {
      var observation = ProbeObservation(
        address: address, port: 25, stage: .tlsEstablished, tlsSummary: "TLSv1.3",
        daneDecision: decision)
      observation.matcherMatches = [.init(record: anchor, depth: 1)]
      let verdict = DANEVerdict.decide(
        policy: .daneAuthenticated, deferredReason: "", probe: observation)
      return ProbeReport(address: address, port: 25, verdict: verdict, observation: observation)
    }
    let hostReport = HostReport(
      target: MXTarget(name: host, preference: 10),
      addresses: HostAddresses(
        host: host, ipv4: RRsetLookup(name: host, type: .a, security: .secure),
        ipv6: RRsetLookup(name: host, type: .aaaa, security: .secure)),
      tlsa: .records(baseDomain: host, [AssessedTLSARecord(anchor)]), tlsaLookups: [],
      probes: [
        probe("192.0.2.25", .noMatch("certificate has expired")),
        probe("2001:db8::25", .matched(anchor, depth: 1)),
      ])
    XCTAssertEqual(hostReport.probes.map(\.verdict.word), ["failed", "verified"])
    let report = DomainReport(
      domain: domain, checkedAt: Date(timeIntervalSince1970: 0), chain: [],
      mx: MXSection(
        lookup: RRsetLookup(name: domain, type: .mx, security: .secure),
        resolution: .hosts([MXTarget(name: host, preference: 10)], nullMXIgnored: false),
        hosts: [hostReport]),
      findings: [])
    let shown = ConsoleReport(report, chains: [])
    let record = try XCTUnwrap(shown.hosts.first?.tlsa.records.first)
    let said = "at [192.0.2.25]:25: OpenSSL refused the chain: certificate has expired"
    XCTAssertEqual(record.failurePlacesAfterMatch, said)
    let rows = TLSAPane.recordRows(record, key: "r", wasMatched: true, glyphs: .ascii)
    let text = rows.map(\.text).joined(separator: "\n")
    XCTAssertTrue(
      text.contains("matched depth 1 in the last handshake, but authentication failed " + said),
      text)
    XCTAssertFalse(text.contains("2001:db8::25"), text)
    XCTAssertTrue(report.text.contains(", but authentication failed " + said), report.text)
  }
}
