import Foundation
import XCTest

/// The real danescope binary with bad resolver options: exit status 2, one line naming the file
/// (and line), and nothing else on the terminal: libunbound's own complaints are captured.
final class ResolverBinaryTests: XCTestCase {
  func testMissingResolverConfIsNamedAndExitsTwo() throws {
    let folder = try TemporaryDirectory()
    let missing = folder.file("absent.conf").path
    for command in ["check", "chain"] {
      let result = try DanescopeBinary.run([command, "example.com", "--resolver-conf", missing])
      XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
      XCTAssertEqual(
        result.stderr,
        "danescope: resolver configuration: \(missing): resolver configuration not found\n")
      XCTAssertEqual(result.stdout, "")
    }
  }

  func testSyntaxErrorNamesFileAndLineAndNothingElseIsPrinted() throws {
    let folder = try TemporaryDirectory()
    let config = try folder.write("bad.conf", "server:\n  verbosity: 1\n  no-such-option: yes\n")
    let result = try DanescopeBinary.run(["check", "example.com", "--resolver-conf", config.path])
    XCTAssertEqual(result.status, 2)
    XCTAssertEqual(
      result.stderr,
      "danescope: resolver configuration: \(config.path):3: unknown keyword 'no-such-option'\n")
  }

  /// A keyword with an octet that is not UTF-8 (E9 alone, Latin-1 `é`): libunbound's message
  /// quotes it, and danescope shows that octet as `\233`, not as U+FFFD.
  func testAKeywordOctetThatIsNotUTF8IsShownAsItsValue() throws {
    let folder = try TemporaryDirectory()
    let config = folder.file("latin1.conf")
    try Data("server:\n  x".utf8 + [0xE9] + Array(": yes\n".utf8)).write(to: config)
    let result = try DanescopeBinary.run(["chain", "example.com", "--resolver-conf", config.path])
    XCTAssertEqual(result.status, 2)
    XCTAssertEqual(
      result.stderr,
      "danescope: resolver configuration: \(config.path):2: unknown keyword 'x\\233'\n")
  }

  /// libunbound itself would end with "Too many open files".
  func testIncludeLoopNamesFileAndLineAndExitsTwo() throws {
    let folder = try TemporaryDirectory()
    let config = folder.file("loop.conf")
    _ = try folder.write("loop.conf", "server:\n  include: \"\(config.path)\"\n")
    let result = try DanescopeBinary.run(["check", "example.com", "--resolver-conf", config.path])
    XCTAssertEqual(result.status, 2)
    XCTAssertEqual(
      result.stderr,
      "danescope: resolver configuration: \(config.path):2: includes itself (\(config.path));"
        + " libunbound would read it again and again\n")
  }

  func testBadTrustAnchorNamesFileAndLine() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write("lab.ds", ". IN DS 20326 8 2 E06D\nnot a record\n")
    let result = try DanescopeBinary.run([
      "check", "example.com", "--forwarder", "127.0.0.1@53", "--trust-anchor", anchor.path,
    ])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(
      result.stderr.hasPrefix("danescope: resolver configuration: \(anchor.path):2: "),
      result.stderr)
    XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
  }

  func testContradictoryOptionsAreUsageErrors() throws {
    let result = try DanescopeBinary.run([
      "check", "example.com", "--forwarder", "127.0.0.1", "--recursive",
    ])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(
      result.stderr.contains("--recursive cannot be combined with --forwarder"), result.stderr)
  }
}
