import Foundation
import XCTest

/// `trace` and `tlsa --from` apply `check`'s rule for addresses that are never a destination
/// (RFC 6890 §2.2.2, RFC 4291 §2.5.2 and §2.7; Docs/Decisions.md D-policy-7): on Linux a
/// connection to 0.0.0.0 reaches the local machine, here the test's peer on 127.0.0.1, so its
/// received commands show whether such an address was connected to.
///
/// Given literally, such an address is a usage error naming the argument. A name is resolved
/// through a real unbound on loopback serving zones signed by ldns-signzone (the fixtures of
/// CheckNonDestinationTests): a name with only such addresses is not traced, with `check`'s
/// reason and finding; a name with another address is traced there, saying what was skipped.
final class TraceNonDestinationTests: XCTestCase {
  func testLiteralAddressesThatAreNeverADestinationAreUsageErrors() throws {
    let folder = try TemporaryDirectory("danescope-nondest-literal")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let port = String(peer.port)
    let unspecified = "is never a destination (0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2))"
    let cases: [(arguments: [String], quoted: String, why: String)] = [
      (["trace", "0.0.0.0:\(port)"], "'0.0.0.0:\(port)'", "0.0.0.0 \(unspecified)"),
      (["trace", "0.0.0.0", "--port", port], "'0.0.0.0'", "0.0.0.0 \(unspecified)"),
      (
        ["trace", "[::]:\(port)"], "'[::]:\(port)'",
        ":: is never a destination (::, the unspecified address (RFC 4291 §2.5.2))"
      ),
      (
        ["trace", "[::ffff:0.0.0.0]:\(port)", "--tlsa-name", "mx.test", "--tlsa-record",
          "3 1 1 " + String(repeating: "ab", count: 32)],
        "'[::ffff:0.0.0.0]:\(port)'", "::ffff:0.0.0.0 \(unspecified)"
      ),
      (
        ["trace", "224.0.0.1:\(port)"], "'224.0.0.1:\(port)'",
        "224.0.0.1 is never a destination (224.0.0.0/4, multicast (RFC 5771))"
      ),
      (["tlsa", "--from", "0.0.0.0:\(port)"], "'0.0.0.0:\(port)'", "0.0.0.0 \(unspecified)"),
      (
        ["tlsa", "--from", "[::]:\(port)", "--timeout", "5"], "'[::]:\(port)'",
        ":: is never a destination (::, the unspecified address (RFC 4291 §2.5.2))"
      ),
    ]
    for (arguments, quoted, why) in cases {
      let timeout = arguments.contains("--timeout") ? [] : ["--timeout", "5"]
      let run = try DanescopeBinary.run(arguments + timeout)
      XCTAssertEqual(run.status, 2, "\(arguments): \(run.stdout)\(run.stderr)")
      XCTAssertTrue(run.stderr.contains(quoted), "\(arguments): \(run.stderr)")
      XCTAssertTrue(run.stderr.contains(why), "\(arguments): \(run.stderr)")
      XCTAssertEqual(run.stdout, "", "\(arguments)")
    }
    XCTAssertEqual(peer.receivedCommands, [])
  }

  func testANameIsTracedOnlyAtAnAddressThatCanBeADestination() throws {
    let folder = try TemporaryDirectory("danescope-nondest-trace")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let spki = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let zone = try LDNSSigner(origin: "nodest.", in: folder.url)
    let zoneFile = try zone.sign(
      ResolverFixture.soa("nodest.") + """
        mx.mixed.nodest. IN A 0.0.0.0
        mx.mixed.nodest. IN A 127.0.0.1
        mx.mixed.nodest. IN AAAA ::
        mx.mixed.nodest. IN AAAA ff02::1
        _25._tcp.mx.mixed.nodest. IN TLSA 3 1 1 \(spki)
        mx.only.nodest. IN A 0.0.0.0
        mx.only.nodest. IN A 224.0.0.1
        mx.only.nodest. IN A 255.255.255.255
        _25._tcp.mx.only.nodest. IN TLSA 3 1 1 \(spki)

        """)
    XCTAssertEqual(try TestProcess.run("ldns-verify-zone", [zoneFile.path]).status, 0)
    let rootFile = try root.sign(
      ResolverFixture.soa(".") + "nodest. IN NS ns.nodest.\nns.nodest. IN A 127.0.0.1\n"
        + zone.dsRecords.joined(separator: "\n") + "\n")
    let anchor = try folder.write("root.ds", try root.dsRecords[0] + "\n")
    let unbound = try UnboundServer(
      authZones: [.init(name: ".", file: rootFile), .init(name: "nodest.", file: zoneFile)],
      trustAnchorFile: anchor)
    defer { unbound.stop() }
    func trace(_ host: String) throws -> DanescopeBinary.Result {
      try DanescopeBinary.run([
        "trace", "\(host):\(peer.port)", "--forwarder", unbound.forwarderAddress,
        "--trust-anchor", anchor.path, "--timeout", "5",
      ])
    }

    // 127.0.0.1 is the one address a sender could deliver to: traced, verified by 3 1 1
    // (RFC 7672 §3.1.1), and the three others named as skipped.
    let mixed = try trace("mx.mixed.nodest")
    XCTAssertEqual(mixed.status, 0, mixed.stdout + mixed.stderr)
    XCTAssertTrue(mixed.stdout.contains("tracing 127.0.0.1"), mixed.stdout)
    XCTAssertTrue(
      mixed.stdout.contains(
        "skipped 0.0.0.0: never a destination (0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2))"),
      mixed.stdout)
    XCTAssertTrue(
      mixed.stdout.contains(
        "skipped ::: never a destination (::, the unspecified address (RFC 4291 §2.5.2))"),
      mixed.stdout)
    XCTAssertTrue(
      mixed.stdout.contains("skipped ff02::1: never a destination (ff00::/8, multicast"),
      mixed.stdout)
    XCTAssertTrue(mixed.stdout.contains("dane: verified by 3 1 1 \(spki)"), mixed.stdout)
    // One connection: greeting, EHLO, STARTTLS, EHLO, QUIT.
    XCTAssertEqual(peer.receivedCommands.filter { $0.hasPrefix("EHLO") }.count, 2)

    // Nothing left to connect to: check's reason for each address, its error finding, exit 1
    // (check exits 1 for this host), and no connection.
    let only = try trace("mx.only.nodest")
    XCTAssertEqual(only.status, 1, only.stdout + only.stderr)
    for (address, range) in [
      ("0.0.0.0", "0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2)"),
      ("224.0.0.1", "224.0.0.0/4, multicast (RFC 5771)"),
      ("255.255.255.255", "255.255.255.255, limited broadcast (RFC 6890 §2.2.2)"),
    ] {
      XCTAssertTrue(
        only.stdout.contains(
          "error MX_ADDRESS_NOT_A_DESTINATION: MX host mx.only.nodest. has the address"
            + " \(address), which is never a destination (\(range)); it was not probed."),
        only.stdout)
      XCTAssertTrue(
        only.stdout.contains(
          "not probed: \(address) is never a destination (\(range)); no sender can deliver"
            + " there"), only.stdout)
    }
    XCTAssertTrue(only.stdout.contains("result: not connected"), only.stdout)
    XCTAssertFalse(only.stdout.contains("tracing"), only.stdout)
    XCTAssertEqual(peer.receivedCommands.filter { $0.hasPrefix("EHLO") }.count, 2)
  }
}
