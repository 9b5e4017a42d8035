import Foundation
import XCTest

/// `danescope trace` looking its TLSA records up through libunbound: a root zone signed by
/// ldns-signzone holds the records, loaded as an in-process auth-zone with its DS as the trust
/// anchor. The bogus case is a copy signed with an expired window (ldns-verify-zone refuses it).
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
        _25._tcp.mx.probe. IN TLSA 3 1 1 \(hex)
        _25._tcp.pkix.probe. IN TLSA 1 1 1 \(hex)
        none.probe. IN A 127.0.0.1

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

    let bogus = try trace("mx.probe", bogusConf)
    XCTAssertEqual(bogus.status, 1, bogus.stdout + bogus.stderr)
    XCTAssertTrue(bogus.stdout.contains("tlsa: _25._tcp.mx.probe. bogus ("), bogus.stdout)
    XCTAssertTrue(bogus.stdout.contains("a DANE sender would defer delivery"), bogus.stdout)
    XCTAssertFalse(bogus.stdout.contains("dane: verified"), bogus.stdout)
  }
}
