import Foundation
import ValidationCore
import XCTest

/// A server that completes the TLS handshake and then fails the EHLO over TLS (sends something
/// that is no SMTP reply, or closes). RFC 3207 §4.2: the client says EHLO again after TLS, and
/// no mail goes without it. posttls-finger, run against such a server, prints "Verified TLS
/// connection established" and then "EHLO rejected" or "lost connection while sending EHLO";
/// Postfix at the dane and encrypt levels never falls back to plaintext after a TLS session
/// failure, so it defers. The verdict keeps what TLS established; TLS_REQUIRED_SESSION_FAILED
/// (error) says that no mail can be delivered there, in `check` (text, JSON, exit status) and
/// in `trace` alike (Docs/Decisions.md, D-probe-4).
final class ProbeSecureEHLOTests: XCTestCase {
  static let brokenSessions: [(String, HostilePeer.Behaviour)] = [
    ("garbage", .garbageAfterHandshake("\u{1B}[2J this is no SMTP reply")),
    ("close", .closeAfterHandshake),
  ]

  /// The server's certificate; its folder lives as long as the test case.
  private var folder: TemporaryDirectory?

  private func makeCertificate() throws -> TestCertificate {
    let folder = try TemporaryDirectory("danescope-secure-ehlo")
    self.folder = folder
    return try TestCertificates.selfSigned(.ec, name: "mx.ehlo.test", in: folder)
  }

  /// `check` of a signed domain whose one MX host has `tlsa` (secure), at `peer`.
  private func check(_ tlsa: TLSAData, peer: HostilePeer) async throws -> DomainReport {
    let domain = try DNSName("ehlo.test.")
    let host = try DNSName("mx.ehlo.test.")
    let owner = try DNSName("_25._tcp.mx.ehlo.test.")
    let lookup: DANELookupFunction = { name, type in
      let rdata: [RData]
      switch (name, type) {
      case (domain, .mx): rdata = [.mx(MXData(preference: 10, exchange: host))]
      case (host, .a): rdata = [.a(IPv4Address(octets: [127, 0, 0, 1])!)]
      case (owner, .tlsa): rdata = [.tlsa(tlsa)]
      default: rdata = []
      }
      return RRsetLookup(
        name: name, type: type, security: .secure,
        records: rdata.map { ResourceRecord(name: name, ttl: 60, rdata: $0) })
    }
    var check = DANECheck(lookup: lookup, probe: DANECheck.liveProbe())
    check.timeouts = .uniform(5)
    check.endpoints = [host: DANECheck.Endpoint(address: "127.0.0.1", port: peer.port)]
    return await check.run(domain: domain)
  }

  private func json(_ report: DomainReport) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: report.jsonData())
    return try XCTUnwrap(object as? [String: Any])
  }

  private func probe(_ json: [String: Any]) throws -> [String: Any] {
    let hosts = (json["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
    return try XCTUnwrap(hosts.first?["probes"] as? [[String: Any]]).first ?? [:]
  }

  private func findings(_ json: [String: Any]) -> [[String: Any]] {
    json["findings"] as? [[String: Any]] ?? []
  }

  func testCheckReportsAnAuthenticatedServerThatFailsEHLOAsAnError() async throws {
    let certificate = try makeCertificate()
    let record = tlsaRecord(3, 1, 1, hex: try certificate.leafSPKISHA256())
    for (label, behaviour) in Self.brokenSessions {
      let peer = try HostilePeer(behaviour, certificate: certificate)
      defer { peer.stop() }
      let report = try await check(record, peer: peer)
      let json = try json(report)
      let probe = try probe(json)
      XCTAssertEqual(probe["verdict"] as? String, "verified", label)
      XCTAssertEqual(probe["matchedRecord"] as? String, "3 1 1 \(try certificate.leafSPKISHA256())")
      let reason = probe["reason"] as? String ?? ""
      XCTAssertTrue(reason.contains("but EHLO over TLS failed"), "\(label): \(reason)")
      XCTAssertTrue(report.text.contains(reason), "\(label): \(report.text)")
      // The exit status of check is 1 exactly when the worst severity is an error.
      XCTAssertEqual(json["worstSeverity"] as? String, "error", label)
      XCTAssertEqual(report.worstSeverity, .error, label)
      let session = try XCTUnwrap(
        findings(json).first { $0["code"] as? String == "TLS_REQUIRED_SESSION_FAILED" },
        "\(label): \(findings(json).map { $0["code"] ?? "" })")
      XCTAssertEqual(session["severity"] as? String, "error")
      let summary = session["summary"] as? String ?? ""
      XCTAssertTrue(summary.contains("authenticated by TLSA 3 1 1"), summary)
      XCTAssertTrue(summary.contains("senders defer the mail"), summary)
      XCTAssertFalse(summary.contains("\u{1B}"), "raw escape in \(summary)")
      let under = (session["consequences"] as? [[String: Any]] ?? []).compactMap {
        $0["code"] as? String
      }
      XCTAssertEqual(under, ["SMTP_SECURE_EHLO_FAILED"], label)
    }
  }

  /// The summary says what became of the EHLO, as the server did it: a refusal with a code
  /// (refused), a closed connection, or text that is no SMTP reply; never two at once.
  func testTheSummarySaysWhatTheServerDid() async throws {
    let certificate = try makeCertificate()
    let record = tlsaRecord(3, 1, 1, hex: try certificate.leafSPKISHA256())
    let cases: [(HostilePeer.Behaviour, String)] = [
      (.refuseSecureEHLO(code: 554), "but the server refused EHLO over TLS (reply 554);"),
      (
        .closeAfterHandshake,
        "but the server closed the connection instead of answering EHLO over TLS;"
      ),
      (
        .garbageAfterHandshake("this is no SMTP reply"),
        "but the server answered EHLO over TLS with no valid SMTP reply (a malformed reply line"
          + " (\"this is no SMTP reply\"));"
      ),
    ]
    let markers = ["refused", "closed the connection", "no valid SMTP reply", "no answer"]
    for (behaviour, expected) in cases {
      let peer = try HostilePeer(behaviour, certificate: certificate)
      defer { peer.stop() }
      let report = try await check(record, peer: peer)
      let session = try XCTUnwrap(
        findings(try json(report)).first {
          $0["code"] as? String == "TLS_REQUIRED_SESSION_FAILED"
        }, "\(behaviour): \(report.findings.map(\.code))")
      let summary = session["summary"] as? String ?? ""
      XCTAssertTrue(summary.contains(expected), "\(behaviour): \(summary)")
      XCTAssertEqual(
        markers.filter { summary.contains($0) }.count, 1, "\(behaviour): \(summary)")
    }
  }

  /// A secure TLSA set with nothing usable makes TLS mandatory without authentication: the same
  /// failure after the handshake stops delivery there too.
  func testMandatoryUnauthenticatedTLSIsJudgedTheSame() async throws {
    let certificate = try makeCertificate()
    let unusable = tlsaRecord(1, 1, 1, hex: try certificate.leafSPKISHA256())
    let peer = try HostilePeer(.closeAfterHandshake, certificate: certificate)
    defer { peer.stop() }
    let report = try await check(unusable, peer: peer)
    let json = try json(report)
    XCTAssertEqual(try probe(json)["verdict"] as? String, "tls-unauthenticated")
    let session = findings(json).first { $0["code"] as? String == "TLS_REQUIRED_SESSION_FAILED" }
    XCTAssertEqual(session?["severity"] as? String, "error", "\(findings(json))")
    XCTAssertTrue((session?["summary"] as? String ?? "").contains("not authenticated"))
  }

  /// The same server answering EHLO over TLS: verified, and no such finding.
  func testAWellBehavedServerHasNoSessionFinding() async throws {
    let certificate = try makeCertificate()
    let record = tlsaRecord(3, 1, 1, hex: try certificate.leafSPKISHA256())
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let report = try await check(record, peer: peer)
    let json = try json(report)
    let probe = try probe(json)
    XCTAssertEqual(probe["verdict"] as? String, "verified")
    XCTAssertFalse((probe["reason"] as? String ?? "").contains("EHLO"))
    XCTAssertNotEqual(report.worstSeverity, .error, "\(report.findings.map(\.code))")
    XCTAssertFalse(
      report.findings.contains { $0.code.rawValue == "TLS_REQUIRED_SESSION_FAILED" })
  }

  /// `trace` with the record on the command line: the finding `check` gives, the result line
  /// says the EHLO failed, exit 1. Without DANE (no records) the warning alone, exit 0: a
  /// sender using opportunistic TLS may retry in plaintext later (Postfix at level may).
  func testTraceSaysTheSameAndExitsOne() throws {
    let certificate = try makeCertificate()
    let record = "3 1 1 \(try certificate.leafSPKISHA256())"
    for (label, behaviour) in Self.brokenSessions {
      let peer = try HostilePeer(behaviour, certificate: certificate)
      defer { peer.stop() }
      let server = "127.0.0.1:\(peer.port)"
      let trace = try DanescopeBinary.run(
        ["trace", server, "--tlsa-name", "mx.ehlo.test", "--tlsa-record", record, "--timeout", "5"])
      let output = trace.stdout
      XCTAssertEqual(trace.status, 1, "\(label): \(output) \(trace.stderr)")
      XCTAssertTrue(output.contains("error TLS_REQUIRED_SESSION_FAILED: "), "\(label): \(output)")
      XCTAssertTrue(output.contains("but EHLO over TLS failed ("), "\(label): \(output)")
      XCTAssertTrue(output.contains("DANE verified by \(record) at depth 0"), output)
      XCTAssertFalse(output.contains("\u{1B}"), "raw escape in the trace")

      let plain = try DanescopeBinary.run(["trace", server, "--timeout", "5"])
      XCTAssertEqual(plain.status, 0, "\(label): \(plain.stdout)")
      XCTAssertTrue(plain.stdout.contains("warning SMTP_SECURE_EHLO_FAILED"), plain.stdout)
      XCTAssertFalse(plain.stdout.contains("TLS_REQUIRED_SESSION_FAILED"), plain.stdout)
    }
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let good = try DanescopeBinary.run(
      [
        "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.ehlo.test", "--tlsa-record", record,
        "--timeout", "5",
      ])
    XCTAssertEqual(good.status, 0, good.stdout)
    XCTAssertFalse(good.stdout.contains("EHLO over TLS failed"), good.stdout)
  }
}
