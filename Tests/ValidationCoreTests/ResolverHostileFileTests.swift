import Foundation
import XCTest

@testable import ValidationCore

/// Paths a user might give by mistake (a device, a FIFO, a huge file, an empty trust anchor):
/// each must be refused at once, naming the file, before libunbound reads it.
final class ResolverHostileFileTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "hostile-files" }

  /// The error building a resolver gives, within a bounded wait: libunbound used to read
  /// `/dev/zero` and FIFOs forever, and a test must fail rather than hang.
  func configurationError(
    _ configuration: ResolverConfiguration, file: StaticString = #filePath, line: UInt = #line
  ) -> ResolverConfigurationError? {
    final class Box: @unchecked Sendable { var error: ResolverConfigurationError? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Thread {
      do {
        _ = try UnboundResolver(configuration)
      } catch {
        box.error = error as? ResolverConfigurationError
      }
      done.signal()
    }.start()
    guard done.wait(timeout: .now() + 20) == .success else {
      XCTFail("building the resolver did not finish within 20 s", file: file, line: line)
      return nil
    }
    XCTAssertNotNil(box.error, "the configuration was accepted", file: file, line: line)
    return box.error
  }

  func testDeviceAsConfigurationIsRefused() {
    let error = configurationError(.custom(configFile: "/dev/zero"))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(
      error?.description,
      "/dev/zero: resolver configuration cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testFIFOAsTrustAnchorIsRefused() throws {
    let path = folder.appendingPathComponent("anchor.fifo").path
    XCTAssertEqual(mkfifo(path, 0o600), 0)
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: path))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(error?.file, path)
  }

  func testFolderIsNamedAsAFolder() {
    let error = configurationError(.custom(configFile: folder.path))
    XCTAssertEqual(
      error?.description, "\(folder.path): resolver configuration cannot be read: it is a folder")
  }

  func testHugeConfigurationIsRefusedBeforeReading() throws {
    let path = folder.appendingPathComponent("huge.conf").path
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
    // Sparse: 17 MiB that take no disk space.
    XCTAssertEqual(truncate(path, off_t(17 << 20)), 0)
    let error = configurationError(.custom(configFile: path))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(
      error?.message,
      "resolver configuration is 17825792 octets, more than the 16 MiB danescope reads")
  }

  func testTrustAnchorFileWithNoRecordIsRefused() throws {
    let path = folder.appendingPathComponent("empty.ds").path
    try "; nothing here\n\n".write(toFile: path, atomically: true, encoding: .utf8)
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@53")], trustAnchorFile: path))
    XCTAssertEqual(error?.kind, .syntax)
    XCTAssertEqual(error?.description, "\(path): trust anchor file holds no DS or DNSKEY record")
  }

  /// libunbound ignores an anchor none of whose records it supports ("has no supported
  /// algorithms, the anchor is ignored") and then calls every answer insecure: such a file is
  /// refused like an empty one, naming the line. Nothing is sent: the resolver is only built.
  func testTrustAnchorFileWithOnlyUnusableRecordsIsRefusedWithItsLine() throws {
    let digest = "c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"
    let cases = [
      ("digest99.ds", ". 3600 IN DS 33007 8 99 \(digest)", "digest type"),
      ("alg200.ds", ". 3600 IN DS 33007 200 2 \(digest)", "algorithm ALG200(200)"),
    ]
    for (name, record, problem) in cases {
      let path = folder.appendingPathComponent(name).path
      try "; an anchor nobody can use\n\(record)\n".write(
        toFile: path, atomically: true, encoding: .utf8)
      let error = configurationError(
        .forwarders([try ForwarderAddress(parsing: "127.0.0.1@1")], trustAnchorFile: path))
      XCTAssertEqual(error?.kind, .badValue, name)
      XCTAssertEqual(error?.line, 2, name)
      let text = error?.description ?? ""
      XCTAssertTrue(text.hasPrefix("\(path):2: no trust anchor record for . can be used"), text)
      XCTAssertTrue(text.contains(". DS 33007: \(problem)"), text)
    }
  }

  /// One usable record is enough: libunbound validates with it (the chain engine warns about
  /// the others).
  func testTrustAnchorFileWithOneUsableRecordIsAccepted() throws {
    let digest = "c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"
    let path = folder.appendingPathComponent("mixed.ds").path
    try ". 3600 IN DS 33007 8 99 \(digest)\n. 3600 IN DS 33007 8 2 \(digest)\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    XCTAssertNoThrow(
      try UnboundResolver(
        .forwarders([try ForwarderAddress(parsing: "127.0.0.1@1")], trustAnchorFile: path)))
  }

  /// Each anchored zone needs a usable record of its own: libunbound drops the anchor for a
  /// zone with none even when another zone's anchor in the same file is usable
  /// (unbound-checkconf: "trust anchor example. has no supported algorithms").
  func testTrustAnchorFileWithOneZoneUnusableIsRefusedAtThatZonesLine() throws {
    let digest = "c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"
    let path = folder.appendingPathComponent("two-zones.ds").path
    try ". 3600 IN DS 33007 8 2 \(digest)\n\nexample. 3600 IN DNSKEY 257 3 200 AwEAAQ==\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let error = configurationError(
      .forwarders([try ForwarderAddress(parsing: "127.0.0.1@1")], trustAnchorFile: path))
    XCTAssertEqual(error?.kind, .badValue)
    XCTAssertEqual(error?.line, 3)
    let text = error?.description ?? ""
    XCTAssertTrue(
      text.hasPrefix("\(path):3: no trust anchor record for example. can be used (example. DNSKEY "),
      text)
    XCTAssertTrue(text.contains("algorithm ALG200(200) is not supported"), text)
  }

  func testDeviceNamedInsideAnIncludedConfigurationIsRefusedWithItsLine() throws {
    let inner = folder.appendingPathComponent("inner.conf").path
    try "server:\n  # the anchor\n  trust-anchor-file: \"/dev/zero\"\n"
      .write(toFile: inner, atomically: true, encoding: .utf8)
    let outer = folder.appendingPathComponent("outer.conf").path
    try "server:\n  include: \(inner)\n".write(toFile: outer, atomically: true, encoding: .utf8)
    let error = configurationError(.custom(configFile: outer))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(
      error?.description,
      "\(inner):3: /dev/zero: trust-anchor-file cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testFileReferencesAreReadFromUnboundConfLines() {
    XCTAssertEqual(
      UnboundConfLine.fileReference("  include: \"/etc/a b.conf\" # x")?.path, "/etc/a b.conf")
    XCTAssertEqual(
      UnboundConfLine.fileReference("\tzonefile: /z/example.zone")?.path, "/z/example.zone")
    XCTAssertEqual(UnboundConfLine.fileReference("root-hints: '/r.hints'")?.keyword, "root-hints")
    XCTAssertNil(UnboundConfLine.fileReference("  verbosity: 1"))
    XCTAssertNil(UnboundConfLine.fileReference("  # include: /dev/zero"))
    XCTAssertNil(UnboundConfLine.fileReference("  include: \"/unterminated"))
  }
}
