import Foundation
import XCTest

/// `trace` and `tlsa --from` against `danescope lab serve` on loopback, with `--forwarder` to
/// it: what trace says where a DANE sender defers or where `check` warns, and `tlsa --from`
/// reaching a host that only that resolver knows.
final class TraceLabFindingsTests: XCTestCase {
  /// The lab served on loopback and the resolver options that reach it.
  private func lab() throws -> (LabServeProcess, servers: [String: String], resolver: [String]) {
    let (serve, dnsPort, _) = try LabTraceTests.labServe()
    let resolver = [
      "--forwarder", "127.0.0.1@\(dnsPort)", "--trust-anchor", serve.folder + "/trust-anchor.ds",
      "--timeout", "5",
    ]
    return (serve, LabTraceTests.servers(serve.output), resolver)
  }

  /// A bogus TLSA lookup is not an empty set: the `dane:` line says the lookup was bogus and
  /// that a sender defers, as the result line and `check`'s deferred verdict do (RFC 7672 §2.2).
  /// A DANE-TA 2 1 0 record that matched only an anchor the server did not send gives check's
  /// warning DANE_TA_NOT_SENT (RFC 7672 §3.1.2) in trace too, and the trace still exits 0.
  func testTraceSaysWhatCheckSaysOfABogusLookupAndAnUnsentAnchor() throws {
    let (serve, servers, resolver) = try lab()
    defer { serve.stop() }

    let bogusName = "mx1.tlsa-bogus.example"
    let bogusServer = try XCTUnwrap(servers[bogusName + "."])
    // Where trace does make a resolver, --log-file is honoured: libunbound's log is written.
    let folder = try TemporaryDirectory("danescope-trace-log")
    let log = folder.file("unbound.log")
    let bogus = try DanescopeBinary.run(
      ["trace", bogusServer, "--tlsa-name", bogusName, "--log-file", log.path] + resolver)
    XCTAssertEqual(bogus.status, 1, bogus.stdout + bogus.stderr)
    let logged = try String(contentsOf: log, encoding: .utf8)
    XCTAssertTrue(logged.contains("_25._tcp.\(bogusName)."), logged)
    let owner = "_25._tcp.\(bogusName)."
    XCTAssertTrue(
      bogus.stdout.contains(
        "] dane: not attempted: the TLSA lookup at \(owner) is bogus; a DANE sender defers"
          + " delivery\n"), bogus.stdout)
    XCTAssertFalse(bogus.stdout.contains("no usable TLSA records"), bogus.stdout)
    XCTAssertTrue(
      bogus.stdout.contains(", delivery deferred: the TLSA lookup at \(owner) is bogus\n"),
      bogus.stdout)
    let checkBogus = try DanescopeBinary.run(
      ["check", "tlsa-bogus.example", "--json", "--port", Self.port(bogusServer)] + resolver)
    let report = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(checkBogus.stdout.utf8)) as? [String: Any])
    let hosts = (report["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
    let probe = (hosts.first?["probes"] as? [[String: Any]])?.first
    XCTAssertEqual(probe?["verdict"] as? String, "deferred", checkBogus.stdout)

    let anchorName = "mx1.ta-no-intermediate-210.example"
    let anchorServer = try XCTUnwrap(servers[anchorName + "."])
    let trace = try DanescopeBinary.run(["trace", anchorServer, "--tlsa-name", anchorName] + resolver)
    XCTAssertEqual(trace.status, 0, trace.stdout + trace.stderr)
    let warning = trace.stdout.split(separator: "\n").first {
      $0.hasPrefix("warning DANE_TA_NOT_SENT: ")
    }
    let check = try DanescopeBinary.run(
      ["check", "ta-no-intermediate-210.example", "--port", Self.port(anchorServer)] + resolver)
    let checkLine = check.stdout.split(separator: "\n").first {
      $0.contains("[warning] DANE_TA_NOT_SENT: ")
    }
    // The same sentence check gives (check prints it indented, with its severity in brackets).
    let sentence = try XCTUnwrap(checkLine?.components(separatedBy: "DANE_TA_NOT_SENT: ").last)
    XCTAssertEqual(warning.map(String.init), "warning DANE_TA_NOT_SENT: " + sentence, trace.stdout)
    XCTAssertTrue(sentence.hasPrefix("At \(anchorServer.split(separator: ":")[0]) "), sentence)
  }

  /// `tlsa --from NAME` with `--forwarder` resolves NAME through danescope's validating resolver
  /// (the system's knows nothing of the lab): the record is the one openssl computes from the
  /// certificate the server sends. A bogus address lookup gives no address to connect to, and
  /// a proven NXDOMAIN is said as such; both exit 3.
  func testTLSAFromResolvesTheHostThroughTheResolverOptions() throws {
    let (serve, servers, resolver) = try lab()
    defer { serve.stop() }
    let name = "mx1.ee-valid.example"
    let server = try XCTUnwrap(servers[name + "."])
    let port = Self.port(server)

    let folder = try TemporaryDirectory("danescope-tlsa-from-resolver")
    let shown = try TestProcess.run(
      "openssl",
      ["s_client", "-starttls", "smtp", "-connect", server, "-servername", name, "-showcerts"],
      timeout: 20, stdin: Data("QUIT\r\n".utf8))
    let leaf = try XCTUnwrap(
      try TestCertificates.split(shown.stdout, in: folder, as: "served").first, shown.stderr)
    let expected = try TestCertificates.referenceAssociationData(
      certificate: leaf, selector: 1, matchingType: 1)

    let made = try DanescopeBinary.run(["tlsa", "--from", "\(name):\(port)"] + resolver)
    XCTAssertEqual(made.status, 0, made.stderr)
    XCTAssertEqual(made.stdout, "_25._tcp.\(name). IN TLSA 3 1 1 \(expected.lowercased())\n")
    XCTAssertEqual(made.stderr, "")

    let bogus = try DanescopeBinary.run(
      ["tlsa", "--from", "mx1.ds-mismatch.example:\(port)"] + resolver)
    XCTAssertEqual(bogus.status, 3, bogus.stdout + bogus.stderr)
    XCTAssertEqual(bogus.stdout, "")
    XCTAssertTrue(
      bogus.stderr.hasPrefix(
        "danescope: cannot resolve 'mx1.ds-mismatch.example': the address lookup through the"
          + " resolver is bogus ("), bogus.stderr)

    let missing = try DanescopeBinary.run(
      ["tlsa", "--from", "nosuch.ee-valid.example:\(port)"] + resolver)
    XCTAssertEqual(missing.status, 3, missing.stdout + missing.stderr)
    XCTAssertEqual(
      missing.stderr,
      "danescope: cannot resolve 'nosuch.ee-valid.example': it does not exist (NXDOMAIN,"
        + " proven by DNSSEC)\n")
  }

  private static func port(_ server: String) -> String {
    String(server.split(separator: ":").last ?? "")
  }
}
