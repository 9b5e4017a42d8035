import Foundation
import XCTest

@testable import ValidationCore

/// Bad configurations fail at construction, naming the file (and the line when libunbound gives
/// one), and nothing libunbound says reaches the terminal.
final class ResolverConfigurationErrorTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "resolver-config" }

  func configurationError(
    _ configuration: ResolverConfiguration, file: StaticString = #filePath, line: UInt = #line
  ) -> ResolverConfigurationError? {
    do {
      _ = try UnboundResolver(configuration)
      XCTFail("the configuration was accepted", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  func testMissingConfigurationFileIsNamed() {
    let path = folder.appendingPathComponent("nowhere.conf").path
    let error = configurationError(.custom(configFile: path))
    XCTAssertEqual(error?.kind, .missingFile)
    XCTAssertEqual(error?.file, path)
    XCTAssertEqual(error?.description, "\(path): resolver configuration not found")
  }

  func testSyntaxErrorNamesFileAndLine() throws {
    let path = try write("bad.conf", "server:\n  verbosity: 1\n  no-such-option: yes\n")
    let error = configurationError(.custom(configFile: path))
    XCTAssertEqual(error?.kind, .syntax)
    XCTAssertEqual(error?.file, path)
    XCTAssertEqual(error?.line, 3)
    XCTAssertTrue(
      error?.message.contains("no-such-option") ?? false, "\(String(describing: error))")
  }

  func testTrustAnchorFileInsideConfigurationThatIsMissing() throws {
    let anchor = folder.appendingPathComponent("absent.key").path
    let path = try write("anchor.conf", "server:\n  trust-anchor-file: \"\(anchor)\"\n")
    let error = configurationError(.custom(configFile: path))
    XCTAssertEqual(error?.kind, .rejected)
    XCTAssertTrue(error?.description.contains(anchor) ?? false, "\(String(describing: error))")
  }

  func testUnreadableTrustAnchorNamesFileAndLine() throws {
    let anchor = try write("garbage.ds", ". IN DS 20326 8 2 E06D\nthis is not a record\n")
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: anchor))
    XCTAssertEqual(error?.file, anchor)
    XCTAssertEqual(error?.line, 2)
    XCTAssertEqual(
      error?.description, "\(anchor):2: parse error: Syntax error, could not parse the RR's type")
  }

  func testTrustAnchorErrorOnTheLastLineWithoutNewline() throws {
    let anchor = try write("last.ds", "; comment\n. IN DS 20326 8 2 E06D44B8\nbad here")
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: anchor))
    XCTAssertEqual(error?.file, anchor)
    XCTAssertEqual(error?.line, 3)
  }

  func testMissingTrustAnchorFileIsNamed() throws {
    let anchor = folder.appendingPathComponent("missing.ds").path
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: anchor))
    XCTAssertEqual(error?.kind, .missingFile)
    XCTAssertEqual(error?.file, anchor)
  }

  func testInProcessZoneFileMissingOrBroken() throws {
    let missing = folder.appendingPathComponent("gone.zone").path
    let first = configurationError(
      .inProcess(
        zones: [InProcessZone(name: try DNSName("lab."), zoneFile: missing)], trustAnchors: []))
    XCTAssertEqual(first?.kind, .missingFile)
    XCTAssertEqual(first?.file, missing)

    let broken = try write("broken.zone", "$TTL 300\nlab. IN SOA this is not an soa\n")
    let second = configurationError(
      .inProcess(
        zones: [InProcessZone(name: try DNSName("lab."), zoneFile: broken)], trustAnchors: []))
    XCTAssertTrue(second?.description.contains(broken) ?? false, "\(String(describing: second))")
  }

  /// libunbound's zone parser writes `FILE LINE:COLUMN: …` and counts the bad record's newline:
  /// the error names the file and the line of the bad record, as every other error does.
  func testZoneFileErrorNamesFileAndTheBadLine() throws {
    let zone = try write(
      "bad.zone",
      "$ORIGIN lab.\n$TTL 3600\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN NS ns\n"
        + "ns IN A 127.0.0.1\nbad IN A 999.1.1.1\nafter IN A 127.0.0.2\n")
    let error = configurationError(
      .inProcess(zones: [InProcessZone(name: try DNSName("lab."), zoneFile: zone)], trustAnchors: []))
    XCTAssertEqual(error?.file, zone)
    XCTAssertEqual(error?.line, 6)
    XCTAssertTrue(error?.description.hasPrefix("\(zone):6: ") ?? false, "\(String(describing: error))")
  }

  func testBadTrustAnchorRecordIsRejected() throws {
    let zone = try write(
      "lab.zone", "$TTL 300\nlab. IN SOA ns.lab. h.lab. 1 2 3 4 5\nlab. IN NS ns.lab.\n")
    let error = configurationError(
      .inProcess(
        zones: [InProcessZone(name: try DNSName("lab."), zoneFile: zone)],
        trustAnchors: ["lab. IN DS not-a-number"]))
    XCTAssertNotNil(error)
    XCTAssertTrue(
      error?.description.contains("lab. IN DS not-a-number") ?? false,
      "\(String(describing: error))")
  }

  func testZeroTimeoutIsRefused() throws {
    XCTAssertThrowsError(try UnboundResolver(.custom(configFile: "/dev/null"), timeout: .zero)) {
      XCTAssertEqual(($0 as? ResolverConfigurationError)?.kind, .badValue)
    }
  }

  func testUnwritableLogFileIsNamed() throws {
    let path = folder.appendingPathComponent("no/such/folder/unbound.log").path
    let zone = try write(
      "lab.zone", "$TTL 300\nlab. IN SOA ns.lab. h.lab. 1 2 3 4 5\nlab. IN NS ns.lab.\n")
    XCTAssertThrowsError(
      try UnboundResolver(
        .inProcess(
          zones: [InProcessZone(name: try DNSName("lab."), zoneFile: zone)], trustAnchors: []),
        logFile: path)
    ) {
      XCTAssertEqual(($0 as? ResolverConfigurationError)?.file, path)
    }
  }

  /// Everything above, again, with file descriptor 2 pointed at a file: libunbound must have
  /// written nothing there.
  func testNothingReachesStandardError() throws {
    let captured = folder.appendingPathComponent("stderr.txt")
    XCTAssertTrue(FileManager.default.createFile(atPath: captured.path, contents: nil))
    let handle = try FileHandle(forWritingTo: captured)
    fflush(nil)
    let saved = dup(STDERR_FILENO)
    dup2(handle.fileDescriptor, STDERR_FILENO)
    let bad = try write("stderr-bad.conf", "server:\n  what-is-this: 1\n")
    _ = try? UnboundResolver(.custom(configFile: bad))
    let anchor = try write("stderr-garbage.ds", "garbage\n")
    _ = try? UnboundResolver(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: anchor))
    fflush(nil)
    dup2(saved, STDERR_FILENO)
    close(saved)
    try handle.close()
    XCTAssertEqual(try String(contentsOf: captured, encoding: .utf8), "")
  }
}
