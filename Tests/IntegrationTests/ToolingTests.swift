import Foundation
import XCTest

/// The real peers the tests rely on are there and answer; a missing one fails here by name.
final class ToolingTests: XCTestCase {
  func testReferenceToolsArePresent() throws {
    for tool in [
      "ldns-signzone", "ldns-verify-zone", "ldns-read-zone", "ldns-keygen", "drill",
      "dnssec-signzone", "dnssec-keygen", "delv", "nsd", "unbound", "posttls-finger", "swaks",
      "openssl", "tmux",
    ] {
      XCTAssertNoThrow(try TestProcess.locate(tool), "\(tool) missing")
    }
    let version = try TestProcess.run("openssl", ["version"])
    XCTAssertTrue(version.stdout.hasPrefix("OpenSSL 3."), version.stdout)
  }

  func testFreePortIsBindable() throws {
    let port = try FreePort.next()
    XCTAssertGreaterThan(port, 1024)
  }
}
