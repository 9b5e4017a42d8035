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

  /// Each refused `--tlsa-record` says exactly what is wrong with it, where in the text, and
  /// which argument it is.
  func testARefusedTLSARecordSaysWhatIsWrong() throws {
    let digest = String(repeating: "ab", count: 32)
    let cases: [(record: String, problem: String)] = [
      ("3 1 1", "4 fields expected (usage selector matching-type data), got 3"),
      ("+3 1 1 \(digest)", "the usage '+3' is not a number from 0 to 255 (decimal digits only)"),
      ("3 1 256 \(digest)",
       "the matching type '256' is not a number from 0 to 255 (decimal digits only)"),
      ("3 1 1 \(digest)a", "the data has 65 hex digits, an odd number (each octet is two digits)"),
      ("3 1 1 abgd", "'g' at character 9 is not a hex digit"),
      ("3 1 1 \(digest) extra",
       "field 5 'extra' is not hex: 'x' at character 73 is not a hex digit (the fields after the"
         + " matching type are all data, which may be split by white space as in a zone file)"),
      ("3 1 1 \(digest.dropLast(2))",
       "matching type SHA2-256(1) needs 32 octets (64 hex digits), the data has 31 (62 hex"
         + " digits)"),
      ("3 1 2 \(digest) \(digest.prefix(2))",
       "matching type SHA2-512(2) needs 64 octets (128 hex digits), the data has 33 (66 hex"
         + " digits in 2 parts)"),
      ("3 2 1 \(digest)", "selector 2 is neither 0 (Cert) nor 1 (SPKI)"),
      ("3 1 3 \(digest)", "matching type 3 is not 0 (Full), 1 (SHA2-256) or 2 (SHA2-512)"),
      ("0 1 1 \(digest)", "usage 0 is not usable for SMTP (only 2 and 3 are, RFC 7672 §3.1.3)"),
    ]
    for (record, problem) in cases {
      let run = try DanescopeBinary.run([
        "trace", "127.0.0.1:9", "--tlsa-name", "mx.example", "--timeout", "1", "--tlsa-record",
        record,
      ])
      XCTAssertEqual(run.status, 2, record + ": " + run.stdout + run.stderr)
      XCTAssertEqual(run.stdout, "", record)
      XCTAssertEqual(
        run.stderr,
        "danescope: --tlsa-record '\(record)': \(problem) (argument 7)\nTry 'danescope --help'.\n")
    }
  }

  /// Fields separated by tabs and runs of spaces, and data split in two as `dig` prints a
  /// digest (56 digits, then 8), are the record: it verifies the server's key, whose digest
  /// comes from openssl.
  func testATLSARecordWithTabsAndSplitDataVerifies() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.split.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let record = "3\t1  \t1 \(hex.prefix(56))\t\(hex.dropFirst(56))"
    let run = try DanescopeBinary.run([
      "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.split.test", "--tlsa-record", record,
      "--timeout", "5",
    ])
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    XCTAssertTrue(
      run.stdout.contains("DANE verified by 3 1 1 \(hex) at depth 0"), run.stdout + run.stderr)
  }

  /// `tlsa` takes its certificate from one place; the argument that is one too many is named,
  /// and none when nothing was given.
  func testTLSASourceErrorsNameTheSurplusArgument() throws {
    let cases: [(arguments: [String], message: String)] = [
      (["tlsa"], "tlsa needs one CERT.pem or --from HOST[:PORT]"),
      (["tlsa", "a.pem", "--from", "127.0.0.1:9"],
       "'a.pem' and --from both give the certificate: give either CERT.pem or --from"
         + " HOST[:PORT], not both (argument 3)"),
      (["tlsa", "--from", "127.0.0.1:9", "a.pem"],
       "'a.pem' and --from both give the certificate: give either CERT.pem or --from"
         + " HOST[:PORT], not both (argument 4)"),
      (["tlsa", "--usage", "2", "a.pem", "b.pem"], "tlsa takes one CERT.pem, got 2 (argument 5)"),
      (["trace", "127.0.0.1:9", "127.0.0.2:9"],
       "trace needs exactly one HOST[:PORT], got 2 (argument 3)"),
      (["trace"], "trace needs exactly one HOST[:PORT], got 0"),
    ]
    for (arguments, message) in cases {
      let run = try DanescopeBinary.run(arguments)
      XCTAssertEqual(run.status, 2, "\(arguments): " + run.stdout + run.stderr)
      XCTAssertEqual(run.stdout, "", "\(arguments)")
      XCTAssertEqual(run.stderr, "danescope: \(message)\nTry 'danescope --help'.\n")
    }
  }
}
