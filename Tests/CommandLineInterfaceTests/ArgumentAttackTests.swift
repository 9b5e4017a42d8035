import XCTest

@testable import CommandLineInterface

/// Hostile and absurd command lines: each must end in a usage error that names the argument,
/// never in a crash or in text that drives the terminal.
final class ArgumentAttackTests: XCTestCase {
  func testAtValuesNoClockCanHoldAreRefusedWhereTheyAreTyped() {
    for text in ["nan", "inf", "-inf", "1e300", "-1e300", "-1", "253402300800"] {
      XCTAssertThrowsError(try ArgumentParser.parse(["chain", "x.", "--at", text]), text) {
        error in
        XCTAssertEqual((error as? UsageError)?.argumentIndex, 3, text)
      }
    }
    XCTAssertThrowsError(try ArgumentParser.parse(["--at=99999999999999999999", "lab", "list"])) {
      error in
      let message = (error as? UsageError)?.message ?? ""
      XCTAssertTrue(
        message.hasPrefix(
          "--at '99999999999999999999' is more than 68 years after now: signature times are"
            + " 32-bit serial numbers that repeat every 136 years (RFC 4034 §3.1.5, RFC 1982),"
            + " so they cannot be judged that far away; give a time from 1970-01-01T00:00:00Z to "
        ), message)
    }
  }

  func testAtValuesInRangeAreKept() throws {
    for text in ["0", "1764864000", "3818448000", "2026-12-04T16:00:00Z", "2026-12-04"] {
      let parsed = try ArgumentParser.parse(["check", "--at", text, "example.org"])
      XCTAssertEqual(parsed.value("--at"), text)
    }
    XCTAssertEqual(
      try TimeArgument.parse("2026-12-04"), Date(timeIntervalSince1970: 1_796_342_400))
  }

  func testLabClockRefusesNaN() {
    final class Lines: @unchecked Sendable { var errors: [String] = [] }
    let lines = Lines()
    let output = TextOutput(out: { _ in }, err: { lines.errors.append($0) })
    var parsed = ParsedArguments()
    parsed.values["--at"] = ["nan"]
    XCTAssertNil(LabSession.clock(parsed, output: output))
    XCTAssertEqual(
      lines.errors,
      [
        "danescope: --at 'nan' is not a time: the year needs 4 digits; expected YYYY-MM-DD"
          + " (midnight UTC), YYYY-MM-DDTHH:MM:SSZ (fractional seconds allowed, and a UTC offset"
          + " such as +02:00 in place of Z) or Unix seconds (decimal digits)",
        "Try 'danescope --help'.",
      ])
  }

  func testControlCharactersInAUsageErrorAreEscaped() {
    let error = UsageError("unknown command '\u{1B}]0;owned\u{07}\u{202E}x'", at: 1)
    XCTAssertEqual(
      error.description,
      "danescope: unknown command '\\027]0;owned\\007\\226\\128\\174x' (argument 1)")
  }

  func testUnknownOptionWithAnEscapeIsPrintedEscaped() {
    XCTAssertThrowsError(try ArgumentParser.parse(["--\u{1B}[2J"])) { error in
      let text = (error as? UsageError)?.description ?? ""
      XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B }, text)
      XCTAssertTrue(text.contains("'--\\027[2J'"), text)
    }
  }

  func testArgumentsThatAreNotUTF8AreRefusedNotRepaired() {
    XCTAssertThrowsError(try ArgumentParser.decode([Array("check".utf8), [0xFF, 0xFE, 0x2E, 0x01]]))
    { error in
      XCTAssertEqual(
        error as? UsageError, UsageError("'\\255\\254.\\001' is not valid UTF-8", at: 2))
    }
    XCTAssertEqual(
      try ArgumentParser.decode([Array("chain".utf8), Array("bücher.example".utf8)]),
      ["chain", "bücher.example"])
  }

  /// Types that name no signed RRset in a zone are refused as the question of a chain, each
  /// with its reason; record types, known or not, are kept.
  func testChainRefusesQueryAndPseudoTypes() throws {
    let refused = [
      ("ANY", "RFC 8482"), ("any", "RFC 8482"), ("TYPE255", "RFC 8482"),
      ("RRSIG", "ask for the type they cover"), ("OPT", "RFC 6891"), ("TYPE0", "reserved"),
      ("AXFR", "query or meta type"), ("IXFR", "query or meta type"),
      ("TSIG", "query or meta type"), ("TKEY", "query or meta type"),
      ("MAILA", "query or meta type"), ("MAILB", "query or meta type"),
      ("TYPE128", "query or meta type"), ("TYPE65535", "query or meta type"),
    ]
    for (type, reason) in refused {
      XCTAssertThrowsError(try ChainCommand.parseQuestion(["example.org", type]), type) { error in
        let usage = error as? UsageError
        XCTAssertEqual(usage?.argumentIndex, 3, type)
        XCTAssertTrue(usage?.message.hasPrefix("chain cannot validate \(type): ") == true, type)
        XCTAssertTrue(usage?.message.contains(reason) == true, "\(type): \(usage?.message ?? "")")
      }
    }
    for type in ["A", "MX", "TLSA", "DS", "DNSKEY", "NSEC", "TYPE65534", "TYPE127"] {
      XCTAssertEqual(try ChainCommand.parseQuestion(["example.org", type]).1.description, type)
    }
  }

  /// `check`, `chain` and `lab` read `--at` the same way: a date alone is midnight UTC in all of
  /// them, and a value none can use is refused with the same words.
  func testEveryCommandReadsAtTheSameWay() throws {
    func arguments(_ text: String) -> ParsedArguments {
      var parsed = ParsedArguments()
      parsed.values["--at"] = [text]
      return parsed
    }
    let midnight = Date(timeIntervalSince1970: 1_796_342_400)
    for text in ["2026-12-04", "2026-12-04T00:00:00Z", "1796342400"] {
      XCTAssertEqual(try TimeArgument.clock(arguments(text)).now, midnight, text)
      XCTAssertEqual(try ChainCommand.parseOptions(arguments(text)).clock.now, midnight, text)
      let output = TextOutput(out: { _ in }, err: { _ in })
      XCTAssertEqual(LabSession.clock(arguments(text), output: output)?.now, midnight, text)
    }
    for text in ["yesterday", "2026-13-01", "1e300", "-5"] {
      let expected = try? TimeArgument.parse(text)
      XCTAssertNil(expected, text)
      var messages: [String] = []
      do {
        _ = try TimeArgument.clock(arguments(text))
      } catch { messages.append(error.message) }
      do {
        _ = try ChainCommand.parseOptions(arguments(text))
      } catch { messages.append(error.message) }
      XCTAssertEqual(messages.count, 2, text)
      XCTAssertEqual(Set(messages).count, 1, "\(text): \(messages)")
    }
  }
}
