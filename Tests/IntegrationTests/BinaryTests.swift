import Foundation
import XCTest

/// Runs the real danescope binary built beside the test bundle.
final class BinaryTests: XCTestCase {
  func testVersionHelpAndUsageErrors() throws {
    let version = try DanescopeBinary.run(["--version"])
    XCTAssertEqual(version.status, 0)
    XCTAssertTrue(version.stdout.hasPrefix("danescope "), version.stdout)

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
}
