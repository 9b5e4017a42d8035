import Foundation
import XCTest

/// The owner name `tlsa` prints and the TLSA base domain `tlsa` and `trace` accept. A
/// certificate's subject CN is its host name only when it has no DNS name at all (RFC 6125
/// §6.4.4); `--tlsa-name` must be a host name whose owner fits the 255 octets of RFC 1035
/// §2.3.4: `_25._tcp.NAME` for trace, `_PORT._tcp.NAME` for tlsa with a certificate file.
/// Certificates are made with the openssl command line.
final class TLSAOwnerNameTests: XCTestCase {
  var folder: TemporaryDirectory!

  override func setUpWithError() throws {
    folder = try TemporaryDirectory("danescope-tlsa-owner")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder.url)
  }

  /// A self-signed leaf with subject CN `mx.example` and the given subjectAltName extension
  /// (nil: none), as openssl writes it.
  private func certificate(_ name: String, subjectAltName: String?) throws -> URL {
    let file = folder.file(name + ".pem")
    var arguments = [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", folder.file(name + ".key").path, "-out", file.path, "-days", "2",
      "-subj", "/CN=mx.example",
    ]
    if let subjectAltName { arguments += ["-addext", "subjectAltName=" + subjectAltName] }
    try TestProcess.check("openssl", arguments)
    return file
  }

  func testCommonNameIsUsedOnlyWithoutDNSNames() throws {
    let plain = try DanescopeBinary.run(["tlsa", try certificate("cn", subjectAltName: nil).path])
    XCTAssertEqual(plain.status, 0, plain.stderr)
    XCTAssertTrue(plain.stdout.hasPrefix("_25._tcp.mx.example. IN TLSA 3 1 1 "), plain.stdout)

    let named = try DanescopeBinary.run([
      "tlsa", try certificate("san", subjectAltName: "DNS:*.example,DNS:smtp.example").path,
    ])
    XCTAssertEqual(named.status, 0, named.stderr)
    XCTAssertTrue(named.stdout.hasPrefix("_25._tcp.smtp.example. IN TLSA 3 1 1 "), named.stdout)
  }

  func testDNSNamesWithNoHostNameAreRefusedInsteadOfTheCommonName() throws {
    // DNS names none of which is a host name: a wildcard, a partial wildcard, a space, a
    // control character, and (encoded by hand: openssl's text form cannot hold it) a NUL.
    let cases = [
      ("wildcard", "DNS:*.example"),
      ("partial", "DNS:mx*.example"),
      ("space", "DNS:mx example"),
      ("control", "DNS:mx\u{1}.example"),
      ("nul", "DER:300D820B6D78002E6578616D706C65"),
    ]
    for (name, subjectAltName) in cases {
      let file = try certificate(name, subjectAltName: subjectAltName)
      let result = try DanescopeBinary.run(["tlsa", file.path])
      XCTAssertEqual(result.status, 2, "\(name): \(result.stdout)")
      XCTAssertEqual(result.stdout, "", name)
      XCTAssertTrue(
        result.stderr.contains("the certificate names no usable host; give --tlsa-name NAME"),
        "\(name): \(result.stderr)")
      let given = try DanescopeBinary.run(["tlsa", file.path, "--tlsa-name", "mx.example"])
      XCTAssertEqual(given.status, 0, "\(name): \(given.stderr)")
      XCTAssertTrue(given.stdout.hasPrefix("_25._tcp.mx.example. IN TLSA"), given.stdout)
    }
  }

  /// Names compare without case (RFC 4343): the owner is printed in canonical form, lower case
  /// (RFC 4034 §6.2), as `check` writes TLSA owners, whatever case `--tlsa-name` or the
  /// certificate's DNS name has. The record itself does not depend on it.
  func testTheOwnerIsPrintedInLowerCase() throws {
    let file = try certificate("cn", subjectAltName: nil)
    let typed = try DanescopeBinary.run(
      ["tlsa", file.path, "--tlsa-name", "Foo.Example", "--port", "465"])
    XCTAssertEqual(typed.status, 0, typed.stderr)
    XCTAssertTrue(typed.stdout.hasPrefix("_465._tcp.foo.example. IN TLSA 3 1 1 "), typed.stdout)
    let lower = try DanescopeBinary.run(
      ["tlsa", file.path, "--tlsa-name", "foo.example", "--port", "465"])
    XCTAssertEqual(typed.stdout, lower.stdout)

    let named = try DanescopeBinary.run([
      "tlsa", try certificate("upper", subjectAltName: "DNS:SMTP.Example").path,
    ])
    XCTAssertEqual(named.status, 0, named.stderr)
    XCTAssertTrue(named.stdout.hasPrefix("_25._tcp.smtp.example. IN TLSA 3 1 1 "), named.stdout)
  }

  func testTLSANameMustBeAHostNameWhoseOwnerFits() throws {
    let file = try certificate("cn", subjectAltName: nil)
    // 3 labels of 63 octets and one of 50: 244 octets in wire form, a valid name; `_25._tcp.`
    // adds 9 more (253, fits) and `_65535._tcp.` 12 (256, does not). `longer` is 250 octets,
    // past 255 with either port used here (25 for tlsa; 25 for trace too, which looks TLSA up
    // at _25._tcp whatever port it connects to).
    let long =
      [String](repeating: String(repeating: "a", count: 63), count: 3).joined(
        separator: ".") + "." + String(repeating: "b", count: 50)
    let longer = "ccccc." + long
    let cases: [(name: String, problem: String)] = [
      ("*.example", "a wildcard '*' (a host name is one name, not a pattern)"),
      ("mx example", "a space"),
      ("\u{FF4D}\u{FF58}.example", "non-ASCII"),
      ("_25._tcp.mx.example", "give the host name without '_25._tcp.'; danescope adds '_25._tcp.'"),
      ("_2525._tcp.mx.example", "without '_2525._tcp.'; danescope adds '_25._tcp.'"),
      ("_srv.mx.example", "label 1 has an underscore"),
      (longer, "._tcp.NAME would be 25"),
    ]
    for (name, problem) in cases {
      let record = "3 1 1 " + String(repeating: "00", count: 32)
      for command in [["tlsa", file.path], ["trace", "127.0.0.1:2525", "--tlsa-record", record]] {
        let result = try DanescopeBinary.run(command + ["--tlsa-name", name])
        XCTAssertEqual(result.status, 2, "\(command[0]) \(name): \(result.stdout)")
        XCTAssertTrue(
          result.stderr.contains("--tlsa-name '") && result.stderr.contains("is not a host name"),
          "\(command[0]) \(name): \(result.stderr)")
        XCTAssertTrue(result.stderr.contains(problem), "\(command[0]) \(name): \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("(argument "), result.stderr)
      }
    }
    // The long name itself fits with port 25, not with port 65535.
    let fits = try DanescopeBinary.run(["tlsa", file.path, "--tlsa-name", long])
    XCTAssertEqual(fits.status, 0, fits.stderr)
    XCTAssertTrue(fits.stdout.hasPrefix("_25._tcp.\(long). IN TLSA"), fits.stdout)
    let tooLong = try DanescopeBinary.run(
      ["tlsa", file.path, "--tlsa-name", long, "--port", "65535"])
    XCTAssertEqual(tooLong.status, 2, tooLong.stdout)
    XCTAssertTrue(
      tooLong.stderr.contains("_65535._tcp.NAME would be 256 octets in wire form"), tooLong.stderr)
  }

  /// trace (and tlsa --from) look TLSA up at `_25._tcp.NAME` whatever port they connect to
  /// (RFC 7672 §2.2.3), so the owner whose length counts is that one: a name that fits there is
  /// taken with HOST:65535, where `_65535._tcp.NAME` would not fit.
  func testTraceJudgesTheOwnerItLooksUpNotThePortItConnectsTo() throws {
    let long =
      [String](repeating: String(repeating: "a", count: 63), count: 3).joined(
        separator: ".") + "." + String(repeating: "b", count: 50)
    let listener = try FreePort.next()
    let record = "3 1 1 " + String(repeating: "00", count: 32)
    // Nothing listens on the free loopback port: the trace is refused a connection (exit 1,
    // SMTP_UNREACHABLE) after the name was accepted.
    let result = try DanescopeBinary.run([
      "trace", "127.0.0.1:\(listener)", "--tlsa-name", long, "--tlsa-record", record,
      "--timeout", "2",
    ])
    XCTAssertFalse(result.stderr.contains("is not a host name"), result.stderr)
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stdout.contains("connecting to 127.0.0.1 port \(listener)"), result.stdout)
    let tooLong = try DanescopeBinary.run([
      "tlsa", try certificate("cn", subjectAltName: nil).path, "--tlsa-name", long, "--port",
      "\(listener)",
    ])
    // A five-digit port (every ephemeral one) makes `_PORT._tcp.` 12 octets: 256 in all.
    XCTAssertGreaterThanOrEqual(listener, 10000)
    XCTAssertEqual(tooLong.status, 2, tooLong.stdout)
    XCTAssertTrue(tooLong.stderr.contains("would be 256 octets"), tooLong.stderr)
  }

  /// `trace HOST` with no --tlsa-name takes HOST as the base domain, under the same rules. Run in
  /// a namespace of its own: were the name let through, it would be looked up, and nothing may
  /// leave loopback.
  func testAHostNameUsedAsTheBaseDomainFollowsTheSameRules() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let long =
      [String](repeating: String(repeating: "a", count: 63), count: 3).joined(
        separator: ".") + ".ccccc." + String(repeating: "b", count: 50)
    for (host, problem) in [
      ("_25._tcp.mx.example", "give the host name without '_25._tcp.'"),
      (long, "._tcp.NAME would be 25"),
    ] {
      let result = try namespace.run(
        DanescopeBinary.url.path, ["trace", "\(host):2525", "--timeout", "2"], timeout: 30)
      XCTAssertEqual(result.status, 2, "\(host): \(result.stdout)")
      XCTAssertTrue(
        result.stderr.hasPrefix("danescope: HOST '\(host)' is not a host name: "), result.stderr)
      XCTAssertTrue(result.stderr.contains(problem), result.stderr)
      XCTAssertTrue(result.stderr.contains("(argument 2)"), result.stderr)
      XCTAssertEqual(result.stdout, "")
    }
  }
}
