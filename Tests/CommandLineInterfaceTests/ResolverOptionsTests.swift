import CommandLineInterface
import ValidationCore
import XCTest

/// The resolver options become one configuration; contradictions are usage errors.
final class ResolverOptionsTests: XCTestCase {
  func options(_ arguments: [String]) throws -> ResolverOptions {
    try ResolverOptions.parse(ArgumentParser.parse(arguments))
  }

  func usageError(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line)
    -> String?
  {
    do {
      let parsed = try options(arguments)
      XCTFail("accepted: \(parsed)", file: file, line: line)
      return nil
    } catch let error as UsageError {
      return error.message
    } catch {
      XCTFail("unexpected \(error)", file: file, line: line)
      return nil
    }
  }

  func testDefaultIsTheSystemResolverWithTenSeconds() throws {
    let parsed = try options(["check", "example.com"])
    XCTAssertEqual(parsed.configuration, .system(recursive: false))
    XCTAssertEqual(parsed.timeout, .seconds(10))
    XCTAssertNil(parsed.logFile)
  }

  func testRecursiveTimeoutAndLogFile() throws {
    let parsed = try options(["--recursive", "--timeout", "2.5", "--log-file=/var/tmp/d.log"])
    XCTAssertEqual(parsed.configuration, .system(recursive: true))
    XCTAssertEqual(parsed.timeout, .milliseconds(2500))
    XCTAssertEqual(parsed.logFile, "/var/tmp/d.log")
  }

  func testForwardersWithTrustAnchor() throws {
    let parsed = try options([
      "--forwarder", "127.0.0.1@5353", "--forwarder", "::1", "--trust-anchor", "lab.ds",
    ])
    XCTAssertEqual(
      parsed.configuration,
      .forwarders(
        [try ForwarderAddress(host: "127.0.0.1", port: 5353), try ForwarderAddress(host: "::1")],
        trustAnchorFile: "lab.ds"))
  }

  func testResolverConf() throws {
    XCTAssertEqual(
      try options(["--resolver-conf", "my.conf"]).configuration, .custom(configFile: "my.conf"))
  }

  func testContradictionsAreUsageErrors() {
    XCTAssertEqual(
      usageError(["--resolver-conf", "a.conf", "--forwarder", "127.0.0.1"]),
      "--resolver-conf cannot be combined with --forwarder: put it in the unbound.conf instead")
    XCTAssertEqual(
      usageError(["--resolver-conf", "a.conf", "--recursive"]),
      "--resolver-conf cannot be combined with --recursive: put it in the unbound.conf instead")
    XCTAssertEqual(
      usageError(["--forwarder", "127.0.0.1", "--recursive"]),
      "--recursive cannot be combined with --forwarder: choose one upstream")
    XCTAssertEqual(
      usageError(["--trust-anchor", "x.ds"]),
      "--trust-anchor needs --forwarder (or put trust-anchor-file in a --resolver-conf file)")
  }

  func testBadValuesAreUsageErrors() {
    XCTAssertEqual(
      usageError(["--forwarder", "dns.example"]),
      "--forwarder: 'dns.example' is not an IP address (expected ADDR or ADDR@PORT, e.g. 127.0.0.1@5353)"
    )
    XCTAssertEqual(
      usageError(["--forwarder", "127.0.0.1@70000"]),
      "--forwarder: '70000' is not a port number (1-65535)")
    XCTAssertEqual(
      usageError(["--timeout", "soon"]),
      "--timeout: 'soon' is not a positive number of seconds (decimal digits, such as 10 or 2.5)")
    XCTAssertEqual(
      usageError(["--timeout", "0"]),
      "--timeout: '0' is not a positive number of seconds (decimal digits, such as 10 or 2.5)")
    XCTAssertEqual(
      usageError(["--timeout", "3601"]), "--timeout: 3601 s is too long (at most 300 s)")
    XCTAssertEqual(
      usageError(["--timeout", "0.0000001"]), "--timeout: 0.0000001 s is too short (at least 0.001 s)")
    XCTAssertNoThrow(try options(["--timeout", "0.001"]))
    XCTAssertEqual(usageError(["--resolver-conf", ""]), "--resolver-conf needs a file name")
  }

  /// The argument a refused command line's usage error points at (fails if it is accepted).
  private func position(
    _ arguments: [String], file: StaticString = #filePath, line: UInt = #line
  ) -> Int? {
    do {
      _ = try options(arguments)
      XCTFail("accepted: \(arguments)", file: file, line: line)
      return nil
    } catch {
      return (error as? UsageError)?.argumentIndex
    }
  }

  /// An option's bad value is pointed at where its option was typed, also for the second of two
  /// --forwarder options and for `--name=value`.
  func testBadValuesNameTheirArgument() throws {
    XCTAssertEqual(position(["check", "a.example", "--timeout", "soon"]), 3)
    XCTAssertEqual(position(["check", "--timeout=0", "a.example"]), 2)
    XCTAssertEqual(
      position(["check", "--forwarder", "127.0.0.1", "--forwarder", "127.0.0.1@70000"]), 4)
  }

  /// The options whose presence or value contradicts another are pointed at too (the User Guide:
  /// usage errors name the argument or the option whose value is wrong).
  func testContradictionsAndEmptyNamesNameTheirArgument() throws {
    XCTAssertEqual(position(["chain", "x.example", "--trust-anchor", "F"]), 3)
    XCTAssertEqual(position(["chain", "--forwarder", "::1", "--trust-anchor="]), 4)
    XCTAssertEqual(position(["check", "a.example", "--resolver-conf", ""]), 3)
    XCTAssertEqual(
      position(["check", "--resolver-conf", "a.conf", "a.example", "--forwarder", "::1"]), 5)
    XCTAssertEqual(position(["check", "a.example", "--log-file", ""]), 3)
    XCTAssertEqual(position(["check", "--resolver-conf", "a.conf", "a.example", "--recursive"]), 5)
    XCTAssertEqual(position(["check", "--recursive", "--forwarder", "::1", "a.example"]), 2)
  }

  /// A log file that cannot be used is the --log-file option's problem, not the resolvers': a
  /// usage error, which points at the help as every usage error does.
  func testAnUnusableLogFileNamesTheOption() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "danescope-log-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("log").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    final class Lines: @unchecked Sendable { var errors: [String] = [] }
    let lines = Lines()
    let output = TextOutput(out: { _ in }, err: { lines.errors.append($0) })
    XCTAssertNil(
      ResolverOptions.makeResolver(
        try ArgumentParser.parse(["chain", "--log-file", fifo, "--recursive"]), output: output))
    XCTAssertEqual(
      lines.errors,
      [
        "danescope: --log-file \(fifo): cannot open the log file for writing: it is a FIFO"
          + " (argument 2)",
        "Try 'danescope --help'.",
      ])
  }

  func testCheckPointsAtABadPort() async {
    final class Lines: @unchecked Sendable {
      let lock = NSLock()
      var errors: [String] = []
    }
    let lines = Lines()
    let output = TextOutput(
      out: { _ in }, err: { text in lines.lock.withLock { lines.errors.append(text) } })
    let status = await Danescope.run(["check", "a.example", "--port", "0"], output: output)
    XCTAssertEqual(status, .usage)
    XCTAssertEqual(
      lines.errors.first, "danescope: --port '0' is not a port number (1-65535) (argument 3)")
  }

  func testMissingConfigurationFileIsNamedWhenTheResolverIsBuilt() throws {
    let parsed = try options(["--resolver-conf", "/nonexistent/danescope/unbound.conf"])
    XCTAssertThrowsError(try parsed.makeResolver()) { error in
      guard let error = error as? ResolverConfigurationError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(
        ResolverOptions.describe(error),
        "danescope: resolver configuration: /nonexistent/danescope/unbound.conf: resolver configuration not found"
      )
    }
  }

  func testCommandsGetTheErrorPrintedAndNoResolver() throws {
    final class Lines: @unchecked Sendable { var errors: [String] = [] }
    let lines = Lines()
    let output = TextOutput(out: { _ in }, err: { lines.errors.append($0) })
    XCTAssertNil(
      ResolverOptions.makeResolver(
        try ArgumentParser.parse(["--forwarder", "x", "check", "example.com"]), output: output))
    XCTAssertEqual(
      lines.errors,
      [
        "danescope: --forwarder: 'x' is not an IP address (expected ADDR or ADDR@PORT, e.g. 127.0.0.1@5353) (argument 1)",
        "Try 'danescope --help'.",
      ])
    lines.errors = []
    XCTAssertNil(
      ResolverOptions.makeResolver(
        try ArgumentParser.parse(["--resolver-conf", "/nonexistent/u.conf"]), output: output))
    XCTAssertEqual(
      lines.errors,
      ["danescope: resolver configuration: /nonexistent/u.conf: resolver configuration not found"])
  }
}
