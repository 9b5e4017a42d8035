import Foundation
import XCTest

@testable import ValidationCore

/// Servers that answer commands they have not received yet (RFC 5321 §4.3.1: the client leads,
/// one command then its reply; RFC 2920 §3.1: EHLO and STARTTLS end a group). What arrived
/// early is reported (SMTP_REPLY_BEFORE_COMMAND) and thrown away: it is never taken as the
/// answer to EHLO, to STARTTLS, or to anything said over TLS after it.
final class ProbeEarlyReplyTests: XCTestCase {
  private func probe(_ behaviour: HostilePeer.Behaviour) async throws -> (
    ProbeResult, ProbeEvents, [String]
  ) {
    let folder = try TemporaryDirectory("danescope-early")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(behaviour, certificate: certificate)
    defer { peer.stop() }
    let events = ProbeEvents()
    let mx = try DNSName("mx.test.")
    let request = ProbeRequest(
      host: mx, address: "127.0.0.1", port: peer.port, tlsaBaseDomain: mx, usableRecords: [],
      timeouts: .uniform(5), limits: SMTPReplyParser.Limits())
    let result = await SMTPProbe.run(request, events: events.sink)
    XCTAssertEqual(events.kinds.last, .closed, "the probe did not close")
    return (result, events, peer.receivedCommands)
  }

  /// The greeting, the EHLO reply, the 220 to STARTTLS and a reply meant for EHLO over TLS,
  /// all in one write before EHLO was sent.
  static let early =
    "250-mx.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n220 2.0.0 ready\r\n250 fake-over-tls\r\n"

  func testRepliesBeforeEHLOAreReportedAndNeverTakenAsAnswers() async throws {
    let (result, events, commands) = try await probe(.repliesBeforeCommands(Self.early))
    XCTAssertEqual(result.findings.map(\.code.rawValue), ["SMTP_REPLY_BEFORE_COMMAND"])
    let finding = try XCTUnwrap(result.findings.first)
    XCTAssertEqual(finding.severity, .error)
    XCTAssertEqual(
      finding.evidence.map(\.value),
      ["EHLO", String(Self.early.utf8.count), SanitizedText(Self.early).text])
    // The dialogue went on with the server's real answers: it was asked everything in turn.
    XCTAssertEqual(
      commands,
      ["EHLO danescope.invalid", "STARTTLS", "EHLO danescope.invalid", "QUIT"])
    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    // The EHLO reply over TLS is the server's own, not the early `250 fake-over-tls`.
    XCTAssertEqual(result.secureEHLO?.lines, [Array("mx.test".utf8), Array("PIPELINING".utf8)])
    XCTAssertFalse(
      events.kinds.contains(.smtpReceived(SanitizedText("250 fake-over-tls"))),
      "an early reply was shown as received")
  }

  func testASTARTTLSReplyBeforeSTARTTLSIsReportedAndDiscarded() async throws {
    let (result, _, commands) = try await probe(.startTLSReplyBeforeCommand)
    XCTAssertEqual(result.findings.map(\.code.rawValue), ["SMTP_REPLY_BEFORE_COMMAND"])
    XCTAssertEqual(
      result.findings.first?.summary,
      "mx.test[127.0.0.1]:\(result.request.port) sent 26 octets before danescope sent"
        + " STARTTLS, an answer to a command it had not received; danescope discarded them.")
    XCTAssertEqual(
      commands, ["EHLO danescope.invalid", "STARTTLS", "EHLO danescope.invalid", "QUIT"])
    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
  }

  /// `trace` shows the finding, and its exit status is 1 as for every error-level finding.
  func testTraceReportsTheEarlyReplies() throws {
    let folder = try TemporaryDirectory("danescope-early-trace")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.repliesBeforeCommands(Self.early), certificate: certificate)
    defer { peer.stop() }
    let run = try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"])
    XCTAssertTrue(run.stdout.contains("error SMTP_REPLY_BEFORE_COMMAND"), run.stdout)
    XCTAssertFalse(run.stdout.contains("< 250 fake-over-tls"), run.stdout)
    XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
  }
}
