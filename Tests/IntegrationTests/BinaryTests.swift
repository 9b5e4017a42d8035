import Foundation
import XCTest

/// Runs the real danescope binary built beside the test bundle.
final class BinaryTests: XCTestCase {
  func testVersionHelpAndUsageErrors() throws {
    let version = try DanescopeBinary.run(["--version"])
    XCTAssertEqual(version.status, 0)
    XCTAssertTrue(version.stdout.hasPrefix("danescope "), version.stdout)
    let versionAndMore = try DanescopeBinary.run(["--version", "--json"])
    XCTAssertEqual(versionAndMore.status, 2)
    XCTAssertEqual(versionAndMore.stdout, "")
    XCTAssertTrue(
      versionAndMore.stderr.contains("--version takes no other argument"), versionAndMore.stderr)
    // The short form is named as typed, at the word that is too many.
    let shortAndMore = try DanescopeBinary.run(["trace", "-V"])
    XCTAssertEqual(shortAndMore.status, 2)
    XCTAssertTrue(
      shortAndMore.stderr.hasPrefix("danescope: -V takes no other argument (argument 1)\n"),
      shortAndMore.stderr)

    let help = try DanescopeBinary.run(["--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.stdout.contains("Usage:"))
    XCTAssertTrue(help.stdout.contains("--resolver-conf FILE"))

    let bad = try DanescopeBinary.run(["--no-such-flag"])
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.stderr.contains("unknown option '--no-such-flag' (argument 1)"), bad.stderr)
    XCTAssertEqual(bad.stdout, "")

    let badCommand = try DanescopeBinary.run(["frobnicate"])
    XCTAssertEqual(badCommand.status, 2)
    XCTAssertTrue(badCommand.stderr.contains("unknown command 'frobnicate'"), badCommand.stderr)
  }

  /// A certificate file that cannot be read is named with the reason in words (no Foundation
  /// error dump), exit status 2, as for every other file named on the command line.
  func testTLSAWithAMissingFileOrAFolderSaysSoPlainly() throws {
    let missing = try DanescopeBinary.run(["tlsa", "/nonexistent.pem"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertEqual(missing.stderr, "danescope: /nonexistent.pem: no such file\n")
    let folder = FileManager.default.temporaryDirectory.path
    let directory = try DanescopeBinary.run(["tlsa", folder])
    XCTAssertEqual(directory.stderr, "danescope: \(folder): is a directory, not a file\n")
    XCTAssertEqual(directory.status, 2)
  }

  /// Errors about a value or a folder name point at the argument, as every usage error does.
  func testTLSAAndLabExportErrorsNameTheArgument() throws {
    let usage = try DanescopeBinary.run(["tlsa", "x.pem", "--usage", "9"])
    XCTAssertEqual(usage.status, 2)
    XCTAssertTrue(
      usage.stderr.hasPrefix("danescope: --usage '9' must be a number from 0 to 3 (argument 3)"),
      usage.stderr)
    let notAFolder = try DanescopeBinary.run(["lab", "export", "/dev/full"])
    XCTAssertEqual(notAFolder.status, 2)
    XCTAssertTrue(notAFolder.stderr.contains("is not a folder; give a new folder (argument 3)"),
      notAFolder.stderr)
    let empty = try DanescopeBinary.run(["lab", "export", ""])
    XCTAssertEqual(empty.status, 2)
    XCTAssertTrue(empty.stderr.contains("lab export needs a folder name, not '' (argument 3)"),
      empty.stderr)
  }
}
