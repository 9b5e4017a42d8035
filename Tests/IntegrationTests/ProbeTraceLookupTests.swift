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

  func testTraceUsesSecureRecordsAndSaysWhenThereAreNone() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.probe", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let signer = try LDNSSigner(origin: ".", in: folder.url)
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
    let anchor = try signer.dsRecords[0]
    let conf = try configuration(folder, zone: zone, anchor: anchor, name: "good.conf")
    let expired = try signer.sign(
      zoneText, fileName: "expired", inception: Date().addingTimeInterval(-30 * 86_400),
      expiration: Date().addingTimeInterval(-7 * 86_400))
    XCTAssertNotEqual(try TestProcess.run("ldns-verify-zone", [expired.path]).status, 0)
    let bogusConf = try configuration(folder, zone: expired, anchor: anchor, name: "bogus.conf")
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

    // The address records are bogus first: a DANE sender defers (RFC 7672 §2.2.2).
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
}
