import Foundation
import XCTest

/// Under a locale that does not write UTF-8 (LC_ALL=C) the text of `chain` and `check` is
/// ASCII, as the console's screen is (ConsoleTmuxTests): the tree is drawn with `|-` and `` `- ``,
/// arrows and `§` are spelled out. JSON is data, and keeps its UTF-8. Under a UTF-8 locale the
/// same commands draw with Unicode, so the locale is what decides.
final class TextLocaleTests: XCTestCase {
  private func run(_ arguments: [String], locale: String) throws -> DanescopeBinary.Result {
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = locale
    environment["LANG"] = locale
    return try DanescopeBinary.run(arguments, timeout: 120, environment: environment)
  }

  private func nonASCII(_ text: String) -> String {
    String(text.unicodeScalars.filter { !$0.isASCII }.map(Character.init))
  }

  func testChainAndCheckWriteASCIIUnderTheCLocale() throws {
    // tlsa-expired: a tree with signature windows (→) and nested findings; pkix-only: reasons
    // that cite RFC 7672 §3.1.3.
    let chain = ["chain", "--lab", "tlsa-expired.example", "TLSA"]
    let check = ["check", "--lab", "pkix-only"]

    let unicodeChain = try run(chain, locale: "C.UTF-8")
    XCTAssertTrue(unicodeChain.stdout.contains("├─ zone .: secure"), unicodeChain.stdout)
    XCTAssertTrue(unicodeChain.stdout.contains(" → "), unicodeChain.stdout)
    let unicodeCheck = try run(check, locale: "C.UTF-8")
    XCTAssertTrue(unicodeCheck.stdout.contains("(RFC 7672 §3.1.3)"), unicodeCheck.stdout)

    let asciiChain = try run(chain, locale: "C")
    XCTAssertEqual(asciiChain.status, unicodeChain.status, asciiChain.stderr)
    XCTAssertEqual(nonASCII(asciiChain.stdout + asciiChain.stderr), "")
    XCTAssertTrue(asciiChain.stdout.contains("|- zone .: secure"), asciiChain.stdout)
    XCTAssertTrue(asciiChain.stdout.contains(" -> "), asciiChain.stdout)
    // The same report, line for line, only spelled otherwise.
    XCTAssertEqual(
      asciiChain.stdout.split(separator: "\n").count,
      unicodeChain.stdout.split(separator: "\n").count)

    let asciiCheck = try run(check, locale: "C")
    XCTAssertEqual(asciiCheck.status, unicodeCheck.status, asciiCheck.stderr)
    XCTAssertEqual(nonASCII(asciiCheck.stdout + asciiCheck.stderr), "")
    XCTAssertTrue(asciiCheck.stdout.contains("(RFC 7672 section 3.1.3)"), asciiCheck.stdout)

    // JSON is the same under either locale: UTF-8, never respelled.
    let json = try run(check + ["--json"], locale: "C")
    XCTAssertTrue(json.stdout.contains("§3.1.3"), json.stdout)
  }

  /// Errors are text too: a usage error's `…` is spelled `...` under the C locale.
  func testErrorsAreASCIIUnderTheCLocale() throws {
    let long = String(repeating: "a", count: 400)
    let result = try run(["check", long], locale: "C")
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertNotNil(result.stderr.firstMatch(of: /\.\.\. \([0-9]+ more octets\)/), result.stderr)
    XCTAssertEqual(nonASCII(result.stderr), "")
  }
}
