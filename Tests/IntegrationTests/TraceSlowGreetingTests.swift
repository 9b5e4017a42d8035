import Foundation
import XCTest

/// `danescope trace` against a server (a test server on 127.0.0.1) that sends its 220 greeting
/// a few octets at a time, slowly (Decisions.md D-probe-6): one that finishes within `--timeout`
/// is an answer like any other, and one still arriving when the timeout ends the wait is a reply
/// that began and was not complete, with the octets that arrived, never "no answer".
final class TraceSlowGreetingTests: XCTestCase {
  private func trace(_ behaviour: HostilePeer.Behaviour, timeout: String) throws
    -> DanescopeBinary.Result
  {
    let folder = try TemporaryDirectory("danescope-trace-drip")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(behaviour, certificate: certificate)
    defer { peer.stop() }
    return try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", timeout])
  }

  func testAGreetingDrippedWithinTheTimeoutIsAnswered() throws {
    let run = try trace(
      .dripGreeting(interval: 0.1, text: "220 mx.test ESMTP dripped\r\n", octets: 3),
      timeout: "10")
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    XCTAssertTrue(run.stdout.contains("< 220 mx.test ESMTP dripped\n"), run.stdout)
    XCTAssertTrue(run.stdout.contains("result: TLS TLSv1."), run.stdout)
    XCTAssertFalse(run.stdout.contains("SMTP_REPLY_INCOMPLETE"), run.stdout)
  }

  /// One octet every 0.3 s of a greeting far longer than the 2 s the wait may last: the trace
  /// ends with SMTP_REPLY_INCOMPLETE and says how many octets came and how the reply began.
  func testAGreetingStillArrivingAtTheTimeoutIsIncompleteNotSilent() throws {
    let run = try trace(.dripGreeting(interval: 0.3, octets: 1), timeout: "2")
    XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
    XCTAssertFalse(run.stdout.contains("no answer"), run.stdout)
    let pattern =
      #"! the greeting: a reply began but was not complete within 2 s \(([0-9]+) octets? arrived,"#
      + #" starting "(220[^"]*)"\)"#
    let regex = try NSRegularExpression(pattern: pattern)
    let range = NSRange(run.stdout.startIndex..., in: run.stdout)
    let match = try XCTUnwrap(regex.firstMatch(in: run.stdout, range: range), run.stdout)
    let octets = Int(run.stdout[Range(match.range(at: 1), in: run.stdout)!]) ?? 0
    let start = String(run.stdout[Range(match.range(at: 2), in: run.stdout)!])
    // Some of the greeting came, not all of it, and the start shown is what was sent.
    XCTAssertGreaterThan(octets, 0)
    XCTAssertLessThan(octets, HostilePeer.slowGreeting.utf8.count)
    XCTAssertEqual(start, String(HostilePeer.slowGreeting.prefix(min(octets, 64))))
    XCTAssertTrue(run.stdout.contains("error SMTP_REPLY_INCOMPLETE: "), run.stdout)
    XCTAssertTrue(
      run.stdout.contains("result: failed during the greeting (a reply began but was not"),
      run.stdout)
  }
}
