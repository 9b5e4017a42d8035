import XCTest

@testable import ValidationCore

/// Key tags, NSEC3 hashes and the RRset signing input, against RFC examples.
final class CanonicalFormTests: XCTestCase {
  /// RFC 8080 §6.1: this Ed25519 key has key tag 3613 (ldns-key2ds agrees).
  func testKeyTagOfRFC8080Example() throws {
    let key = DNSKEYData(
      flags: 257, algorithm: .ed25519,
      publicKey: try Base64.decode("l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="))
    XCTAssertEqual(key.keyTag, 3613)
  }

  /// RFC 4034 B.1: for RSA/MD5 the tag is the modulus's third- and second-to-last octets.
  func testKeyTagOfRSAMD5() {
    let key = DNSKEYData(flags: 256, algorithm: .rsaMD5, publicKey: [1, 2, 3, 0xAB, 0xCD, 0xEF])
    XCTAssertEqual(key.keyTag, 0xABCD)
  }

  /// RFC 5155 Appendix A: salt aabbccdd, 12 iterations (ldns-nsec3-hash agrees).
  func testNSEC3HashesOfRFC5155AppendixA() throws {
    let salt: [UInt8] = [0xaa, 0xbb, 0xcc, 0xdd]
    let cases = [
      ("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"),
      ("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"),
      ("A.EXAMPLE.", "35mthgpgcu1qg68fab165klnsnk3dpvl"),
    ]
    for (name, expected) in cases {
      let hash = NSEC3Hash.hash(name: try DNSName(name), salt: salt, iterations: 12)
      XCTAssertEqual(Base32Hex.encode(hash), expected, name)
    }
    let owner = try NSEC3Hash.ownerName(
      for: try DNSName("a.example."), zone: try DNSName("example."), salt: salt, iterations: 12)
    XCTAssertEqual(owner.description, "35mthgpgcu1qg68fab165klnsnk3dpvl.example.")
  }

  /// The signing input built by hand from RFC 4034 §3.1.8.1 and §6.2-6.3: owner lowercased,
  /// original TTL, records sorted by RDATA, the duplicate dropped, signer name lowercased.
  func testSignatureInputLayout() throws {
    let owner = try DNSName("WWW.Example.")
    let rrsig = RRSIGData(
      typeCovered: .a, algorithm: .ed25519, labels: 2, originalTTL: 300, expiration: 2,
      inception: 1, keyTag: 0x1234, signerName: try DNSName("Example."), signature: [9, 9])
    let records = [[10, 0, 0, 2], [10, 0, 0, 1], [10, 0, 0, 2]].map {
      ResourceRecord(name: owner, ttl: 60, rdata: .a(IPv4Address(octets: $0)!))
    }
    let rdataPart: [UInt8] =
      [0, 1, 15, 2, 0, 0, 1, 44, 0, 0, 0, 2, 0, 0, 0, 1, 0x12, 0x34]
      + [7] + Array("example".utf8) + [0]
    let ownerWire: [UInt8] = [3] + Array("www".utf8) + [7] + Array("example".utf8) + [0]
    func rr(_ last: UInt8) -> [UInt8] {
      ownerWire + [0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 10, 0, 0, last]
    }
    let expected = rdataPart + rr(1) + rr(2)
    XCTAssertEqual(SignatureInput.make(rrsig: rrsig, owner: owner, records: records), expected)
  }

  /// RFC 4035 §5.3.2: with fewer RRSIG labels than the owner has, the owner signed was the
  /// wildcard `*.` plus the rightmost labels.
  func testSignatureInputForWildcardExpansion() throws {
    let rrsig = RRSIGData(
      typeCovered: .txt, algorithm: .ed25519, labels: 2, originalTTL: 60, expiration: 2,
      inception: 1, keyTag: 1, signerName: try DNSName("example.com."), signature: [])
    let expanded = try DNSName("a.b.Example.com.")
    let wildcard = try DNSName("*.example.com.")
    XCTAssertEqual(
      SignatureInput.signedOwnerName(owner: expanded, labels: 2).description, "*.Example.com.")
    let txt = RData.txt([Array("hi".utf8)])
    XCTAssertEqual(
      SignatureInput.make(
        rrsig: rrsig, owner: expanded, records: [ResourceRecord(name: expanded, ttl: 5, rdata: txt)]
      ),
      SignatureInput.make(
        rrsig: rrsig, owner: wildcard,
        records: [ResourceRecord(name: wildcard, ttl: 60, rdata: txt)]))
    // Not a wildcard: the owner itself.
    XCTAssertEqual(SignatureInput.signedOwnerName(owner: wildcard, labels: 2), wildcard)
  }
}
