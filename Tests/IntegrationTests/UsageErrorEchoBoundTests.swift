import Foundation
import XCTest

/// A usage error echoes what was typed only in part: one word of at most 300 characters, then
/// how many octets were left out, and an empty argument as `''`, whatever the command.
final class UsageErrorEchoBoundTests: XCTestCase {
  func testAHugeArgumentIsEchoedOnlyInPart() throws {
    let huge = String(repeating: "a", count: 100_000) + ".example"
    let cases: [[String]] = [
      ["check", huge], ["check", "a.example", huge], ["chain", "--lab", huge],
      ["--lab", "ee-valid", huge], ["lab", "show", huge], ["trace", huge + ":x"],
      ["--" + huge], [huge],
    ]
    for arguments in cases {
      let label = arguments.map { String($0.prefix(12)) }
      let result = try DanescopeBinary.run(arguments, timeout: 60)
      XCTAssertEqual(result.status, 2, "\(label): \(result.stderr.prefix(300))")
      XCTAssertLessThan(result.stderr.utf8.count, 2500, "\(label): \(result.stderr.prefix(300))")
      let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
      XCTAssertTrue(first.hasPrefix("danescope: "), "\(label): \(first.prefix(300))")
      XCTAssertTrue(first.contains(String(repeating: "a", count: 150)), "\(label): \(first)")
      XCTAssertTrue(first.contains(" more octets)"), "\(label): \(first)")
      XCTAssertTrue(first.hasSuffix(")"), "\(label): \(first)")
    }
  }

  /// The figure says how much was left out: 100 008 octets typed, 299 of them kept after the
  /// opening quote, and the closing quote left out with the rest.
  func testTheLeftOutOctetsAreCounted() throws {
    let huge = String(repeating: "a", count: 100_000) + ".example"
    let result = try DanescopeBinary.run(["check", huge], timeout: 60)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: '" + String(repeating: "a", count: 299) + "… (99710 more octets) is not"),
      String(result.stderr.prefix(400)))
  }

  /// Many short arguments: the whole message is bounded too.
  func testManyArgumentsAreBoundedAsAWhole() throws {
    let many = (0..<5000).map { "w\($0)" }
    let result = try DanescopeBinary.run(["check"] + many, timeout: 60)
    XCTAssertEqual(result.status, 2)
    XCTAssertLessThan(result.stderr.utf8.count, 2500, String(result.stderr.prefix(300)))
    XCTAssertTrue(result.stderr.contains(" more octets)"), String(result.stderr.prefix(300)))
  }

  /// An empty argument too many is shown as '' on its own, not as a trailing space.
  func testAnEmptyArgumentIsShownAsEmptyQuotes() throws {
    let result = try DanescopeBinary.run(["check", "--lab", "ee-valid", ""], timeout: 60)
    XCTAssertEqual(result.status, 2)
    XCTAssertEqual(
      result.stderr,
      "danescope: check takes one DOMAIN, not 'ee-valid' '' (argument 4)\n"
        + "Try 'danescope --help'.\n")
  }

  /// A file or folder named on the command line that cannot be read or made is echoed in part
  /// too (here a 5000-character name, which the kernel refuses as too long).
  func testALongPathIsEchoedOnlyInPart() throws {
    let long = "/" + String(repeating: "p", count: 5000)
    for arguments in [["tlsa", long], ["lab", "export", long + "/x"]] {
      let result = try DanescopeBinary.run(arguments, timeout: 60)
      XCTAssertEqual(result.status, 2, String(result.stderr.prefix(300)))
      XCTAssertLessThan(result.stderr.utf8.count, 1000, String(result.stderr.prefix(300)))
      XCTAssertTrue(result.stderr.contains(" more octets)"), String(result.stderr.prefix(300)))
    }
  }
}
