import XCTest

@testable import CommandLineInterface

/// `--tlsa-record` text read as RFC 6698 §2.2 presentation: three decimal numbers, then hex
/// data that may be split by white space. Every refusal says what is wrong and where.
final class TLSARecordArgumentTests: XCTestCase {
  private let digest = String(repeating: "0123456789abcdef", count: 4)
  private var digestOctets: [UInt8] {
    Array(repeating: [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef], count: 4).flatMap { $0 }
  }

  private func problem(_ text: String) -> TLSARecordArgument.Problem? {
    do {
      let parsed = try TLSARecordArgument.parse(text)
      XCTFail("'\(text)' was accepted as \(parsed)")
      return nil
    } catch {
      return error
    }
  }

  /// Any run of spaces and tabs separates fields, as in a zone file; the data may be given in
  /// parts, as `dig` prints it (56 digits, then the rest): all read as the same record.
  func testSpacesTabsAndSplitDataGiveTheSameRecord() throws {
    let split = digest.index(digest.startIndex, offsetBy: 56)
    let spellings = [
      "3 1 1 \(digest)", "3\t1\t1\t\(digest)", " \t3  1\t \t1   \(digest)\t ",
      "3 1 1 \(digest[..<split]) \(digest[split...])",
      "3 1 1 " + digest.map(String.init).joined(separator: "\t"),
      "003 01 1 \(digest.uppercased())",
    ]
    for text in spellings {
      let parsed = try TLSARecordArgument.parse(text)
      XCTAssertEqual(parsed.usage, 3, text)
      XCTAssertEqual(parsed.selector, 1, text)
      XCTAssertEqual(parsed.matchingType, 1, text)
      XCTAssertEqual(parsed.data, digestOctets, text)
    }
    XCTAssertEqual(try TLSARecordArgument.parse("3 1 1 \(digest)").dataParts, 1)
    XCTAssertEqual(
      try TLSARecordArgument.parse("3 1 1 \(digest[..<split]) \(digest[split...])").dataParts, 2)
  }

  func testTooFewFieldsAreCounted() {
    XCTAssertEqual(problem(""), .missingFields(count: 0))
    XCTAssertEqual(problem(" \t "), .missingFields(count: 0))
    XCTAssertEqual(problem("3 1"), .missingFields(count: 2))
    XCTAssertEqual(problem("3 1 1"), .missingFields(count: 3))
    XCTAssertEqual(
      problem("3 1 1")?.description,
      "4 fields expected (usage selector matching-type data), got 3")
  }

  /// Decimal digits only: no sign, no other script's digits, no hex, at most 255.
  func testNumbersAreDecimalDigitsUpTo255() {
    for (text, name, field) in [
      ("+3 1 1 00", "usage", "+3"), ("3 -1 1 00", "selector", "-1"),
      ("3 1 0x1 00", "matching type", "0x1"), ("256 1 1 00", "usage", "256"),
      ("3 1 \u{0663} 00", "matching type", "\u{0663}"), ("3 1 1e0 00", "matching type", "1e0"),
    ] {
      XCTAssertEqual(
        problem(text), .notANumber(name: name, text: field, hasRecordType: false), text)
    }
    XCTAssertEqual(
      problem("+3 1 1 00")?.description,
      "the usage '+3' is not a number from 0 to 255 (decimal digits only)")
    XCTAssertEqual(try TLSARecordArgument.parse("255 255 255 00").usage, 255)
  }

  /// A whole resource record pasted in: the message says to give its data only.
  func testAWholeRecordIsRecognised() {
    XCTAssertEqual(
      problem("_25._tcp.mx.example. IN TLSA 3 1 1 \(digest)")?.description,
      "the usage '_25._tcp.mx.example.' is not a number from 0 to 255 (decimal digits only);"
        + " give the record's data only, without owner, class and type")
  }

  /// The character and its place in the text (1 is the first character), counted the same
  /// whether the data is in one part or several.
  func testABadDigitIsPlaced() {
    XCTAssertEqual(
      problem("3 1 1 zz"),
      .notAHexDigit("z", position: 7, field: 4, part: 1, partText: "zz"))
    XCTAssertEqual(problem("3 1 1 zz")?.description, "'z' at character 7 is not a hex digit")
    XCTAssertEqual(
      problem("3\t1  1 0g"),
      .notAHexDigit("g", position: 9, field: 4, part: 1, partText: "0g"))
    // Fullwidth letters are hex digits to Character.isHexDigit, not to a zone file.
    XCTAssertEqual(
      problem("3 1 1 00\u{FF21}"),
      .notAHexDigit("\u{FF21}", position: 9, field: 4, part: 1, partText: "00\u{FF21}"))
  }

  /// An extra field after a complete record is read as more data, and the message says so.
  func testAnExtraFieldIsNamedAsOne() {
    let text = "3 1 1 \(digest) extra"
    XCTAssertEqual(
      problem(text),
      .notAHexDigit("x", position: 73, field: 5, part: 2, partText: "extra"))
    XCTAssertEqual(
      problem(text)?.description,
      "field 5 'extra' is not hex: 'x' at character 73 is not a hex digit (the fields after the"
        + " matching type are all data, which may be split by white space as in a zone file)")
  }

  /// The digits are counted over all parts of the data.
  func testAnOddNumberOfDigitsIsCounted() {
    XCTAssertEqual(problem("3 1 1 \(digest)a"), .oddDigitCount(65, parts: 1))
    XCTAssertEqual(problem("3 1 1 abc de"), .oddDigitCount(5, parts: 2))
    XCTAssertEqual(
      problem("3 1 1 \(digest) 0")?.description,
      "the data has 65 hex digits in 2 parts, an odd number (each octet is two digits)")
    XCTAssertEqual(
      problem("3 1 1 abc")?.description,
      "the data has 3 hex digits, an odd number (each octet is two digits)")
  }
}
