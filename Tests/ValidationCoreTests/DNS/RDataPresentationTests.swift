import XCTest

@testable import ValidationCore

final class RDataPresentationTests: XCTestCase {
  private let origin = try! DNSName("example.")

  /// value → presentation → value, and value → RFC 3597 generic form → value, for every type.
  func testEveryTypeRoundTripsThroughPresentation() throws {
    for rdata in DNSFixtures.everyType {
      let generic = RData.genericFields(rdata.wireFormat(canonical: false)).joined(separator: " ")
      XCTAssertEqual(try RData(type: rdata.type, text: generic), rdata, "\(rdata.type) generic")
      if rdata.type == .opt { continue }  // OPT is written in generic form only
      XCTAssertEqual(try RData(type: rdata.type, text: rdata.presentation), rdata, "\(rdata.type)")
    }
  }

  func testKnownPresentations() throws {
    let cases: [(RRType, String, String)] = [
      (.mx, "10 mail", "10 mail.example."),
      (.soa, "ns1 host ( 1 1h 30m 2w 1d )", "ns1.example. host.example. 1 3600 1800 1209600 86400"),
      (.txt, #"a "b c" "\065\"""#, #""a" "b c" "A\"""#),
      (.ds, "1 ECDSAP256SHA256 2 AB cd", "1 13 2 abcd"),
      (
        .rrsig, "A 13 2 300 1767225600 20251201000000 7 Example. AAEC AwQ=",
        "A 13 2 300 20260101000000 20251201000000 7 Example. AAECAwQ="
      ),
      (.nsec3param, "1 0 0 -", "1 0 0 -"),
      (.aaaa, "::FFFF:10.0.0.1", "::ffff:10.0.0.1"),
      (.a, ##"\# 4 0a000001"##, "10.0.0.1"),
    ]
    for (type, input, expected) in cases {
      XCTAssertEqual(try RData(type: type, text: input, origin: origin).presentation, expected)
    }
  }

  func testErrorsPointAtTheWord() {
    func error(_ type: RRType, _ text: String) -> PresentationError? {
      do {
        _ = try RData(type: type, text: text, origin: origin)
        return nil
      } catch { return error }
    }
    XCTAssertEqual(error(.a, "10.0.0.256")?.kind, .invalidAddress("IPv4"))
    XCTAssertEqual(
      error(.mx, "65536 mail")?.kind, .invalidNumber(field: "MX preference", maximum: 65535))
    XCTAssertEqual(
      error(.mx, "+5 mail")?.kind, .invalidNumber(field: "MX preference", maximum: 65535))
    XCTAssertEqual(error(.mx, "10")?.kind, .missingField("MX exchange"))
    XCTAssertEqual(error(.mx, "10")?.column, 3)
    XCTAssertEqual(error(.mx, "10 a b")?.kind, .unexpectedToken)
    XCTAssertEqual(error(.mx, "10 a b")?.column, 6)
    XCTAssertEqual(error(.ds, "1 2 3 abc")?.column, 7)
    XCTAssertEqual(error(.nsec, "a. A BOGUS")?.kind, .unknownType)
    XCTAssertEqual(
      error(.rrsig, "A 13 2 300 20261301000000 1 7 . AA==")?.kind,
      .invalidTime(field: "RRSIG expiration"))
    XCTAssertEqual(
      error(.a, ##"\# 5 0a000001"##)?.kind, .invalidGenericData("length 5 but 4 octets of data"))
    XCTAssertEqual(error(.unassigned(4000), "abc")?.kind, .genericFormRequired(.unassigned(4000)))
    XCTAssertEqual(
      error(.txt, "\"" + String(repeating: "a", count: 256) + "\"")?.kind,
      .stringTooLong(field: "TXT string", length: 256))
    XCTAssertNotNil(error(.a, ##"\# 3 0a0000"##))
  }

  func testTimesAndAddresses() {
    XCTAssertEqual(DNSTime.format(0), "19700101000000")
    XCTAssertEqual(DNSTime.format(UInt32.max), "21060207062815")
    XCTAssertEqual(DNSTime.parse("20000229120000"), 951_825_600)
    XCTAssertEqual(DNSTime.parse("20010229120000"), nil)
    XCTAssertEqual(DNSTime.parse("21060207062816"), 0)  // wraps modulo 2^32
    for text in ["::", "::1", "1::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "2001:db8::1:0:0:1"] {
      XCTAssertEqual(IPv6Address(text: text)?.description, text)
    }
    for bad in [":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::1.2.3", "g::"] {
      XCTAssertNil(IPv6Address(text: bad), bad)
    }
  }

  func testDNSKEYCommentAsLDNSWritesIt() throws {
    let key = DNSKEYData(
      flags: 257, algorithm: .ed25519,
      publicKey: try Base64.decode("l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="))
    XCTAssertEqual(key.ldnsComment, ";{id = 3613 (ksk), size = 256b}")
    let rsa = DNSKEYData(
      flags: 256, algorithm: .rsaSHA256, publicKey: [3, 1, 0, 1] + Array(repeating: 7, count: 128))
    XCTAssertEqual(rsa.keySizeInBits, 1024)
    XCTAssertTrue(rsa.ldnsComment.contains("(zsk)"))
  }
}
