import Foundation
import XCTest

@testable import CommandLineInterface
import ValidationCore

/// `--at`: every accepted text is the instant GNU `date -u -d` reads from it, and every other
/// text is a usage error at its argument, never a time moved to midnight or to another day.
final class TimeArgumentTests: XCTestCase {
  /// Seconds since 1970 as `date -u -d TEXT +%s.%N` prints them.
  private func reference(_ text: String) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/date")
    process.arguments = ["-u", "-d", text, "+%s.%N"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "date -d \(text)")
    return try XCTUnwrap(Double(printed.trimmingCharacters(in: .whitespacesAndNewlines)), text)
  }

  func testAcceptedTimesAreTheInstantDateReads() throws {
    for text in [
      "2027-01-03T23:30:00.5Z", "2027-01-03T23:30:00Z", "2027-01-03T23:30:00+02:00",
      "2027-01-03T23:30:00-05:30", "2027-01-03T00:00:00.000001+14:00", "2027-01-03",
      "2024-02-29", "2024-02-29T12:00:00.123456Z", "2000-02-29T23:59:59.999Z",
      "1970-01-01T00:00:00Z", "2090-12-31T23:59:59Z", "2090-12-31",
    ] {
      let read = try TimeArgument.parse(text).timeIntervalSince1970
      XCTAssertEqual(read, try reference(text), accuracy: 0.000_01, text)
    }
    // Eight digits that spell no date (month 96) stay Unix seconds.
    for seconds in ["0", "1796342400", "3818448000", "0001796342400", "17964000"] {
      let read = try TimeArgument.parse(seconds).timeIntervalSince1970
      XCTAssertEqual(read, try reference("@" + seconds), accuracy: 0.000_01, seconds)
    }
  }

  /// `date -u -d TEXT +FORMAT`, trimmed.
  private func dateOutput(_ text: String, _ format: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/date")
    process.arguments = ["-u", "-d", text, format]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "date -d \(text)")
    return printed.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Fractional seconds count as many digits as given, up to nanoseconds, and never carry the
  /// time into the next second (a Double holds a time of today only to about 0.2 µs, so
  /// `16.9999999` read as a Double sum was 17): the second shown is the one typed, as GNU date
  /// reads it, also on the last second of a year.
  func testFractionsNeverRoundIntoTheNextSecond() throws {
    for text in [
      "2026-12-05T07:43:16.9Z", "2026-12-05T07:43:16.99999Z", "2026-12-05T07:43:16.9999999Z",
      "2026-12-05T07:43:16.999999999999Z", "2026-12-31T23:59:59.9999999Z",
      "2026-12-31T23:59:59.999999999Z", "2026-12-31T23:59:59.99999999999999999999Z",
      "2027-01-01T01:59:59.9999999+02:00", "2026-12-05T07:43:16.000000001Z",
    ] {
      let read = try TimeArgument.parse(text)
      XCTAssertEqual(
        UTCTimestamp.text(read), try dateOutput(text, "+%Y-%m-%dT%H:%M:%SZ"), text)
      let second = try XCTUnwrap(Double(try dateOutput(text, "+%s")), text)
      XCTAssertEqual(read.timeIntervalSince1970.rounded(.down), second, text)
      let nanoseconds = try XCTUnwrap(Double(try dateOutput(text, "+%N")), text)
      XCTAssertEqual(read.timeIntervalSince1970 - second, nanoseconds / 1e9, accuracy: 1e-6, text)
    }
  }

  func testFractionDigitsPastTheNinthAreDropped() {
    XCTAssertEqual(TimeArgument.nanosecondsTruncated("9"), 900_000_000)
    XCTAssertEqual(TimeArgument.nanosecondsTruncated("99999"), 999_990_000)
    XCTAssertEqual(TimeArgument.nanosecondsTruncated("9999999"), 999_999_900)
    XCTAssertEqual(TimeArgument.nanosecondsTruncated("999999999999"), 999_999_999)
    XCTAssertEqual(TimeArgument.nanosecondsTruncated("000000001"), 1)
  }

  func testTimesNotReadWholeAreUsageErrorsAtTheirArgument() {
    for text in [
      // A time without its offset, without seconds, with a space: once read as midnight.
      "2027-01-03T23:30:00", "2027-01-03 23:30", "2027-01-01T23:30Z", "2027-01-01junk",
      "2027-01-03T23:30:00.Z", "2027-01-03T23:30:00Z ", "2027-01-03T23:30:00+0200",
      "2027-01-03T23:30:00+02", "2027-01-03t23:30:00z", "2027-1-3", "27-01-03", "2027-01-03T",
      // Impossible dates and times: once rolled over into others.
      "2026-02-30", "2023-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
      "2026-01-00", "2027-01-03T25:00:00Z", "2027-01-03T24:00:00Z", "2027-01-03T23:60:00Z",
      "2027-01-03T23:59:60Z", "2027-01-03T23:30:00+24:00", "2027-01-03T23:30:00+02:60",
      // Numbers other than decimal digits.
      "0x10", "+5", "-1", "1.5", "1e3", " 5", "5 ", "nan", "inf", "",
      "\u{FF12}\u{FF10}\u{FF12}\u{FF17}-01-03", "\u{0662}\u{0660}",
    ] {
      XCTAssertThrowsError(try ArgumentParser.parse(["chain", "x.", "--at", text]), text) {
        error in
        let usage = error as? UsageError
        XCTAssertEqual(usage?.argumentIndex, 3, text)
        XCTAssertTrue(usage?.message.hasPrefix("--at '\(text)' is not a time: ") ?? false,
          "\(text): \(String(describing: usage))")
      }
    }
  }

  func testRefusalsSayWhatIsWrong() {
    func message(_ text: String) -> String {
      do {
        _ = try TimeArgument.parse(text)
        return "accepted"
      } catch {
        return error.message
      }
    }
    XCTAssertTrue(message("2026-02-30").contains("2026-02 has no day 30 (it has 28 days)"))
    XCTAssertTrue(message("2027-01-03T25:00:00Z").contains("there is no hour 25"))
    XCTAssertTrue(message("2027-01-03T23:60:00Z").contains("there is no minute 60"))
    XCTAssertTrue(message("2027-01-03T23:30:00").contains("the time has no UTC offset"))
    XCTAssertTrue(message("2027-01-01junk").contains("'junk' follows the date"))
    XCTAssertTrue(message("2027-01-01T23:30Z").contains("seconds are required"))
  }

  /// Signed, spaced, foreign-digit, hexadecimal, fractional and exponent forms are refused for
  /// what they are (the User Guide's number rules), not as a date whose year is short.
  func testOddNumbersAreRefusedForWhatTheyAre() {
    let cases = [
      "+1796400000": "a sign ('+') is not allowed", "-5": "a sign ('-') is not allowed",
      "+2026-12-04": "a sign ('+') is not allowed", "-2026-12-04": "a sign ('-') is not allowed",
      " 1796400000": "it has a space at its start", "1796400000\t": "it has a space at its end",
      "\u{FF11}\u{FF12}": "'\u{FF11}' (U+FF11) is not an ASCII digit",
      "2026-12-\u{0660}4": "'\u{0660}' (U+660) is not an ASCII digit",
      "0x10": "a hexadecimal number is not read",
      "1.5": "Unix seconds are whole seconds, without a fraction",
      "1796400000.5": "Unix seconds are whole seconds, without a fraction",
      "1e3": "an exponent is not read",
      "": "it is empty",
      // A four-digit start is a year, and the date's reader says what follows it.
      "2026.5": "'.5' follows the year", "nan": "the year needs 4 digits",
      // Eight digits that spell a date: the date was meant, not a moment of 1970.
      "20261204": "it looks like a date without hyphens; write 2026-12-04",
      "19991231": "it looks like a date without hyphens; write 1999-12-31",
    ]
    for (text, reason) in cases {
      XCTAssertThrowsError(try TimeArgument.parse(text, argument: 4), text) { error in
        let usage = error as? UsageError
        XCTAssertEqual(usage?.argumentIndex, 4, text)
        XCTAssertTrue(
          usage?.message.hasPrefix("--at '\(text)' is not a time: \(reason)") ?? false,
          "\(text): \(String(describing: usage?.message))")
      }
    }
  }

  func testTimesBefore1970AfterTheirOffsetAreOutOfRange() {
    for text in ["1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00"] {
      XCTAssertThrowsError(try TimeArgument.parse(text), text) { error in
        XCTAssertTrue(
          (error as? UsageError)?.message.contains("is before 1970, outside the times danescope"
            + " can judge (1970-01-01T00:00:00Z to ") ?? false, text)
      }
    }
  }

  /// RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5, RFC 1982): a signature judged
  /// 2^32 seconds after its window would look valid again. `--at` stays within 68 years of now.
  func testTimesMoreThan68YearsFromNowAreRefusedForSerialArithmetic() throws {
    let now = Date(timeIntervalSince1970: 1_796_342_400)  // 2026-12-04T00:00:00Z
    let limit = 68 * 365.25 * 86_400
    let wrap = 4_294_967_296.0
    for offset in [limit + 1, wrap + 86_400, wrap, -limit - 1 + 2 * wrap] {
      let text = String(Int(now.timeIntervalSince1970 + offset))
      XCTAssertThrowsError(try TimeArgument.parse(text, argument: 3, now: now), text) { error in
        let usage = error as? UsageError
        XCTAssertEqual(usage?.argumentIndex, 3)
        XCTAssertEqual(
          usage?.message,
          "--at '\(text)' is more than 68 years after now: signature times are 32-bit serial"
            + " numbers that repeat every 136 years (RFC 4034 §3.1.5, RFC 1982), so they cannot"
            + " be judged that far away; give a time from 1970-01-01T00:00:00Z to"
            + " 2094-12-04T00:00:00Z")
      }
    }
    for text in ["9999-12-31", "2094-12-04T00:00:01Z", "2094-12-04T01:00:01+01:00"] {
      XCTAssertThrowsError(try TimeArgument.parse(text, now: now), text)
    }
    // The last second in range, and before now: years later, the range has moved on.
    XCTAssertEqual(
      try TimeArgument.parse("2094-12-04T00:00:00Z", now: now).timeIntervalSince1970,
      now.timeIntervalSince1970 + limit)
    let later = Date(timeIntervalSince1970: 3_000_000_000)  // 2065-01-24
    XCTAssertThrowsError(try TimeArgument.parse("1990-01-01", now: later)) { error in
      XCTAssertTrue(
        (error as? UsageError)?.message.hasPrefix(
          "--at '1990-01-01' is more than 68 years before now") ?? false,
        "\(error)")
    }
    XCTAssertNoThrow(try TimeArgument.parse("2000-01-01", now: later))
  }

  func testAnOffsetOutOfRangeIsShownAsTyped() {
    XCTAssertThrowsError(try TimeArgument.parse("2027-01-03T23:30:00+24:00")) { error in
      XCTAssertEqual(
        (error as? UsageError)?.message.hasPrefix(
          "--at '2027-01-03T23:30:00+24:00' is not a time: there is no UTC offset of 24:00"
            + " (at most 23:59)"), true, "\(error)")
    }
  }
}
