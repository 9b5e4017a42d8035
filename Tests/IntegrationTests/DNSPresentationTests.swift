import Foundation
import XCTest

@testable import ValidationCore

/// danescope prints records the way `ldns-read-zone` does: the test runs the real tool over a
/// zone holding every record type danescope models (and the escapes and address forms that
/// trip printers), and compares line by line.
final class DNSPresentationTests: XCTestCase {
  /// SOA first: ldns-read-zone prints the SOA before the rest, whatever the file order.
  static let everyTypeZone = ##"""
    $ORIGIN example.
    $TTL 3600
    @ IN SOA ns1 hostmaster 2026120401 1h 900 2w 300
    @ NS ns1.Example.
    ns1 A 192.0.2.1
    ns1 AAAA 2001:db8::1
    v4mapped AAAA ::ffff:192.0.2.1
    v4compat AAAA ::1.2.3.4
    zeros AAAA 1:0:0:1:0:0:0:1
    any AAAA ::
    www CNAME target.example.net.
    sub DNAME Other.example.
    ptr PTR host.example.
    @ MX 10 Mail
    @ 7200 IN TXT "v=spf1 -all" "quote \" and \\ and \007" "" "x\ty" "é" unquoted
        60 TXT "blank owner"
    @ DS 3613 15 2 000102030405060708090A0B0C0D0E0F 101112131415161718191a1b1c1d1e1f
    @ CDS 0 0 0 00
    @ DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=
    @ DNSKEY 256 3 8 AwEAAQ==
    @ DNSKEY 1 3 13 ( AAEC
                      AwQF )  ; split key
    @ CDNSKEY 0 3 0 AA==
    @ 300 RRSIG A 13 2 3600 20260101000000 20251201000000 12345 Example. AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==
    @ 300 RRSIG TYPE4000 8 1 0 1000 2000 0 . AA==
    @ NSEC B.example. A MX RRSIG NSEC TYPE1234
    n NSEC a.example.
    @ NSEC3 1 1 0 - 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM A RRSIG
    x NSEC3 1 0 12 aabbccdd 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom
    @ NSEC3PARAM 1 0 5 ab
    @ NSEC3PARAM 1 0 0 -
    _25._tcp.mail TLSA 3 1 1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    _25._tcp.mail TLSA 2 0 0 ab
    u TYPE4000 \# 3 010203
    u2 TYPE65000 \# 0
    generic A \# 4 C0000201
    a\ b\(c\)\;d\@e\$f\\h\.i\126\127~ TXT "semi;colon (paren) @ $ 'sq' \126 \127 ~"
    \195\169 A 1.2.3.4
    srv SRV 1 2 25 Mail
    srv CAA 0 issue "ca.example.net; account=1"
    srv CAA 128 tbs "x\"y"
    srv SSHFP 1 1 ABCDEF0123
    srv HINFO "PC" "Linux"
    srv SPF "v=spf1 -all" "x"
    srv NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
    srv URI 10 1 "https://example.net/x"
    srv OPENPGPKEY AAECAwQ=
    srv SMIMEA 3 1 1 ABCD
    srv RP Mbox txt
    srv AFSDB 1 afs
    srv RT 10 relay
    srv KX 10 kx
    srv PX 10 map822 mapx400
    srv MB mb
    srv MG mg
    srv MR mr
    srv MINFO rmail email
    srv MD md
    srv MF mf
    generic2 TYPE33 \# 7 0001000200 1900
    cl CLASS4 TXT "x"
    """##

  func testPrintingMatchesLDNSReadZone() throws {
    let folder = try TemporaryDirectory("dns-presentation")
    let file = try folder.write("every-type.zone", Self.everyTypeZone)
    let reference = try TestProcess.check("ldns-read-zone", [file.path])
    let records = try ZoneFile.parse(text: Self.everyTypeZone, fileName: "every-type.zone")
    let ours = ZoneFile.format(records)

    let expectedLines = reference.split(separator: "\n").map(Self.normalizedWhiteSpace)
    let ourLines = ours.split(separator: "\n").map(String.init)
    XCTAssertEqual(ourLines.count, expectedLines.count)
    XCTAssertEqual(records.count, 58)  // every record line of the zone
    for (ours, expected) in zip(ourLines, expectedLines) {
      XCTAssertEqual(ours, expected)
      XCTAssertFalse(ours.contains("  ") || ours.hasSuffix(" "), "stray space in '\(ours)'")
    }
    // Every record type danescope models appears in the zone.
    let types = Set(records.map { $0.type })
    let modelled: [RRType] = [
      .a, .aaaa, .ns, .cname, .dname, .ptr, .soa, .mx, .txt, .ds, .cds, .dnskey, .cdnskey, .rrsig,
      .nsec, .nsec3, .nsec3param, .tlsa, .unassigned(4000),
    ]
    for type in modelled { XCTAssertTrue(types.contains(type), "\(type) missing from the zone") }
  }

  /// ldns ends some fields with a space and separates an NSEC3 salt by two; those are the only
  /// differences danescope allows itself (see RData+Presentation.swift).
  static func normalizedWhiteSpace(_ line: Substring) -> String {
    let parts = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count == 5 else { return String(line) }
    let rdata = parts[4].split(separator: " ").joined(separator: " ")
    return parts[0..<4].joined(separator: "\t") + "\t" + rdata
  }

  /// What we print, ldns reads back to the same records (so our escapes mean what we think).
  func testLDNSReadsWhatWePrint() throws {
    let folder = try TemporaryDirectory("dns-presentation")
    let records = try ZoneFile.parse(text: Self.everyTypeZone, fileName: "every-type.zone")
    let file = try folder.write("ours.zone", ZoneFile.format(records))
    let reference = try TestProcess.check("ldns-read-zone", [file.path])
    let reparsed = try ZoneFile.parse(text: reference, fileName: "ldns-output")
    XCTAssertEqual(Set(reparsed), Set(records))
    XCTAssertEqual(reparsed.count, records.count)
  }
}
