import Foundation
import XCTest

/// Every usage error is said one way, whichever command or layer finds it: one line of what was
/// wrong (with the number of the argument, or of the option whose value is wrong), then
/// `Try 'danescope --help'.`, exit status 2 and nothing on stdout; never a per-command `Usage:`
/// line instead.
final class UsageErrorStyleTests: XCTestCase {
  private let tryHelp = "Try 'danescope --help'."

  func testEveryUsageErrorEndsWithTheSameHint() throws {
    let folder = try TemporaryDirectory("danescope-usage-style")
    let file = try folder.write("a-file", "x\n")
    let cases: [(arguments: [String], argument: Int?)] = [
      (["--bogus"], 1),
      (["frobnicate"], 1),
      (["--version", "check"], 2),
      (["check"], nil),
      (["check", "a.example", "b.example"], 3),
      (["check", "--lab", "ee-valid", "extra"], 4),
      (["chain", "--lab", "ee-valid", "MX", "TXT"], 5),
      (["chain", "--lab"], nil),
      (["lab", "list", "extra"], 3),
      (["lab", "show", "ee-valid", "extra"], 4),
      (["lab", "export", "a", "b"], 4),
      (["lab", "serve", "extra"], 3),
      (["--lab", "ee-valid", "extra"], 3),
      (["check", "--lab", "nope"], 3),
      (["check", "--lab", "ee-valid", "--expiry-warning-days", "+5"], 4),
      (["chain", "--lab", "foo.org"], 3),
      (["chain", "--lab", "ee-valid", "ANY"], 4),
      (["chain", "--lab", "ee-valid", "--at", "+1796400000"], 4),
      (["chain", "--lab", "ee-valid", "MX", "--json", "--ascii"], 6),
      (["--lab", "--theme", "nope"], 2),
      (["--lab", "nope"], 2),
      (["lab", "show", "nope"], 3),
      (["lab", "show"], nil),
      (["lab", "frobnicate"], 2),
      (["lab", "serve", "--port", "0"], 3),
      (["lab", "export", file.path], 3),
      (["lab", "export", folder.file("new").path, "--listen", "junk"], 4),
      (["lab", "serve", "--at", "9999-12-31"], 3),
      (["trace", "127.0.0.1:+25"], 2),
      (["tlsa", "--usage", "x", file.path], 2),
    ]
    for (arguments, argument) in cases {
      let result = try DanescopeBinary.run(arguments, timeout: 60)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
      let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
      XCTAssertEqual(lines.count, 3, "\(arguments): \(result.stderr)")
      XCTAssertEqual(lines.dropFirst().first, tryHelp, "\(arguments): \(result.stderr)")
      XCTAssertEqual(lines.last, "", "\(arguments)")
      let first = lines.first ?? ""
      XCTAssertTrue(first.hasPrefix("danescope: "), "\(arguments): \(first)")
      if let argument {
        XCTAssertTrue(first.hasSuffix(" (argument \(argument))"), "\(arguments): \(first)")
      } else {
        XCTAssertFalse(first.contains("(argument "), "\(arguments): \(first)")
      }
    }
  }

  /// An error inside a resolver configuration is about the file, not the command line: the
  /// console says it as check does, once prefixed, with the file and line, and no hint.
  func testAResolverConfigurationErrorNamesTheFileAndLineOnly() throws {
    let folder = try TemporaryDirectory("danescope-usage-style")
    let conf = try folder.write("unbound.conf", "server:\n  no-such-keyword: yes\n")
    let expected =
      "danescope: resolver configuration: \(conf.path):2: unknown keyword 'no-such-keyword'\n"
    for arguments in [
      ["check", "--resolver-conf", conf.path, "mail.example"],
      ["--resolver-conf", conf.path, "mail.example"],
    ] {
      let result = try DanescopeBinary.run(arguments, timeout: 60)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
      XCTAssertEqual(result.stderr, expected, "\(arguments)")
    }
  }
}
