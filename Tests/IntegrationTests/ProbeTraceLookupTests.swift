import Foundation
import XCTest

/// `danescope trace` looking its TLSA records up through libunbound: a root zone signed by
/// ldns-signzone holds the records, loaded as an in-process auth-zone with its DS as the trust
/// anchor. The bogus case is a copy signed with an expired window (ldns-verify-zone refuses it).
/// Each name has a secure address, or no TLSA lookup is made (RFC 7672 §2.2.2), as in `check`.
final class ProbeTraceLookupTests: XCTestCase {
  private func configuration(_ folder: TemporaryDirectory, zone: URL, anchor: String, name: String)
    throws -> URL
  {
    try folder.write(
      name,
      """
      server:
        do-not-query-address: 0.0.0.0/0
        do-not-query-address: ::/0
        trust-anchor: "\(anchor)"
      auth-zone:
        name: "."
        zonefile: "\(zone.path)"
        for-downstream: no
        for-upstream: yes
        fallback-enabled: no

      """)
  }

  /// good.conf serving `zone` and bogus.conf serving `zoneText` signed again with a window that
  /// ended a week ago (ldns-verify-zone must refuse that copy), both anchored at `signer`'s DS.
  private func goodAndBogusConfigurations(
    _ folder: TemporaryDirectory, _ signer: LDNSSigner, _ zone: URL, _ zoneText: String,
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> (good: URL, bogus: URL) {
    let anchor = try signer.dsRecords[0]
    let conf = try configuration(folder, zone: zone, anchor: anchor, name: "good.conf")
    let expired = try signer.sign(
      zoneText, fileName: "expired", inception: Date().addingTimeInterval(-30 * 86_400),
      expiration: Date().addingTimeInterval(-7 * 86_400))
    XCTAssertNotEqual(
      try TestProcess.run("ldns-verify-zone", [expired.path]).status, 0, file: file, line: line)
    let bogusConf = try configuration(folder, zone: expired, anchor: anchor, name: "bogus.conf")
    return (conf, bogusConf)
  }

  /// A folder, a self-signed certificate for mx.probe, its `3 1 1` data (from openssl) and a
  /// signer for the root zone the test serves.
  private func material() throws -> (TemporaryDirectory, TestCertificate, String, LDNSSigner) {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.probe", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    return (folder, certificate, hex, try LDNSSigner(origin: ".", in: folder.url))
  }

  func testTraceUsesSecureRecordsAndSaysWhenThereAreNone() throws {
    let (folder, certificate, hex, signer) = try material()
    let zoneText =
      ResolverFixture.soa(".") + """
        mx.probe. IN A 127.0.0.1
        _25._tcp.mx.probe. IN TLSA 3 1 1 \(hex)
        pkix.probe. IN A 127.0.0.1
        _25._tcp.pkix.probe. IN TLSA 1 1 1 \(hex)
        none.probe. IN A 127.0.0.1
        alias.probe. IN CNAME none.probe.
        _25._tcp.alias.probe. IN TLSA 3 1 1 \(hex)
        bare.probe. IN TXT "no address"
        _25._tcp.bare.probe. IN TLSA 3 1 1 \(hex)

        """
    let zone = try signer.sign(zoneText)
    let (conf, bogusConf) = try goodAndBogusConfigurations(folder, signer, zone, zoneText)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    func trace(_ name: String, _ conf: URL) throws -> DanescopeBinary.Result {
      try DanescopeBinary.run(
        [
          "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", name, "--resolver-conf", conf.path,
          "--timeout", "5",
        ])
    }

    let verified = try trace("mx.probe", conf)
    XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    XCTAssertTrue(
      verified.stdout.contains("tlsa: _25._tcp.mx.probe. secure, 1 record(s)"), verified.stdout)
    XCTAssertTrue(verified.stdout.contains("  3 1 1 \(hex) (usable)"), verified.stdout)
    XCTAssertTrue(
      verified.stdout.contains("dane: verified by 3 1 1 \(hex) at depth 0"), verified.stdout)

    let absent = try trace("none.probe", conf)
    XCTAssertEqual(absent.status, 0, absent.stdout + absent.stderr)
    XCTAssertTrue(
      absent.stdout.contains("tlsa: _25._tcp.none.probe. secure, no records: TLS without DANE"),
      absent.stdout)
    XCTAssertTrue(
      absent.stdout.contains("established, without DANE (no TLSA records)"), absent.stdout)

    // RFC 7672 §3.1.3: PKIX usages are unusable for SMTP; TLS stays mandatory, unauthenticated.
    let pkix = try trace("pkix.probe", conf)
    XCTAssertTrue(pkix.stdout.contains("  1 1 1 \(hex) (unusable:"), pkix.stdout)
    XCTAssertTrue(
      pkix.stdout.contains("tlsa: nothing usable: TLS is mandatory but unauthenticated"),
      pkix.stdout)
    XCTAssertTrue(pkix.stdout.contains("dane: not attempted (no usable TLSA records)"), pkix.stdout)

    // RFC 7671 §7: the alias's target (none.probe) has no TLSA records; the alias has, and is
    // then the base domain (the SNI name), as check has it.
    let alias = try trace("alias.probe", conf)
    XCTAssertEqual(alias.status, 0, alias.stdout + alias.stderr)
    XCTAssertTrue(
      alias.stdout.contains(
        "address: alias.probe. (CNAME to none.probe.) A secure, AAAA secure: 127.0.0.1\n"
          + "tlsa: _25._tcp.none.probe. secure, no records; trying _25._tcp.alias.probe.\n"
          + "tlsa: _25._tcp.alias.probe. secure, 1 record(s)\n"), alias.stdout)
    XCTAssertTrue(
      alias.stdout.contains("names: alias.probe. is the TLSA base domain (SNI, name checks)\n"),
      alias.stdout)
    XCTAssertTrue(alias.stdout.contains("tls: handshake, SNI alias.probe\n"), alias.stdout)
    XCTAssertTrue(alias.stdout.contains("dane: verified by 3 1 1 \(hex) at depth 0"), alias.stdout)

    // No address: no sender connects to the name, so its TLSA records are not looked up.
    let bare = try trace("bare.probe", conf)
    XCTAssertEqual(bare.status, 0, bare.stdout + bare.stderr)
    XCTAssertTrue(
      bare.stdout.contains("tlsa: not looked up: bare.probe. has no addresses"), bare.stdout)
    XCTAssertFalse(bare.stdout.contains("tlsa: _25._tcp.bare.probe."), bare.stdout)
    XCTAssertTrue(
      bare.stdout.contains("without DANE (no addresses, TLSA not looked up)"), bare.stdout)

    // The address records are bogus first: a DANE sender defers (RFC 7672 §2.1.1).
    let bogus = try trace("mx.probe", bogusConf)
    XCTAssertEqual(bogus.status, 1, bogus.stdout + bogus.stderr)
    XCTAssertTrue(
      bogus.stdout.contains("tlsa: not looked up: the address lookup of mx.probe. is bogus ("),
      bogus.stdout)
    XCTAssertTrue(bogus.stdout.contains("a DANE sender would defer delivery"), bogus.stdout)
    XCTAssertTrue(
      bogus.stdout.contains("delivery deferred: the address lookup is bogus\n"), bogus.stdout)
    XCTAssertFalse(bogus.stdout.contains("dane: verified"), bogus.stdout)
  }

  /// HOST given as a name is resolved by the validating resolver, as `check` resolves an MX
  /// host. A bogus address lookup is `check`'s deferral (RFC 7672 §2.1.1): its finding,
  /// ADDRESS_BOGUS, exit 1, and no connection at all (the peer sees none), never "no address"
  /// or "tracing". A name the signed zone does not hold is a proven NXDOMAIN (NSEC, RFC 4035
  /// §3.1.3.2) and is said to be one; a name with no A or AAAA is said to have none. The same
  /// bogus name given with an address is traced, and judged deferred with the same finding.
  func testAHostNameWithNoAddressToTrustIsNotTraced() throws {
    let (folder, certificate, hex, signer) = try material()
    let zoneText =
      ResolverFixture.soa(".") + """
        mx.probe. IN A 127.0.0.1
        _25._tcp.mx.probe. IN TLSA 3 1 1 \(hex)
        bare.probe. IN TXT "no address"

        """
    let zone = try signer.sign(zoneText)
    XCTAssertEqual(try TestProcess.run("ldns-verify-zone", [zone.path]).status, 0)
    let (conf, bogusConf) = try goodAndBogusConfigurations(folder, signer, zone, zoneText)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    func trace(_ host: String, _ conf: URL, _ more: [String] = []) throws -> DanescopeBinary.Result
    {
      try DanescopeBinary.run(
        ["trace", host, "--resolver-conf", conf.path, "--timeout", "5"] + more)
    }

    let bogus = try trace("mx.probe:\(peer.port)", bogusConf)
    XCTAssertEqual(bogus.status, 1, bogus.stdout + bogus.stderr)
    XCTAssertTrue(
      bogus.stdout.contains(
        "\nerror ADDRESS_BOGUS: The addresses of MX host mx.probe. fail DNSSEC validation: "),
      bogus.stdout)
    XCTAssertTrue(
      bogus.stdout.hasSuffix(
        "result: not connected, delivery deferred: the address lookup is bogus\n"), bogus.stdout)
    for wrong in ["tracing", "no address", "connecting to"] {
      XCTAssertFalse((bogus.stdout + bogus.stderr).contains(wrong), wrong + ": " + bogus.stdout)
    }
    XCTAssertEqual(peer.receivedCommands, [])

    let byAddress = try trace("127.0.0.1:\(peer.port)", bogusConf, ["--tlsa-name", "mx.probe"])
    XCTAssertEqual(byAddress.status, 1, byAddress.stdout + byAddress.stderr)
    XCTAssertTrue(
      byAddress.stdout.contains(
        "\nerror ADDRESS_BOGUS: The addresses of MX host mx.probe. fail DNSSEC validation: "),
      byAddress.stdout)
    XCTAssertTrue(byAddress.stdout.contains("connecting to 127.0.0.1"), byAddress.stdout)
    XCTAssertTrue(
      byAddress.stdout.hasSuffix("delivery deferred: the address lookup is bogus\n"),
      byAddress.stdout)
    let commandsSoFar = peer.receivedCommands

    let nowhere = try trace("nope.probe:\(peer.port)", conf)
    XCTAssertEqual(nowhere.status, 3, nowhere.stdout + nowhere.stderr)
    XCTAssertTrue(
      nowhere.stdout.contains(
        "address: nope.probe. A secure, AAAA secure: the name does not exist (NXDOMAIN, proven"
          + " by DNSSEC)\n"), nowhere.stdout)
    XCTAssertTrue(
      nowhere.stdout.contains("tlsa: not looked up: nope.probe. does not exist,"), nowhere.stdout)
    XCTAssertEqual(
      nowhere.stderr,
      "danescope: nope.probe. does not exist (NXDOMAIN, proven by DNSSEC): nothing to trace\n")
    XCTAssertFalse(nowhere.stdout.contains("no addresses"), nowhere.stdout)
    XCTAssertFalse(nowhere.stdout.contains("tracing"), nowhere.stdout)

    let bare = try trace("bare.probe:\(peer.port)", conf)
    XCTAssertEqual(bare.status, 3, bare.stdout + bare.stderr)
    XCTAssertEqual(
      bare.stderr, "danescope: bare.probe. has no A or AAAA records: nothing to trace\n")
    XCTAssertFalse(bare.stdout.contains("tracing"), bare.stdout)
    XCTAssertEqual(peer.receivedCommands, commandsSoFar)
  }

  /// A plaintext-only server traced by address, with no name: there is no MX host for
  /// PLAINTEXT_ONLY to be about (it would name the address as the host and then again as where);
  /// the probe's own SMTP_STARTTLS_NOT_OFFERED says it, by address and port.
  func testAPlaintextServerTracedByAddressIsNotCalledAnMXHost() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.probe", in: folder)
    let peer = try HostilePeer(.noSTARTTLS, certificate: certificate)
    defer { peer.stop() }
    let run = try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"])
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    XCTAssertTrue(
      run.stdout.contains(
        "warning SMTP_STARTTLS_NOT_OFFERED: [127.0.0.1]:\(peer.port) does not offer STARTTLS."),
      run.stdout)
    XCTAssertFalse(run.stdout.contains("MX host 127.0.0.1"), run.stdout)
    XCTAssertTrue(
      run.stdout.hasSuffix(
        "result: STARTTLS not offered, without DANE (no TLSA name, nothing looked up)\n"),
      run.stdout)
  }
}
