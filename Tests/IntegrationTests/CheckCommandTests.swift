import Foundation
import XCTest

/// `danescope check` refuses bad command lines with exit status 2, a message saying what was
/// wrong, and nothing on standard output; nothing is looked up or probed.
final class CheckCommandTests: XCTestCase {
  func testUsageErrors() throws {
    let cases: [([String], String)] = [
      (["check"], "check needs a DOMAIN"),
      (["check", "a.example.", "b.example."], "check takes one DOMAIN"),
      (["check", "bad..example."], "'bad..example.' is not a mail domain: label 2 is empty"),
      (["check", "."], "is the root"),
      (["check", "a.example.", "--port", "0"], "--port '0' is not a port number"),
      (["check", "a.example.", "--at", "yesterday"], "--at 'yesterday'"),
      (["check", "a.example.", "--forwarder", "not-an-address"], "--forwarder"),
    ]
    for (arguments, message) in cases {
      let result = try DanescopeBinary.run(arguments, timeout: 30)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
    }
  }

  func testAMissingResolverConfigurationIsAUsageError() throws {
    let folder = try TemporaryDirectory()
    let missing = folder.file("no-such-unbound.conf").path
    let result = try DanescopeBinary.run(
      ["check", "a.example.", "--resolver-conf", missing], timeout: 30)
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(result.stderr.contains("no-such-unbound.conf"), result.stderr)
    XCTAssertEqual(result.stdout, "")
  }
}
