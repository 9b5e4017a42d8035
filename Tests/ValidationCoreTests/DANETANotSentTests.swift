import Foundation
import ValidationCore
import XCTest

/// A `2 1 0` or `2 0 0` record may authenticate a server that does not send the trust anchor
/// (RFC 7671 §5.2.2, §5.2.3), but RFC 7672 §3.1.2 requires an SMTP server relying on DANE-TA to send it,
/// self-signed root or not. The verdict stays verified; one warning per record names every
/// address that left the anchor out, and none is raised when the anchor was sent.
final class DANETANotSentTests: XCTestCase {
  typealias T = DANETestAnswers

  /// example.org: one MX host with an A and an AAAA record and the given TLSA set.
  private func answers(_ records: [TLSAData]) -> T {
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set("mx.example.org.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .secure, [T.aaaaLoopback()])
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, records.map { .tlsa($0) })
    return answers
  }

  /// A well-formed `2 S 0` record: openssl's DER of a fresh CA's certificate or key.
  private func fullAnchor(selector: UInt8) throws -> TLSAData {
    let certificates = try TLSTestCertificates()
    _ = try certificates.selfSigned(
      "ca", cn: "Test CA", key: "-newkey ec -pkeyopt ec_paramgen_curve:P-256")
    let data = try certificates.reference("ca", selector: Int(selector), matchingType: 0)
    return TLSAData(
      usage: TLSAUsage(rawValue: 2), selector: TLSASelector(rawValue: selector),
      matchingType: TLSAMatchingType(rawValue: 0), data: data)
  }

  private let leaf = ProbeObservation.PeerCertificate(
    depth: 0, subject: "CN=mx.example.org", issuer: "CN=Test CA", notAfter: nil, isCA: false)

  func testAnAnchorNotSentIsAWarningOnAVerifiedHost() async throws {
    for (selector, what) in [(UInt8(1), "key"), (UInt8(0), "certificate")] {
      let anchor = try fullAnchor(selector: selector)
      let leaf = self.leaf
      // OpenSSL verified with the record one above the leaf, which alone was sent; the matcher
      // placed it as the anchor, not sent, that signed depth 0.
      let probe: DANEProbeFunction = { request in
        ProbeObservation(
          address: request.address, port: request.port, stage: .tlsEstablished,
          daneDecision: .matched(anchor, depth: 1),
          matcherMatches: [.init(record: anchor, depth: 1, isAnchorNotSent: true)],
          chain: [leaf])
      }
      let report = await DANECheck(lookup: answers([anchor]).lookup, probe: probe)
        .run(domain: T.name("example.org."))
      XCTAssertEqual(
        report.probes.map(\.verdict),
        Array(repeating: .verified(record: anchor, depth: 1, isAnchorNotSent: true), count: 2))
      let notSent = report.findings.filter { $0.code.rawValue == "DANE_TA_NOT_SENT" }
      XCTAssertEqual(notSent.count, 1, "\(report.findings.map(\.code))")
      let finding = try XCTUnwrap(notSent.first)
      XCTAssertEqual(finding.severity, .warning)
      XCTAssertEqual(report.worstSeverity, .warning)
      XCTAssertEqual(finding.subject, "mx.example.org.")
      let evidence = Dictionary(
        finding.evidence.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
      XCTAssertEqual(evidence["addresses"], "192.0.2.1, ::1")
      XCTAssertEqual(evidence["record"], AssessedTLSARecord.presentation(anchor))
      XCTAssertEqual(evidence["anchor"], "the trust-anchor \(what), not sent, that signed depth 0")
      XCTAssertTrue(finding.summary.contains("192.0.2.1, ::1"), finding.summary)
      XCTAssertTrue(finding.summary.contains("mx.example.org."), finding.summary)
      XCTAssertFalse(finding.summary.contains("{"), finding.summary)
      XCTAssertEqual(finding.entry.reference, "RFC 7672 §3.1.2, RFC 7671 §5.2.2, RFC 7671 §5.2.3")
    }
  }

  func testAnAnchorThatWasSentRaisesNothing() async throws {
    let anchor = try fullAnchor(selector: 1)
    let leaf = self.leaf
    let ca = ProbeObservation.PeerCertificate(
      depth: 1, subject: "CN=Test CA", issuer: "CN=Test CA", notAfter: nil, isCA: true)
    let probe: DANEProbeFunction = { request in
      ProbeObservation(
        address: request.address, port: request.port, stage: .tlsEstablished,
        daneDecision: .matched(anchor, depth: 1),
        matcherMatches: [.init(record: anchor, depth: 1)], chain: [leaf, ca])
    }
    let report = await DANECheck(lookup: answers([anchor]).lookup, probe: probe)
      .run(domain: T.name("example.org."))
    XCTAssertEqual(report.probes.map(\.verdict.word), ["verified", "verified"])
    XCTAssertFalse(
      report.findings.contains { $0.code.rawValue == "DANE_TA_NOT_SENT" },
      "\(report.findings.map(\.code))")
  }
}
