import Foundation
import XCTest

/// `trace --at TIME` judges the served certificates as of TIME, as `check --at` does: OpenSSL's
/// verification and the `valid` lines' marks both, and the trace says so on its first line. The
/// leaf is made by `openssl ca` valid only from 2 to 10 days from now, under a root valid for 30
/// days from now, and is traced with a DANE-TA record for that root (which, unlike DANE-EE,
/// looks at the dates: RFC 7671 §5.2). What OpenSSL decides at each instant is asked of
/// `openssl verify -attime`, never taken from danescope.
final class TraceAtTimeTests: XCTestCase {
  private let day: TimeInterval = 86_400

  /// `openssl verify -attime`'s decision on the leaf under the root, at `seconds`.
  private func openSSLVerifies(_ certificate: TestCertificate, at seconds: Int) throws -> Bool {
    let root = try XCTUnwrap(certificate.root)
    let result = try TestProcess.run(
      "openssl",
      ["verify", "-attime", String(seconds), "-CAfile", root.path, certificate.certificate.path])
    return result.status == 0 && result.stdout.contains(": OK")
  }

  /// `2026-12-05T09:00:00Z`, as the trace writes times.
  private func timestamp(_ seconds: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  func testTraceJudgesTheCertificatesAsOfTheTimeGiven() throws {
    let folder = try TemporaryDirectory("danescope-trace-at")
    let now = Date()
    let dated = try TestCertificates.rootAndDatedLeaf(
      .ec, name: "mx.test", notBefore: now.addingTimeInterval(2 * day),
      notAfter: now.addingTimeInterval(10 * day), in: folder)
    let record = "2 0 1 " + (try dated.rootSHA256())
    let peer = try HostilePeer(.wellBehaved, certificate: dated)
    defer { peer.stop() }
    func trace(_ extra: [String]) throws -> DanescopeBinary.Result {
      try DanescopeBinary.run(
        ["trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--tlsa-record", record,
         "--timeout", "10"] + extra)
    }
    func lines(_ run: DanescopeBinary.Result) -> [String] {
      run.stdout.split(separator: "\n").map(String.init)
    }
    /// The leaf's `valid` line: the first one of the chain.
    func leafValidity(_ run: DanescopeBinary.Result) -> String {
      lines(run).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("valid ") } ?? ""
    }

    // Inside the window: OpenSSL verifies, and so does the trace, with no mark on the leaf.
    let inside = Int(now.addingTimeInterval(5 * day).timeIntervalSince1970)
    XCTAssertTrue(try openSSLVerifies(dated, at: inside))
    let verified = try trace(["--at", String(inside)])
    XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    XCTAssertEqual(
      lines(verified).first,
      "Judged as of \(timestamp(inside)) (--at): the certificates' validity, by OpenSSL's"
        + " verification and on the valid lines; the connection runs now.")
    let insideLine = leafValidity(verified)
    XCTAssertTrue(insideLine.contains("valid "), verified.stdout)
    XCTAssertFalse(
      insideLine.contains("expired") || insideLine.contains("not yet valid"), insideLine)
    XCTAssertTrue(
      lines(verified).last?.contains("DANE verified by \(record)") == true, verified.stdout)

    // After the window: OpenSSL finds the leaf expired, the trace fails DANE and marks it.
    let after = Int(now.addingTimeInterval(20 * day).timeIntervalSince1970)
    XCTAssertFalse(try openSSLVerifies(dated, at: after))
    let expired = try trace(["--at", String(after)])
    XCTAssertEqual(expired.status, 1, expired.stdout + expired.stderr)
    XCTAssertTrue(
      lines(expired).first?.hasPrefix("Judged as of \(timestamp(after)) (--at)") == true,
      expired.stdout)
    XCTAssertTrue(
      leafValidity(expired).hasSuffix("expired as of \(timestamp(after))"), leafValidity(expired))
    XCTAssertTrue(lines(expired).last?.contains("DANE failed") == true, expired.stdout)

    // Without --at the leaf is judged as of now, before its window: no "Judged as of" line.
    XCTAssertFalse(try openSSLVerifies(dated, at: Int(now.timeIntervalSince1970)))
    let early = try trace([])
    XCTAssertEqual(early.status, 1, early.stdout + early.stderr)
    XCTAssertFalse(early.stdout.contains("Judged as of"), early.stdout)
    XCTAssertTrue(leafValidity(early).contains("not yet valid as of "), leafValidity(early))
    XCTAssertTrue(lines(early).last?.contains("DANE failed") == true, early.stdout)
  }

  /// With a TLSA lookup the first line also says that libunbound validates the DNS answers as
  /// of now: here a root zone (ldns-signzone) whose signatures expire 3 days from now, served
  /// in-process with its DS as the trust anchor (`test.` is one of unbound's own local zones,
  /// so the name is under `probe.`), traced at 5 days from now, when the leaf is
  /// valid and the signatures are not. The records are still secure (libunbound judges now,
  /// Decisions.md D-cli-5), and the DANE-TA record verifies the leaf as of TIME.
  func testWithALookupTheFirstLineSaysTheDNSAnswersAreJudgedAsOfNow() throws {
    let folder = try TemporaryDirectory("danescope-trace-at-lookup")
    let now = Date()
    let dated = try TestCertificates.rootAndDatedLeaf(
      .ec, name: "mx.probe", notBefore: now.addingTimeInterval(2 * day),
      notAfter: now.addingTimeInterval(10 * day), in: folder)
    let record = "2 0 1 " + (try dated.rootSHA256())
    let signer = try LDNSSigner(origin: ".", in: folder.url)
    let zone = try signer.sign(
      ResolverFixture.soa(".")
        + "mx.probe. IN A 127.0.0.1\n_25._tcp.mx.probe. IN TLSA \(record)\n",
      inception: now.addingTimeInterval(-day), expiration: now.addingTimeInterval(3 * day))
    let conf = try folder.write(
      "unbound.conf",
      """
      server:
        do-not-query-address: 0.0.0.0/0
        do-not-query-address: ::/0
        trust-anchor: "\(try signer.dsRecords[0])"
      auth-zone:
        name: "."
        zonefile: "\(zone.path)"
        for-downstream: no
        for-upstream: yes
        fallback-enabled: no

      """)
    let peer = try HostilePeer(.wellBehaved, certificate: dated)
    defer { peer.stop() }
    let at = Int(now.addingTimeInterval(5 * day).timeIntervalSince1970)
    XCTAssertTrue(try openSSLVerifies(dated, at: at))
    let run = try DanescopeBinary.run([
      "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.probe", "--resolver-conf", conf.path,
      "--at", String(at), "--timeout", "10",
    ])
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(
      lines.first,
      "Judged as of \(timestamp(at)) (--at): the certificates' validity, by OpenSSL's"
        + " verification and on the valid lines; the connection runs now, and libunbound"
        + " validates the DNS answers as of now.")
    XCTAssertTrue(lines.contains("tlsa: _25._tcp.mx.probe. secure, 1 record(s)"), run.stdout)
    XCTAssertTrue(lines.last?.contains("DANE verified by \(record)") == true, run.stdout)
  }

  /// `--at` is read by the one reader every command shares: what `check` refuses, `trace`
  /// refuses with the same words, at the same argument.
  func testTraceRefusesWhatCheckRefuses() throws {
    for text in ["2026-02-30", "yesterday", "1e9"] {
      let traced = try DanescopeBinary.run(["trace", "127.0.0.1:1", "--at", text])
      let checked = try DanescopeBinary.run(["check", "example.test", "--at", text])
      XCTAssertEqual(traced.status, 2, text)
      XCTAssertEqual(traced.stdout, "", text)
      XCTAssertTrue(
        traced.stderr.hasPrefix("danescope: --at '\(text)' is not a time"), traced.stderr)
      XCTAssertEqual(traced.stderr, checked.stderr, text)
    }
  }
}
