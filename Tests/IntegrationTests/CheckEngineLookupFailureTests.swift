import Foundation
import XCTest

/// One of the chain engine's own lookups never gets an answer, while every lookup the check acts
/// on does. A real unbound on loopback serves a signed root and a signed `dgood.` below it (both
/// checked by ldns-verify-zone); danescope forwards to it through a proxy that drops only
/// `dgood. SOA`, a question the check never asks but the engine asks to find the zone cut. The
/// MX, address and TLSA RRsets are secure and the host's certificate matches its `3 1 1` record,
/// so libunbound's verdicts stand and the host is verified. The engine's verdict is then
/// indeterminate because its walk did not finish, not because it judged the chain otherwise:
/// that is a failed lookup (LOOKUP_FAILED) and an incomplete run (exit status 3, as `chain`
/// gives), never a disagreement between two validators (Docs/Findings.md).
final class CheckEngineLookupFailureTests: XCTestCase {
  func testAnEngineLookupThatTimesOutIsIncompleteNotADisagreement() throws {
    let folder = try TemporaryDirectory("danescope-engine-lookup")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.dgood", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let child = try LDNSSigner(origin: "dgood.", in: folder.url)
    let childFile = try child.sign(
      ResolverFixture.soa("dgood.") + """
        dgood. IN MX 10 mx.dgood.
        mx.dgood. IN A 127.0.0.1
        _25._tcp.mx.dgood. IN TLSA 3 1 1 \(hex)

        """)
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let rootFile = try root.sign(
      ResolverFixture.soa(".") + "dgood. IN NS ns.dgood.\nns.dgood. IN A 127.0.0.1\n"
        + child.dsRecords.joined(separator: "\n") + "\n")
    for file in [rootFile, childFile] {
      let verified = try TestProcess.run("ldns-verify-zone", [file.path])
      XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }
    let anchor = try folder.write("root.ds", try root.dsRecords[0] + "\n")
    let unbound = try UnboundServer(
      authZones: [.init(name: ".", file: rootFile), .init(name: "dgood.", file: childFile)],
      trustAnchorFile: anchor)
    defer { unbound.stop() }
    let proxy = try DroppingDNSProxy(upstreamPort: unbound.port, dropping: "dgood.", type: 6)
    defer { proxy.stop() }
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let resolver = ["--forwarder", proxy.address, "--trust-anchor", anchor.path]

    let chain = try DanescopeBinary.run(["chain", "dgood.", "MX"] + resolver, timeout: 90)
    XCTAssertEqual(chain.status, 3, chain.stdout + chain.stderr)
    XCTAssertTrue(chain.stdout.contains("LOOKUP_FAILED"), chain.stdout)
    XCTAssertTrue(chain.stdout.contains("dgood. SOA"), chain.stdout)
    XCTAssertFalse(chain.stdout.contains("VALIDATOR_DISAGREEMENT"), chain.stdout)
    XCTAssertGreaterThan(proxy.droppedCount, 0)

    let common = ["check", "dgood."] + resolver + ["--port", String(peer.port), "--timeout", "5"]
    let json = try DanescopeBinary.run(common + ["--json"], timeout: 90)
    XCTAssertEqual(json.status, 3, json.stdout + json.stderr)
    let top = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stderr)
    XCTAssertEqual(top["complete"] as? Bool, false, json.stdout)
    let incomplete = try XCTUnwrap(top["incompleteReason"] as? String, json.stdout)
    XCTAssertTrue(incomplete.contains("the SOA lookup for dgood. failed"), incomplete)
    let codes = (top["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    XCTAssertTrue(codes.contains("LOOKUP_FAILED"), "\(codes)")
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
    let mx = try XCTUnwrap(top["mx"] as? [String: Any], json.stdout)
    let hosts = try XCTUnwrap(mx["hosts"] as? [[String: Any]], json.stdout)
    let probes = try XCTUnwrap(hosts.first?["probes"] as? [[String: Any]], json.stdout)
    XCTAssertEqual(probes.map { $0["verdict"] as? String }, ["verified"], json.stdout)

    let text = try DanescopeBinary.run(common, timeout: 90)
    XCTAssertEqual(text.status, 3, text.stdout + text.stderr)
    let lines = text.stdout.split(separator: "\n").map(String.init)
    // The headline says the engine did not finish, beside libunbound's verdict; it reads
    // neither better than libunbound's (secure) nor "indeterminate" as if DNSSEC were at fault.
    XCTAssertTrue(
      lines.contains("Chain of trust to dgood. MX: incomplete (libunbound: secure)"), text.stdout)
    XCTAssertTrue(text.stdout.contains("The check could not complete: "), text.stdout)
    XCTAssertFalse(text.stdout.contains("VALIDATOR_DISAGREEMENT"), text.stdout)
    XCTAssertTrue(text.stdout.contains("[error] LOOKUP_FAILED"), text.stdout)
  }
}
