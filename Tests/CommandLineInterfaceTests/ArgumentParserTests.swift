import XCTest

@testable import CommandLineInterface

final class ArgumentParserTests: XCTestCase {
  func testOptionsAndPositionals() throws {
    let parsed = try ArgumentParser.parse([
      "check", "--json", "--forwarder", "127.0.0.1@5353", "--forwarder=::1", "example.com",
    ])
    XCTAssertEqual(parsed.positionals, ["check", "example.com"])
    XCTAssertTrue(parsed.has("--json"))
    XCTAssertEqual(parsed.allValues("--forwarder"), ["127.0.0.1@5353", "::1"])
  }

  func testUnknownOptionSaysWhichArgument() {
    XCTAssertThrowsError(try ArgumentParser.parse(["check", "--jsno"])) { error in
      XCTAssertEqual(error as? UsageError, UsageError("unknown option '--jsno'", at: 2))
    }
  }

  func testMissingValue() {
    XCTAssertThrowsError(try ArgumentParser.parse(["--timeout"])) { error in
      XCTAssertEqual(error as? UsageError, UsageError("option '--timeout' needs a value", at: 1))
    }
  }

  func testSingleValueOptionGivenTwice() {
    XCTAssertThrowsError(try ArgumentParser.parse(["--timeout", "1", "--timeout", "2"])) { error in
      XCTAssertEqual(error as? UsageError, UsageError("option '--timeout' given twice", at: 3))
    }
  }

  /// A flag follows the rule of an option with a value: given once. Its second occurrence,
  /// under either name, is the argument named.
  func testFlagGivenTwiceIsRefusedAtItsSecondOccurrence() {
    let cases: [([String], String, Int)] = [
      (["check", "--json", "--json", "a.example"], "--json", 3),
      (["check", "--lab", "ee-valid", "--lab"], "--lab", 4),
      (["-h", "--help"], "--help", 2),
      (["chain", "--recursive", "x.example", "--json", "--recursive"], "--recursive", 5),
    ]
    for (arguments, option, position) in cases {
      XCTAssertThrowsError(try ArgumentParser.parse(arguments), "\(arguments)") { error in
        XCTAssertEqual(
          error as? UsageError, UsageError("option '\(option)' given twice", at: position))
      }
    }
  }

  func testRepeatableOptionsStayRepeatable() throws {
    let parsed = try ArgumentParser.parse([
      "check", "--forwarder", "127.0.0.1", "--forwarder", "::1", "a.example",
    ])
    XCTAssertEqual(parsed.allValues("--forwarder"), ["127.0.0.1", "::1"])
  }

  func testFlagWithValueIsAnError() {
    XCTAssertThrowsError(try ArgumentParser.parse(["--json=yes"])) { error in
      XCTAssertEqual(error as? UsageError, UsageError("option '--json' takes no value", at: 1))
    }
  }

  func testHelpListsEveryOption() {
    for spec in OptionTable.global {
      XCTAssertTrue(HelpText.usage.contains(spec.name), "help lacks \(spec.name)")
    }
  }
}

/// The per-command option list agrees with the option table.
final class CommandOptionsTests: XCTestCase {
  func testEveryOptionAppliesSomewhereAndEveryListedOptionExists() {
    let listed = CommandOptions.accepted.values.reduce(Set<String>()) { $0.union($1) }
    let global: Set<String> = ["--help", "--version"]
    XCTAssertEqual(listed.union(global), Set(OptionTable.global.map(\.name)))
  }

  func testTheOptionIsFoundWhereverItIsTyped() throws {
    let parsed = try ArgumentParser.parse(["--ascii", "check", "x.example", "--json"])
    XCTAssertEqual(CommandOptions.command(of: parsed), "check")
    XCTAssertThrowsError(try CommandOptions.check(parsed, command: "check")) { error in
      XCTAssertEqual(error as? UsageError, UsageError("--ascii does not apply to check", at: 1))
    }
  }
}

/// Errors about a command's words point at the argument where the word was typed, after any
/// options that came before it.
final class PositionalPlaceTests: XCTestCase {
  func testCheckPointsAtTheDomainWhereverItIs() throws {
    let parsed = try ArgumentParser.parse(["check", "--json", "bad..name"])
    XCTAssertThrowsError(try CheckCommand.Settings(["bad..name"], parsed)) { error in
      XCTAssertEqual((error as? UsageError)?.argumentIndex, 3)
    }
  }

  func testChainPointsAtTheNameAndTheType() throws {
    let parsed = try ArgumentParser.parse(["chain", "--json", "x.example", "--ascii", "ANY"])
    XCTAssertEqual(parsed.positionalPositions, [1, 3, 5])
    XCTAssertThrowsError(
      try ChainCommand.parseQuestion(["x.example", "ANY"], at: [3, 5])
    ) { error in
      XCTAssertEqual((error as? UsageError)?.argumentIndex, 5)
    }
  }
}
