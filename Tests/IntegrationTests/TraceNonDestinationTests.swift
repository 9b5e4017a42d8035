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
      // ::/96 but ::1 and ::: the deprecated IPv4-compatible form (D-policy-7).
      (
        ["tlsa", "--from", "[::224.0.0.1]:\(port)"], "'[::224.0.0.1]:\(port)'",
        "::224.0.0.1 is never a destination (::/96, a deprecated IPv4-compatible IPv6 address"
          + " (RFC 4291 §2.5.5.1))"
      ),
      (
        ["trace", "[::127.0.0.1]:\(port)"], "'[::127.0.0.1]:\(port)'",
        "::127.0.0.1 is never a destination (::/96, a deprecated IPv4-compatible IPv6 address"
      ),
      (["trace", "[::2]:\(port)"], "'[::2]:\(port)'", "::2 is never a destination (::/96"),
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
    let (authZones, anchor) = try Self.zones(folder, spki: spki)
    let unbound = try UnboundServer(authZones: authZones, trustAnchorFile: anchor)
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
        "skipped [0.0.0.0]: never a destination (0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2))"),
      mixed.stdout)
    XCTAssertTrue(
      mixed.stdout.contains(
        "skipped [::]: never a destination (::, the unspecified address (RFC 4291 §2.5.2))"),
      mixed.stdout)
    XCTAssertTrue(
      mixed.stdout.contains("skipped [ff02::1]: never a destination (ff00::/8, multicast"),
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
          "error MX_ADDRESS_NOT_A_DESTINATION: Host mx.only.nodest. has the address"
            + " \(address), which is never a destination (\(range)); it was not probed."),
        only.stdout)
      XCTAssertTrue(
        only.stdout.contains(
          "mx.only.nodest. [\(address)]: not probed: \(address) is never a destination"
            + " (\(range)); no sender can deliver there"), only.stdout)
    }
    XCTAssertTrue(only.stdout.contains("result: not connected"), only.stdout)
    XCTAssertFalse(only.stdout.contains("tracing"), only.stdout)
    XCTAssertEqual(peer.receivedCommands.filter { $0.hasPrefix("EHLO") }.count, 2)
  }

  /// `tlsa --from` and `trace` with `--tlsa-record` resolve a name with the system's resolver
  /// (getaddrinfo). They run in a network namespace of their own, whose /etc/resolv.conf names
  /// the test's unbound on its loopback port 53, with Postfix (smtpd on 127.0.0.1 only) as the
  /// server; nothing there reaches any other address.
  func testANameResolvedByTheSystemSkipsAddressesThatAreNeverADestination() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let folder = try TemporaryDirectory("danescope-nondest-system")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let spki = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let (authZones, anchor) = try Self.zones(folder, spki: spki)
    let unbound = try UnboundServer(
      authZones: authZones, trustAnchorFile: anchor, port: 53, namespace: namespace)
    defer { unbound.stop() }
    let postfix = try PostfixServer(
      tls: .init(chain: certificate.chain, key: certificate.key), addresses: ["127.0.0.1"],
      namespace: namespace)
    defer { postfix.stop() }
    let resolvConf = try folder.write("resolv.conf", "nameserver 127.0.0.1\noptions attempts:1\n")
    func run(_ arguments: [String]) throws -> TestProcess.Result {
      try namespace.runWithResolvConf(
        resolvConf, DanescopeBinary.url.path, arguments + ["--timeout", "5"], timeout: 60)
    }
    let mixedServer = "mx.mixed.nodest:\(postfix.port)"
    let onlyServer = "mx.only.nodest:\(postfix.port)"

    // The record is made from what 127.0.0.1 sent; the others are named as skipped.
    let mixed = try run(["tlsa", "--from", mixedServer])
    XCTAssertEqual(mixed.status, 0, mixed.stdout + mixed.stderr)
    XCTAssertEqual(mixed.stdout, "_25._tcp.mx.mixed.nodest. IN TLSA 3 1 1 \(spki.lowercased())\n")
    for (address, range) in [
      ("0.0.0.0", "0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2)"),
      ("::", "::, the unspecified address (RFC 4291 §2.5.2)"),
      ("ff02::1", "ff00::/8, multicast (RFC 4291 §2.7)"),
    ] {
      XCTAssertTrue(
        mixed.stderr.contains(
          "danescope: \(mixedServer): skipped [\(address)]: never a destination (\(range))\n"),
        mixed.stderr)
    }

    let only = try run(["tlsa", "--from", onlyServer])
    XCTAssertEqual(only.status, 3, only.stdout + only.stderr)
    XCTAssertEqual(only.stdout, "")
    XCTAssertTrue(
      only.stderr.contains(
        "danescope: no certificate from \(onlyServer): not probed: 224.0.0.1 is never a"
          + " destination (224.0.0.0/4, multicast (RFC 5771)); no sender can deliver there\n"),
      only.stderr)
    XCTAssertTrue(only.stderr.contains("not probed: 0.0.0.0 is never a destination"), only.stderr)
    XCTAssertTrue(
      only.stderr.contains("not probed: 255.255.255.255 is never a destination"), only.stderr)

    // trace with the records given resolves the name the same way.
    let record = ["--tlsa-record", "3 1 1 \(spki)"]
    let traced = try run(["trace", mixedServer] + record)
    XCTAssertEqual(traced.status, 0, traced.stdout + traced.stderr)
    XCTAssertTrue(traced.stdout.contains("; tracing 127.0.0.1\n"), traced.stdout)
    XCTAssertTrue(traced.stdout.contains("skipped [0.0.0.0]: never a destination"), traced.stdout)
    XCTAssertTrue(traced.stdout.contains("dane: verified by 3 1 1 \(spki)"), traced.stdout)
    let refused = try run(["trace", onlyServer] + record)
    XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
    XCTAssertTrue(
      refused.stdout.contains(
        "error MX_ADDRESS_NOT_A_DESTINATION: Host mx.only.nodest. has the address 224.0.0.1,"),
      refused.stdout)
    XCTAssertTrue(refused.stdout.contains("result: not connected"), refused.stdout)
    XCTAssertFalse(refused.stdout.contains("connecting to"), refused.stdout)
  }

  /// The root and `nodest.` signed by ldns-signzone (checked by ldns-verify-zone), as
  /// CheckNonDestinationTests has them: mx.mixed.nodest. has 127.0.0.1 among addresses that
  /// are never a destination, mx.only.nodest. has none but those.
  private static func zones(_ folder: TemporaryDirectory, spki: String) throws -> (
    [UnboundServer.AuthZone], URL
  ) {
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
    return ([.init(name: ".", file: rootFile), .init(name: "nodest.", file: zoneFile)], anchor)
  }
}
