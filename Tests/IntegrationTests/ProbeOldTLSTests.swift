import Foundation
import XCTest

@testable import ValidationCore

/// A server that speaks only TLS 1.0 or only TLS 1.1 (a real `openssl s_server -tls1` or
/// `-tls1_1` behind an SMTP front), with a correct `3 1 1` record: danescope offers TLS 1.2 and
/// 1.3 only (RFC 8996, Docs/Decisions.md), so the handshake fails, and the reason says plainly
/// that the server offers only older versions, rather than only naming the alert.
///
/// The reference: `openssl s_client` completes a handshake at the server's version (security
/// level 0), and gets alert protocol_version(70) from it with TLS 1.2 as its minimum.
final class ProbeOldTLSTests: XCTestCase {
  func testAServerSpeakingOnlyTLS10IsSaidToOfferOnlyOlderVersions() async throws {
    try await checkOldServer(flag: "-tls1", protocolName: "TLSv1")
  }

  func testAServerSpeakingOnlyTLS11IsSaidToOfferOnlyOlderVersions() async throws {
    try await checkOldServer(flag: "-tls1_1", protocolName: "TLSv1.1")
  }

  private func checkOldServer(flag: String, protocolName: String) async throws {
    let folder = try TemporaryDirectory("danescope-oldtls")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let server = try OpenSSLServer(versionFlag: flag, certificate: certificate)
    defer { server.stop() }
    let front = try STARTTLSFront(tlsPort: server.port)
    defer { front.stop() }

    // The reference tool: the server really speaks the old version, and nothing newer.
    let target = "127.0.0.1:\(server.port)"
    let old = try TestProcess.run(
      "openssl", ["s_client", "-connect", target, flag, "-cipher", "DEFAULT@SECLEVEL=0"],
      timeout: 20)
    XCTAssertTrue(old.stdout.contains("Protocol  : \(protocolName)\n"), old.stdout + old.stderr)
    let modern = try TestProcess.run(
      "openssl", ["s_client", "-connect", target, "-min_protocol", "TLSv1.2"], timeout: 20)
    XCTAssertTrue(
      modern.stderr.contains("alert protocol version") && modern.stderr.contains("number 70"),
      modern.stderr)

    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let record = tlsaRecord(3, 1, 1, hex: hex)
    let mx = try DNSName("mx.test.")
    let request = ProbeRequest(
      host: mx, address: "127.0.0.1", port: front.port, tlsaBaseDomain: mx,
      usableRecords: [record], timeouts: .uniform(10))
    let events = ProbeEvents()
    let result = await SMTPProbe.run(request, events: events.sink)

    XCTAssertEqual(front.connectionCount, 1)
    guard case .handshakeFailed(let reason) = result.startTLS else {
      return XCTFail("\(result.startTLS)")
    }
    XCTAssertEqual(
      reason,
      "the server offers only protocol versions older than TLS 1.2 (it answered the ClientHello"
        + " with alert protocol_version(70)), which danescope does not offer; a DANE sender would"
        + " most likely fail too")
    // The alert came from the server, after danescope's ClientHello and before any ServerHello.
    let messages = events.kinds.compactMap { kind -> TLSMessage? in
      if case .tlsMessage(let message) = kind { return message }
      return nil
    }
    XCTAssertEqual(
      messages.map(\.description), ["ClientHello", "alert fatal protocol_version(70)"])
    XCTAssertEqual(messages.map(\.direction), [.sent, .received])

    XCTAssertEqual(result.findings.map(\.code.rawValue), ["TLS_PROTOCOL_VERSION_TOO_OLD"])
    let finding = try XCTUnwrap(result.findings.first)
    XCTAssertEqual(finding.severity, .error)
    XCTAssertEqual(
      finding.summary,
      "mx.test[127.0.0.1]:\(front.port) speaks only versions older than TLS 1.2; danescope"
        + " offers only TLS 1.2 and 1.3, so no TLS session came up.")

    // check's verdict for this address under the secure 3 1 1 record: failed, with that reason.
    let observation = ProbeObservation(result: result, events: events.events)
    let verdict = DANEVerdict.decide(
      policy: .daneAuthenticated, deferredReason: "", probe: observation)
    XCTAssertEqual(verdict.word, "failed")
    XCTAssertTrue(
      verdict.reason.contains("offers only protocol versions older than TLS 1.2"), verdict.reason)
    XCTAssertFalse(verdict.reason.contains("SSL routines"), verdict.reason)
  }
}
