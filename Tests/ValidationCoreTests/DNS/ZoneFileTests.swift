import XCTest

@testable import ValidationCore

final class ZoneFileTests: XCTestCase {
  func testDirectivesOwnersTTLsAndClasses() throws {
    let text = """
      $ORIGIN example.
      $TTL 1h
      @ SOA ns1 host ( 1 ; serial
                      2 3 4 5 )
        IN 60 TXT "class then TTL"
      www 30 IN A 192.0.2.1
          A 192.0.2.2 ; blank owner: www again, last explicit TTL does not apply over $TTL
      $ORIGIN sub
      x RRSIG A 13 3 77 1 0 1 example. AA==
      """
    let records = try ZoneFile.parse(text: text, fileName: "t.zone")
    XCTAssertEqual(
      records.map(\.name.description),
      [
        "example.", "example.", "www.example.", "www.example.", "x.sub.example.",
      ])
    XCTAssertEqual(records.map(\.ttl), [3600, 60, 30, 3600, 77])
    XCTAssertEqual(records[0].rdata.presentation, "ns1.example. host.example. 1 2 3 4 5")
  }

  func testTTLFallsBackToLastExplicitWithoutDefault() throws {
    let records = try ZoneFile.parse(text: "a. 5 A 1.2.3.4\nb. A 1.2.3.5\n")
    XCTAssertEqual(records.map(\.ttl), [5, 5])
  }

  func testErrorsSayFileLineAndColumn() {
    func error(_ text: String, origin: DNSName? = nil) -> ZoneFileError? {
      do {
        _ = try ZoneFile.parse(text: text, origin: origin, fileName: "z")
        return nil
      } catch { return error }
    }
    let include = error("$ORIGIN a.\n$INCLUDE other.zone\n")
    XCTAssertEqual(include, ZoneFileError(.includeNotSupported, fileName: "z", line: 2, column: 1))
    XCTAssertEqual(
      include?.description, "z:2:1: $INCLUDE is not supported: inline the included file instead")
    XCTAssertEqual(error("www 1 A 1.2.3.4\n")?.kind, .missingOrigin("www"))
    XCTAssertEqual(
      error("a. 1 MX 1 mail\n")?.kind,
      .invalidRDATA(type: .mx, what: "MX exchange 'mail': relative name 'mail' with no origin"))
    XCTAssertEqual(error(" 1 A 1.2.3.4\n")?.kind, .missingOwner)
    XCTAssertEqual(error("a. A 1.2.3.4\n")?.kind, .missingTTL)
    XCTAssertEqual(error("a. 1 IN\n")?.kind, .missingType)
    XCTAssertEqual(error("a. 1 FOO x\n")?.kind, .unknownType("FOO"))
    XCTAssertEqual(error("a. 1 TXT \"open\n")?.kind, .unterminatedString)
    XCTAssertEqual(error("a. 1 TXT (\"x\"\n")?.kind, .unclosedParenthesis(openedAtLine: 1))
    XCTAssertEqual(error("a. 1 TXT x )\n")?.kind, .unbalancedParenthesis)
    XCTAssertEqual(error("$GENERATE 1-2 a A 1.2.3.4\n")?.kind, .unknownDirective("$GENERATE"))
    let bad = error("$ORIGIN example.\n$TTL 1\nok A 1.2.3.4\nbad A 1.2.3\n")
    XCTAssertEqual(
      bad,
      ZoneFileError(
        .invalidRDATA(type: .a, what: "'1.2.3' is not an IPv4 address"), fileName: "z", line: 4,
        column: 7))
  }

  /// A record cut short (its data ends before a field) names the line and column where the
  /// record starts: with nothing after its type, and with a field missing at the end of a record
  /// spread over lines by parentheses. Before, a record with no data at all read `1:0`.
  func testARecordCutShortNamesWhereTheRecordStarts() {
    func error(_ text: String) -> ZoneFileError? {
      do {
        _ = try ZoneFile.parse(text: text, fileName: "z")
        return nil
      } catch { return error }
    }
    let head = "$ORIGIN example.\n$TTL 1\nok A 1.2.3.4\n"
    let bare = error(head + "\nsub 60 IN DS\n")
    XCTAssertEqual(
      bare,
      ZoneFileError(
        .invalidRDATA(type: .ds, what: "missing DS key tag"), fileName: "z", line: 5, column: 1))
    XCTAssertEqual(bare?.description, "z:5:1: DS RDATA: missing DS key tag")
    // A blank owner: the record starts at its first word.
    let blank = error(head + "   IN MX\n")
    XCTAssertEqual(blank?.line, 4, blank?.description ?? "")
    XCTAssertEqual(blank?.column, 4, blank?.description ?? "")
    let spread = error(head + "sub DS ( 60485 5\n   1 )\n")
    XCTAssertEqual(
      spread,
      ZoneFileError(
        .invalidRDATA(type: .ds, what: "missing DS digest"), fileName: "z", line: 4, column: 1))
  }

  func testFormatPrintsWhatParseReads() throws {
    let text = """
      example. 300 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=
      example. 300 IN TXT "a;b" "c\\"d"
      """
    let records = try ZoneFile.parse(text: text)
    let printed = ZoneFile.format(records)
    XCTAssertEqual(
      printed.split(separator: "\n").first,
      "example.\t300\tIN\tDNSKEY\t257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4= ;{id = 3613 (ksk), size = 256b}"
    )
    XCTAssertEqual(try ZoneFile.parse(text: printed), records)
  }

  /// Malformed zone texts: whole, each gives its error; cut after every octet, each prefix
  /// either reads (a prefix can be a valid zone) or gives an error inside the prefix.
  static let malformed: [(String, ZoneFileError.Kind)] = [
    ("$ORIGIN a.\n$INCLUDE other.zone\n", .includeNotSupported),
    ("a. 1 TXT \"open\n", .unterminatedString),
    ("a. 1 TXT (\"x\"\n", .unclosedParenthesis(openedAtLine: 1)),
    ("a. 1 TXT x )\n", .unbalancedParenthesis),
    ("a. 1 TXT x\\", .danglingEscape),
    ("a. 1 A 1.2.3\n", .invalidRDATA(type: .a, what: "'1.2.3' is not an IPv4 address")),
    (
      "a. 1 DS 1 2 3 abc\n",
      .invalidRDATA(type: .ds, what: "DS digest: hex: incomplete group of digits at position 2")
    ),
    (
      "a. 1 RRSIG A 13 2 300 20261301000000 1 7 . AA==\n",
      .invalidRDATA(
        type: .rrsig,
        what: "RRSIG expiration '20261301000000' is neither YYYYMMDDHHmmSS nor a number of seconds")
    ),
    ("a\\999. 1 A 1.2.3.4\n", .invalidName("a\\999.", .badDecimalEscape("a\\999."))),
  ]

  func testMalformedZonesWholeAndDripFed() {
    for (text, kind) in Self.malformed {
      XCTAssertThrowsError(try ZoneFile.parse(text: text, fileName: "m")) { error in
        XCTAssertEqual((error as? ZoneFileError)?.kind, kind, text)
      }
      let bytes = Array(text.utf8)
      for length in 0..<bytes.count {
        let prefix = String(decoding: bytes[0..<length], as: UTF8.self)
        do {
          _ = try ZoneFile.parse(text: prefix, fileName: "m")
        } catch {
          let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false).count
          XCTAssertLessThanOrEqual(error.line, lines, "\(text) cut at \(length): \(error)")
          XCTAssertEqual(error.fileName, "m")
        }
      }
    }
  }
}
