import Foundation
import Lab
import ValidationCore
import XCTest

@testable import CommandLineInterface

/// Numbers on the command line are decimal digits: a sign, a hexadecimal or exponent form, a
/// space or digits of another script are usage errors at their argument, for every option that
/// takes a number, never read as some other number.
final class NumberArgumentTests: XCTestCase {
  func testDecimalNumberTakesDigitsOnly() {
    XCTAssertEqual(DecimalNumber.integer("5301", as: UInt16.self), 5301)
    XCTAssertEqual(DecimalNumber.integer("005301", as: UInt16.self), 5301)
    XCTAssertNil(DecimalNumber.integer("65536", as: UInt16.self))
    for text in ["", "+5301", "-1", "0x10", "1e3", " 53", "53 ", "5_3", "\u{0665}\u{0663}", "５３"] {
      XCTAssertNil(DecimalNumber.integer(text, as: UInt16.self), text)
      XCTAssertNil(DecimalNumber.fraction(text), text)
    }
    XCTAssertEqual(DecimalNumber.fraction("2.5"), 2.5)
    XCTAssertEqual(DecimalNumber.fraction("10"), 10)
    for text in [".5", "5.", "1.2.3", "inf", "nan", "0x1p3", "1e1"] {
      XCTAssertNil(DecimalNumber.fraction(text), text)
    }
  }

  /// Runs a command line in process; it must stop with a usage error before doing anything.
  private func usageError(_ arguments: [String]) async -> (ExitCode, String) {
    final class Lines: @unchecked Sendable {
      let lock = NSLock()
      var errors: [String] = []
    }
    let lines = Lines()
    let output = TextOutput(
      out: { _ in }, err: { text in lines.lock.withLock { lines.errors.append(text) } })
    let status = await Danescope.run(arguments, output: output)
    return (status, lines.lock.withLock { lines.errors.first ?? "" })
  }

  func testEveryNumericOptionRefusesOtherNotations() async {
    let cases: [([String], String)] = [
      (["check", "--lab", "ee-valid", "--timeout", "0x10"], "--timeout: '0x10' is not"),
      (["check", "--lab", "ee-valid", "--timeout", "1e1"], "--timeout: '1e1' is not"),
      (["check", "--lab", "ee-valid", "--timeout", "+5"], "--timeout: '+5' is not"),
      (["check", "--lab", "ee-valid", "--timeout", " 5"], "--timeout: ' 5' is not"),
      (["check", "--lab", "ee-valid", "--at", "0x10"], "--at '0x10' is not a time"),
      (["check", "a.example", "--forwarder", "127.0.0.1@+5301"], "'+5301' is not a port"),
      (["check", "a.example", "--forwarder", "::1@0x35"], "'0x35' is not a port"),
      (["check", "a.example", "--port", "+25"], "--port '+25' is not a port"),
      (["check", "--lab", "ee-valid", "--expiry-warning-days", "+5"], "'+5' is not a number"),
      (["chain", "--lab", "ee-valid", "--expiry-warning-days", "0x5"], "'0x5' is not a number"),
      (["tlsa", "--usage", "+3", "/nonexistent/cert.pem"], "--usage '+3' must be"),
      (["tlsa", "--selector", "0x1", "/nonexistent/cert.pem"], "--selector '0x1' must be"),
      (["tlsa", "--matching-type", "\u{0661}", "/nonexistent/cert.pem"], "--matching-type"),
      (["tlsa", "--from", "127.0.0.1:+25"], "'+25' in '127.0.0.1:+25' is not a port"),
      (["trace", "127.0.0.1", "--port", "+25"], "--port '+25' is not a port"),
      (["lab", "serve", "--listen", "127.0.0.1@+5353"], "'+5353' in '127.0.0.1@+5353' is not"),
      (["lab", "export", "/nonexistent/lab", "--listen", "127.0.0.1@+5"], "'+5' in"),
    ]
    for (arguments, expected) in cases {
      let (status, error) = await usageError(arguments)
      XCTAssertEqual(status, .usage, "\(arguments): \(error)")
      XCTAssertTrue(error.contains(expected), "\(arguments): \(error)")
      // The option before the value, or before a trailing file name.
      let position = arguments.count - 1 - (arguments.last?.hasPrefix("/") == true ? 1 : 0)
      XCTAssertTrue(error.hasSuffix("(argument \(position))"), "\(arguments): \(error)")
    }
  }

  func testDecimalValuesAreStillRead() throws {
    XCTAssertEqual(try ResolverOptions.parseTimeout("2.5"), .milliseconds(2500))
    XCTAssertEqual(try ResolverOptions.parseTimeout("010"), .seconds(10))
    XCTAssertEqual(try ForwarderAddress(parsing: "127.0.0.1@05301").port, 5301)
    XCTAssertEqual(try LabListenAddress(parsing: "::1@5400", defaultPort: 53).port, 5400)
    var parsed = ParsedArguments()
    parsed.values["--expiry-warning-days"] = ["14"]
    XCTAssertEqual(try ChainCommand.parseOptions(parsed).expiryWarningDays, 14)
  }

  func testTLSARecordFieldsAreDecimal() {
    for text in ["+3 1 1 00", "3 0x1 1 00", "3 1 +1 00"] {
      var parsed = ParsedArguments()
      parsed.values["--tlsa-record"] = [text]
      parsed.valuePositions["--tlsa-record"] = [3]
      XCTAssertThrowsError(try ProbeOptions.records(parsed), text) { error in
        XCTAssertEqual((error as? UsageError)?.argumentIndex, 3, text)
      }
    }
  }

  /// A `--listen` value the lab cannot use names the option once.
  func testListenErrorsNameTheOptionOnce() async {
    for arguments in [
      ["lab", "export", "/nonexistent/lab", "--listen", "junk"],
      ["lab", "export", "/nonexistent/lab", "--listen", "127.0.0.1@0"],
      ["lab", "export", "/nonexistent/lab", "--listen", "192.0.2.1"],
      ["lab", "serve", "--listen", "192.0.2.1"],
    ] {
      let (status, error) = await usageError(arguments)
      XCTAssertEqual(status, .usage, "\(arguments): \(error)")
      XCTAssertEqual(error.components(separatedBy: "--listen").count, 2, error)
      XCTAssertTrue(error.contains(": --listen: '"), error)
    }
  }
}
