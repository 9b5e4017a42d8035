import Foundation
import XCTest

/// The usage errors of `trace` and `tlsa --from`: an option that would be ignored is refused
/// (Docs/UserGuide.md: "never an option accepted and ignored"), and every error names where on
/// the command line it is, as `(argument N)`, counting from the first argument after the program.
final class ProbeUsageErrorTests: XCTestCase {
  /// A well-behaved STARTTLS server sits on the port HOST:PORT names, so that a run that ignored
  /// the refusal would connect and succeed instead of failing for want of a server.
  func testAPortInHostAndPortOptionTogetherIsRefused() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.port.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let other = try FreePort.next(udpToo: false)
    let server = "127.0.0.1:\(peer.port)"
    let cases: [(arguments: [String], argument: Int)] = [
      (["trace", server, "--port", "\(other)", "--timeout", "5"], 3),
      (["trace", "--port", "\(other)", server, "--timeout", "5"], 2),
      (["tlsa", "--from", server, "--port", "\(other)", "--timeout", "5"], 4),
      (["trace", "[::1]:\(peer.port)", "--port=\(other)"], 3),
    ]
    for (arguments, argument) in cases {
      let run = try DanescopeBinary.run(arguments)
      XCTAssertEqual(run.status, 2, "\(arguments): " + run.stdout + run.stderr)
      XCTAssertEqual(run.stdout, "", "\(arguments)")
      let first = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
      XCTAssertTrue(first.contains("--port \(other)"), first)
      XCTAssertTrue(first.hasSuffix("(argument \(argument))"), first)
    }
    // Each alone is fine: the port comes from where it was given.
    let fromText = try DanescopeBinary.run(["trace", server, "--timeout", "5"])
    XCTAssertEqual(fromText.status, 0, fromText.stdout + fromText.stderr)
    XCTAssertTrue(fromText.stdout.contains("connecting to 127.0.0.1 port \(peer.port)\n"))
    let fromOption = try DanescopeBinary.run(
      ["tlsa", "--from", "127.0.0.1", "--port", "\(peer.port)", "--timeout", "5"])
    XCTAssertEqual(fromOption.status, 0, fromOption.stdout + fromOption.stderr)
    XCTAssertTrue(fromOption.stdout.hasPrefix("_25._tcp.mx.port.test. IN TLSA 3 1 1 "))
  }

  /// Every refused `--tlsa-record` (here the second one given) points at its own option.
  func testARefusedTLSARecordNamesItsArgument() throws {
    let digest = String(repeating: "ab", count: 32)
    for bad in ["3 1 1 00", "1 1 1 \(digest)", "3 1", "3 2 1 \(digest)", "3 1 1 zz"] {
      let run = try DanescopeBinary.run([
        "trace", "127.0.0.1:9", "--tlsa-name", "mx.example", "--tlsa-record", "3 1 1 \(digest)",
        "--tlsa-record", bad,
      ])
      XCTAssertEqual(run.status, 2, bad + ": " + run.stderr)
      let first = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
      XCTAssertTrue(first.hasPrefix("danescope: --tlsa-record '\(bad)': "), first)
      XCTAssertTrue(first.hasSuffix(" (argument 7)"), first)
    }
  }
}
