import Foundation
import XCTest

@testable import ValidationCore

/// MX hosts whose addresses include ones that are never a destination (RFC 6890's registry,
/// RFC 4291 for IPv6): 0.0.0.0, `::`, multicast and limited broadcast. On Linux a connection to
/// 0.0.0.0 reaches the local machine, so `check` must not connect there: those addresses get
/// the verdict "unreachable" saying why, and MX_ADDRESS_NOT_A_DESTINATION (a warning when the
/// host has another address, an error when it has none); the other addresses are probed.
///
/// The zones are signed with ldns-signzone and served by a real unbound on loopback; the SMTP
/// server is a well-behaved peer on 127.0.0.1 at a free port, its leaf named by `3 1 1` (RFC 7672
/// §3.1.1: verified). Its connection count shows where the probes went: 0.0.0.0 at its port would
/// reach it too.
final class CheckNonDestinationTests: XCTestCase {
  func testAddressesThatAreNeverADestinationAreNotProbed() throws {
    let folder = try TemporaryDirectory("danescope-nondest")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let spki = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let zone = try LDNSSigner(origin: "nodest.", in: folder.url)
    let zoneFile = try zone.sign(
      ResolverFixture.soa("nodest.") + """
        mixed.nodest. IN MX 10 mx.mixed.nodest.
        mx.mixed.nodest. IN A 0.0.0.0
        mx.mixed.nodest. IN A 127.0.0.1
        mx.mixed.nodest. IN AAAA ::
        mx.mixed.nodest. IN AAAA ff02::1
        _25._tcp.mx.mixed.nodest. IN TLSA 3 1 1 \(spki)
        only.nodest. IN MX 10 mx.only.nodest.
        mx.only.nodest. IN A 0.0.0.0
        mx.only.nodest. IN A 224.0.0.1
        mx.only.nodest. IN A 255.255.255.255
        _25._tcp.mx.only.nodest. IN TLSA 3 1 1 \(spki)

        """)
    let rootFile = try root.sign(
      ResolverFixture.soa(".") + "nodest. IN NS ns.nodest.\nns.nodest. IN A 127.0.0.1\n"
        + zone.dsRecords.joined(separator: "\n") + "\n")
    let anchor = try folder.write("root.ds", try root.dsRecords[0] + "\n")
    let unbound = try UnboundServer(
      authZones: [.init(name: ".", file: rootFile), .init(name: "nodest.", file: zoneFile)],
      trustAnchorFile: anchor)
    defer { unbound.stop() }
    func check(_ domain: String) throws -> (DanescopeBinary.Result, [String: Any]) {
      let run = try DanescopeBinary.run([
        "check", domain, "--forwarder", unbound.forwarderAddress, "--trust-anchor", anchor.path,
        "--port", String(peer.port), "--timeout", "5", "--json",
      ])
      let top = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
        run.stdout + run.stderr)
      return (run, top)
    }

    let (mixedRun, mixed) = try check("mixed.nodest.")
    // unbound rotates the address sets: compare by address.
    let verdicts = try Self.verdicts(mixed)
    XCTAssertEqual(
      verdicts.mapValues(\.verdict),
      [
        "0.0.0.0": "unreachable", "127.0.0.1": "verified", "::": "unreachable",
        "ff02::1": "unreachable",
      ])
    XCTAssertEqual(
      verdicts["0.0.0.0"]?.reason,
      "not probed: 0.0.0.0 is never a destination (0.0.0.0/8, \"this network\" (RFC 6890"
        + " §2.2.2)); no sender can deliver there")
    XCTAssertEqual(
      verdicts["::"]?.reason,
      "not probed: :: is never a destination (::, the unspecified address (RFC 4291 §2.5.2));"
        + " no sender can deliver there")
    let multicast = verdicts["ff02::1"]?.reason ?? ""
    XCTAssertTrue(multicast.contains("(ff00::/8, multicast (RFC 4291 §2.7))"), multicast)
    // One connection: 127.0.0.1's. Greeting, EHLO, STARTTLS, EHLO, QUIT once.
    XCTAssertEqual(peer.receivedCommands.filter { $0.hasPrefix("EHLO") }.count, 2)
    let mixedFindings = try Self.findings(mixed)
    XCTAssertEqual(
      mixedFindings.filter { $0.code == "MX_ADDRESS_NOT_A_DESTINATION" }.map(\.severity),
      ["warning", "warning", "warning"], "\(mixedFindings)")
    XCTAssertFalse(mixedFindings.contains { $0.code == "MX_UNREACHABLE" }, "\(mixedFindings)")
    XCTAssertTrue(
      mixedFindings.contains {
        $0.summary == "Host mx.mixed.nodest. has the address 0.0.0.0, which is never a"
          + " destination (0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2)); it was not probed."
      }, "\(mixedFindings)")
    XCTAssertEqual(mixedRun.status, 0, mixedRun.stdout)

    let (onlyRun, only) = try check("only.nodest.")
    let onlyVerdicts = try Self.verdicts(only)
    XCTAssertEqual(
      onlyVerdicts.mapValues(\.verdict),
      ["0.0.0.0": "unreachable", "224.0.0.1": "unreachable", "255.255.255.255": "unreachable"])
    let group = onlyVerdicts["224.0.0.1"]?.reason ?? ""
    XCTAssertTrue(group.contains("(224.0.0.0/4, multicast (RFC 5771))"), group)
    let broadcast = onlyVerdicts["255.255.255.255"]?.reason ?? ""
    XCTAssertTrue(broadcast.contains("(255.255.255.255, limited broadcast"), broadcast)
    XCTAssertEqual(peer.receivedCommands.filter { $0.hasPrefix("EHLO") }.count, 2)
    let onlyFindings = try Self.findings(only)
    XCTAssertEqual(
      onlyFindings.filter { $0.code == "MX_ADDRESS_NOT_A_DESTINATION" }.map(\.severity),
      ["error", "error", "error"], "\(onlyFindings)")
    XCTAssertEqual(onlyRun.status, 1, onlyRun.stdout)
  }

  /// Each probed address's verdict and reason.
  private static func verdicts(_ top: [String: Any]) throws -> [String: (
    verdict: String, reason: String
  )] {
    let mx = try XCTUnwrap(top["mx"] as? [String: Any])
    let hosts = try XCTUnwrap(mx["hosts"] as? [[String: Any]])
    let probes = try XCTUnwrap(hosts.first?["probes"] as? [[String: Any]])
    let pairs = probes.map {
      (
        $0["address"] as? String ?? "",
        ($0["verdict"] as? String ?? "", $0["reason"] as? String ?? "")
      )
    }
    return Dictionary(pairs) { first, _ in first }
  }

  private static func findings(_ top: [String: Any]) throws -> [(
    code: String, severity: String, summary: String
  )] {
    let list = try XCTUnwrap(top["findings"] as? [[String: Any]])
    return list.map {
      (
        $0["code"] as? String ?? "", $0["severity"] as? String ?? "",
        $0["summary"] as? String ?? ""
      )
    }
  }
}
