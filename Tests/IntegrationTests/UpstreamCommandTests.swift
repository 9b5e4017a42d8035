import Foundation
import XCTest

/// `check` and `chain` run the upstream check when they forward to an upstream and validate from
/// the root trust anchor (`--forwarder` without `--trust-anchor`). The upstream here is nsd on
/// 127.0.0.1 serving a root zone with no DNSSEC records, so the root DNSKEY set never validates:
/// exactly one UPSTREAM_STRIPS_DNSSEC finding joins the report, first, naming the forwarder.
final class UpstreamCommandTests: XCTestCase {
  private static func strippingUpstream() throws -> (NSDServer, TemporaryDirectory) {
    let folder = try TemporaryDirectory("danescope-upstream")
    let root = try folder.write(
      "root.zone", ResolverFixture.soa(".") + "example. IN MX 10 mx.example.\n")
    return (try NSDServer(zones: [.init(".", file: root)]), folder)
  }

  private func findings(_ output: String) throws -> [[String: Any]] {
    let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    return try XCTUnwrap(json?["findings"] as? [[String: Any]], output)
  }

  private func assertOneStrippingFinding(
    _ findings: [[String: Any]], upstream: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    let codes = findings.compactMap { $0["code"] as? String }
    XCTAssertEqual(codes.first, "UPSTREAM_STRIPS_DNSSEC", "\(codes)", file: file, line: line)
    XCTAssertEqual(
      codes.filter { $0.hasPrefix("UPSTREAM_") }.count, 1, "\(codes)", file: file, line: line)
    XCTAssertEqual(findings.first?["severity"] as? String, "error", file: file, line: line)
    // check's and chain's JSON both list evidence as label/value pairs.
    let evidence = findings.first?["evidence"] as? [[String: String]]
    let value = evidence?.first { $0["label"] == "upstream" }?["value"]
    XCTAssertEqual(value, upstream, file: file, line: line)
  }

  func testCheckReportsAnUpstreamThatStripsDNSSEC() throws {
    let (nsd, folder) = try Self.strippingUpstream()
    defer { nsd.stop() }
    _ = folder
    let json = try DanescopeBinary.run([
      "check", "example.", "--json", "--forwarder", nsd.address, "--timeout", "5",
      "--port", String(try FreePort.next()),
    ])
    XCTAssertEqual(json.status, 1, json.stdout + json.stderr)
    assertOneStrippingFinding(try findings(json.stdout), upstream: nsd.address)

    let text = try DanescopeBinary.run([
      "check", "example.", "--forwarder", nsd.address, "--timeout", "5",
      "--port", String(try FreePort.next()),
    ])
    XCTAssertTrue(
      text.stdout.contains(
        "[error] UPSTREAM_STRIPS_DNSSEC: The root DNSKEY set cannot be validated through "
          + "\(nsd.address)"), text.stdout)
  }

  func testChainReportsAnUpstreamThatStripsDNSSEC() throws {
    let (nsd, folder) = try Self.strippingUpstream()
    defer { nsd.stop() }
    _ = folder
    let json = try DanescopeBinary.run([
      "chain", "example.", "MX", "--json", "--forwarder", nsd.address, "--timeout", "5",
    ])
    XCTAssertEqual(json.status, 1, json.stdout + json.stderr)
    assertOneStrippingFinding(try findings(json.stdout), upstream: nsd.address)
  }
}
