import Foundation
import XCTest

/// An option the command does not read is a usage error (exit 2) that names the option, the
/// command and the argument, before anything starts: never accepted and silently ignored.
final class OptionApplicabilityTests: XCTestCase {
  private func assertRefused(
    _ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let result = try DanescopeBinary.run(arguments, timeout: 60)
    XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)", file: file, line: line)
    XCTAssertEqual(result.stdout, "", "\(arguments)", file: file, line: line)
    XCTAssertEqual(
      result.stderr.split(separator: "\n").first.map(String.init), "danescope: " + message,
      "\(arguments)", file: file, line: line)
  }

  func testLabRefusesThePortAndEveryUpstreamOption() throws {
    let port = "\(try FreePort.next())"
    try assertRefused(
      ["check", "--lab", "ee-valid", "--port", "2525"],
      "--port does not apply to check --lab (the lab's servers have their own ports) (argument 4)")
    let ownZones = "(the lab answers from its own zones, with its own trust anchor)"
    try assertRefused(
      ["check", "--lab", "ee-valid", "--forwarder", "127.0.0.1@\(port)"],
      "--forwarder does not apply to check --lab \(ownZones) (argument 4)")
    try assertRefused(
      ["chain", "--lab", "ee-valid", "--recursive"],
      "--recursive does not apply to chain --lab \(ownZones) (argument 4)")
    try assertRefused(
      ["--resolver-conf", "/nonexistent.conf", "--lab"],
      "--resolver-conf does not apply to the console with --lab \(ownZones) (argument 1)")
  }

  func testOptionsOfOtherCommandsAreRefused() throws {
    try assertRefused(
      ["check", "--lab", "ee-valid", "--ascii"], "--ascii does not apply to check (argument 4)")
    try assertRefused(
      ["check", "--lab", "ee-valid", "--tlsa-name", "x.example"],
      "--tlsa-name does not apply to check (argument 4)")
    // Not port 25 of some address: trace has no lab, and says so.
    try assertRefused(
      ["trace", "--lab", "127.0.0.1:\(try FreePort.next())"],
      "--lab does not apply to trace (argument 2)")
    try assertRefused(["lab", "list", "--json"], "--json does not apply to lab list (argument 3)")
    try assertRefused(["--lab", "--json"], "--json does not apply to the console (argument 2)")
  }

  /// `--ascii` only changes how chain's text tree is drawn: beside `--json` it would be
  /// accepted and ignored, so it is refused, at its own argument, whichever comes first.
  func testTextOnlyOptionsAreRefusedWithJSON() throws {
    let message = "--ascii does not apply to chain --json (it changes only how the text tree is"
      + " drawn, and JSON is not drawn)"
    try assertRefused(
      ["chain", "--lab", "ee-valid", "MX", "--json", "--ascii"], message + " (argument 6)")
    try assertRefused(
      ["chain", "--ascii", "--lab", "ee-valid", "MX", "--json"], message + " (argument 2)")
    try assertRefused(["chain", "--ascii", "--json", "x.example"], message + " (argument 2)")
  }

  /// `tlsa CERT.pem` reads a file and waits for no server: `--timeout` would change nothing.
  func testTLSATimeoutWithoutFromIsRefused() throws {
    let folder = try TemporaryDirectory("danescope-options")
    let certificate = try folder.write("leaf.pem", "not read: the options are checked first\n")
    try assertRefused(
      ["tlsa", certificate.path, "--timeout", "5"],
      "--timeout applies to tlsa only with --from (reading CERT.pem waits for no server)"
        + " (argument 3)")
  }

  /// trace makes a resolver only to look TLSA up for a name: otherwise the resolver options
  /// would change nothing, and saying so beats ignoring them. Errors point at the argument.
  func testTraceRefusesResolverOptionsItWouldNotUse() throws {
    let port = "\(try FreePort.next())"
    try assertRefused(
      ["trace", "127.0.0.1:\(port)", "--forwarder", "127.0.0.1@\(port)"],
      "--forwarder has no effect here: trace looks TLSA up only for a name (HOST a name, or"
        + " --tlsa-name) (argument 3)")
    try assertRefused(
      [
        "trace", "127.0.0.1:\(port)", "--tlsa-name", "mx.example", "--tlsa-record",
        "3 1 1 " + String(repeating: "ab", count: 32), "--recursive",
      ],
      "--recursive has no effect here: trace does not look TLSA up when --tlsa-record gives the"
        + " records (argument 7)")
    try assertRefused(
      [
        "trace", "127.0.0.1:\(port)", "--tlsa-record",
        "3 1 1 " + String(repeating: "ab", count: 32),
      ],
      "--tlsa-record needs --tlsa-name when HOST is an address (argument 3)")
    let legacy = try DanescopeBinary.run(["trace", "--port", port, "127.1"], timeout: 60)
    XCTAssertEqual(legacy.status, 2, legacy.stderr)
    XCTAssertTrue(legacy.stderr.contains("(argument 4)"), legacy.stderr)
  }

  /// `--log-file` holds libunbound's log only, so where trace makes no resolver it would be
  /// accepted and ignored: it is refused as the other resolver options are, and no file is made.
  func testTraceRefusesALogFileWhereItMakesNoResolver() throws {
    let port = "\(try FreePort.next())"
    let folder = try TemporaryDirectory("danescope-options")
    let log = folder.file("unbound.log")
    try assertRefused(
      ["trace", "127.0.0.1:\(port)", "--log-file", log.path],
      "--log-file has no effect here: trace looks TLSA up only for a name (HOST a name, or"
        + " --tlsa-name) (argument 3)")
    try assertRefused(
      [
        "trace", "127.0.0.1:\(port)", "--tlsa-name", "mx.example", "--tlsa-record",
        "3 1 1 " + String(repeating: "ab", count: 32), "--log-file", log.path,
      ],
      "--log-file has no effect here: trace does not look TLSA up when --tlsa-record gives the"
        + " records (argument 7)")
    // Several: the first typed is named.
    try assertRefused(
      ["trace", "127.0.0.1:\(port)", "--log-file", log.path, "--recursive"],
      "--log-file has no effect here: trace looks TLSA up only for a name (HOST a name, or"
        + " --tlsa-name) (argument 3)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: log.path))
  }

  /// `tlsa` resolves something only for `--from` with a host name: with CERT.pem or an address
  /// the resolver options would change nothing, and are refused where they were typed.
  func testTLSARefusesResolverOptionsWhereItResolvesNothing() throws {
    let folder = try TemporaryDirectory("danescope-options")
    let certificate = try folder.write("leaf.pem", "not read: the options are checked first\n")
    let port = "\(try FreePort.next())"
    try assertRefused(
      ["tlsa", certificate.path, "--forwarder", "127.0.0.1@\(port)"],
      "--forwarder has no effect here: tlsa looks something up only for --from HOST with a host"
        + " name (reading CERT.pem resolves nothing) (argument 3)")
    try assertRefused(
      ["tlsa", "--recursive", certificate.path],
      "--recursive has no effect here: tlsa looks something up only for --from HOST with a host"
        + " name (reading CERT.pem resolves nothing) (argument 2)")
    try assertRefused(
      ["tlsa", "--from", "127.0.0.1:\(port)", "--log-file", folder.file("x.log").path],
      "--log-file has no effect here: tlsa looks something up only for --from HOST with a host"
        + " name, and HOST is an address (argument 4)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.file("x.log").path))
  }

  /// What each command does read still works (a sample): the refusal is per option.
  func testOptionsACommandReadsAreAccepted() throws {
    let chain = try DanescopeBinary.run(["chain", "--lab", "ee-valid", "--ascii", "--timeout", "5"])
    XCTAssertEqual(chain.status, 0, chain.stderr)
    let export = try TemporaryDirectory("danescope-options")
    let exported = try DanescopeBinary.run(
      ["lab", "export", export.file("lab").path, "--listen", "127.0.0.1@5353"])
    XCTAssertEqual(exported.status, 0, exported.stderr)
  }
}
