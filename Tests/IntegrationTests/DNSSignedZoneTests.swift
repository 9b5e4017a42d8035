import Foundation
import XCTest

@testable import ValidationCore

/// Zones signed in the test by ldns-signzone and dnssec-signzone (NSEC and NSEC3) parse
/// completely, and every RRSIG in them verifies over danescope's canonical signing input: the
/// reference verdict is the signers' own tools (ldns-verify-zone, dnssec-verify) accepting the
/// zone, so any disagreement is ours.
final class DNSSignedZoneTests: XCTestCase {
  static let origin = "example."

  /// Mixed-case owners and RDATA names, a wildcard, a delegation with glue and DS, TLSA and MX:
  /// what mail zones hold and what canonical form gets wrong.
  static let unsignedZone = """
    $ORIGIN example.
    $TTL 3600
    @ SOA ns1 hostmaster 2026120401 3600 900 1209600 300
    @ NS ns1.Example.
    @ MX 10 Mail.Example.
    ns1 A 192.0.2.1
    Mail A 192.0.2.25
    Mail AAAA 2001:db8::25
    _25._tcp.Mail TLSA 3 1 1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    _25._tcp.Mail TLSA 2 0 1 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
    *.wild TXT "wild card" "second string"
    www CNAME Mail.Example.
    sub NS ns.sub
    ns.sub A 192.0.2.9
    sub DS 12345 13 2 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    @ TXT "v=spf1 mx -all"
    _submission._tcp SRV 0 1 587 Mail.Example.
    @ CAA 0 issue "ca.example.net"
    """

  func testLDNSSignedZonesParseAndVerify() throws {
    let folder = try TemporaryDirectory("dns-ldns-signed")
    let signer = try LDNSSigner(origin: Self.origin, algorithm: .ecdsaP256SHA256, in: folder.url)
    for nsec3 in [nil, LDNSSigner.NSEC3Options(iterations: 0, salt: "aabbccdd")] {
      let file = try signer.sign(Self.unsignedZone, nsec3: nsec3)
      try TestProcess.check("ldns-verify-zone", [file.path])
      let text = try String(contentsOf: file, encoding: .utf8)
      let records = try ZoneFile.parse(text: text, fileName: file.lastPathComponent)
      try checkSignedZone(records, text: text, expectNSEC3: nsec3 != nil)
    }
  }

  func testBINDSignedZonesParseAndVerify() throws {
    let folder = try TemporaryDirectory("dns-bind-signed")
    let signer = try BINDSigner(origin: Self.origin, in: folder.url)
    for nsec3 in [nil, BINDSigner.NSEC3Options(iterations: 0, salt: "aabb")] {
      let signedFile = try signer.sign(Self.unsignedZone, fileName: "example.zone", nsec3: nsec3)
      try TestProcess.check("dnssec-verify", ["-o", Self.origin, signedFile.path])
      let text = try String(contentsOf: signedFile, encoding: .utf8)
      let records = try ZoneFile.parse(text: text, fileName: "bind.signed")
      try checkSignedZone(records, text: text, expectNSEC3: nsec3 != nil)
    }
  }

  /// Every record is there (counted from the signer's own output via ldns-read-zone), every
  /// RRSIG verifies, and the wildcard's signature also verifies for an expanded name.
  private func checkSignedZone(_ records: [ResourceRecord], text: String, expectNSEC3: Bool) throws
  {
    let folder = try TemporaryDirectory("dns-signed-count")
    let file = try folder.write("z", text)
    let reference = try TestProcess.check("ldns-read-zone", [file.path])
    let referenceLines = reference.split(separator: "\n").filter { !$0.hasPrefix(";") }
    XCTAssertEqual(records.count, referenceLines.count, "records parsed vs ldns-read-zone")
    // And they print as ldns prints them (real keys, signatures, NSEC3 chains and bit maps).
    let ourLines = ZoneFile.format(records).split(separator: "\n").map(String.init)
    XCTAssertEqual(ourLines, referenceLines.map(DNSPresentationTests.normalizedWhiteSpace))

    let types = Set(records.map { $0.type })
    XCTAssertTrue(types.contains(expectNSEC3 ? .nsec3 : .nsec))
    if expectNSEC3 { XCTAssertTrue(types.contains(.nsec3param)) }

    let origin = try DNSName(Self.origin)
    let keys = records.compactMap { record -> DNSKEYData? in
      if case .dnskey(let key) = record.rdata, record.name == origin { return key }
      return nil
    }
    XCTAssertEqual(keys.count, 2)
    var verified = 0
    for record in records {
      guard case .rrsig(let sig) = record.rdata else { continue }
      let set = records.filter {
        $0.name == record.name && $0.type == sig.typeCovered && $0.rrClass == record.rrClass
      }
      XCTAssertFalse(set.isEmpty, "RRSIG without its set: \(record)")
      let key = try XCTUnwrap(keys.first { $0.keyTag == sig.keyTag }, "no key \(sig.keyTag)")
      let input = SignatureInput.make(rrsig: sig, owner: record.name, records: set)
      XCTAssertEqual(
        SignatureVerifier.verify(signature: sig.signature, over: input, with: key), .valid,
        "signature of \(record.name) \(sig.typeCovered) does not verify")
      verified += 1

      // The wildcard, as a resolver would see it expanded for `a.b.wild.example.`.
      if record.name.isWildcard {
        let expanded = try DNSName("a.B.wild.example.")
        let expandedSet = set.map {
          ResourceRecord(name: expanded, rrClass: $0.rrClass, ttl: $0.ttl, rdata: $0.rdata)
        }
        let expandedInput = SignatureInput.make(rrsig: sig, owner: expanded, records: expandedSet)
        XCTAssertEqual(expandedInput, input)
        XCTAssertEqual(
          SignatureVerifier.verify(signature: sig.signature, over: expandedInput, with: key), .valid
        )
      }
    }
    XCTAssertGreaterThan(verified, 10)
  }
}
