import Foundation
import XCTest

@testable import ValidationCore

/// A `--resolver-conf` file's anchors are read once a run, before libunbound starts: the chain
/// engine takes that reading (Docs/Decisions.md, D-resolver-4), not a second walk made later.
final class ResolverConfAnchorReadingTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "conf-anchors" }

  static let rootDS =
    ". 3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"
  static let otherDS =
    "example. 3600 IN DS 397 13 2 f488737a557413a1a6d3c8bc933a975fdfd6111e397afbc06cb6bcd859e21e87"

  /// The anchor file is replaced after libunbound loaded it: the engine's anchors are still the
  /// ones libunbound was given, read once before it started.
  func testEngineTakesTheReadingMadeBeforeLibunboundStarted() throws {
    let anchors = try write("root.ds", Self.rootDS + "\n")
    let inline = Self.otherDS.replacingOccurrences(of: "example.", with: "example.net.")
    let conf = try write(
      "unbound.conf",
      "server:\n  trust-anchor-file: \"\(anchors)\"\n  trust-anchor: \"\(inline)\"\n")
    let resolver = try UnboundResolver(.custom(configFile: conf))
    let reading = try XCTUnwrap(resolver.resolverConfAnchors)
    XCTAssertEqual(reading.sources.map(\.file), [nil, anchors])
    XCTAssertTrue(reading.failures.isEmpty)

    _ = try write("root.ds", Self.otherDS + "\n")
    let records = try ChainTrustAnchors.records(for: resolver)
    XCTAssertEqual(records.map(\.name.description), ["example.net.", "."])
    XCTAssertEqual(records.map(\.type), [.ds, .ds])
    // Read afresh from the configuration, the file now gives another anchor.
    let fresh = try ChainTrustAnchors.records(for: .custom(configFile: conf))
    XCTAssertEqual(fresh.map(\.name.description), ["example.net.", "example."])
  }

  /// The one reading keeps what each use did with a file that could not be read: the checks
  /// before libunbound starts leave a missing file to libunbound and refuse an unreadable one;
  /// the engine refuses the first of either, in the order the configuration names them.
  func testMissingAndUnreadableFilesKeepTheirOrderForEachUse() throws {
    let missing = folder.appendingPathComponent("absent.ds").path
    let unreadable = folder.appendingPathComponent("a-folder").path
    try FileManager.default.createDirectory(atPath: unreadable, withIntermediateDirectories: true)
    let anchors = try write("root.ds", Self.rootDS + "\n")
    let conf = try write(
      "unbound.conf",
      "server:\n  trust-anchor-file: \"\(anchors)\"\n  auto-trust-anchor-file: \"\(missing)\"\n"
        + "  trust-anchor-file: \"\(unreadable)\"\n")
    let walked = try UnboundNamedFiles.read(conf, workingFolder: folder.path) { _ in }
    let reading = ResolverConfAnchors.read(walked)
    XCTAssertEqual(reading.sources.map(\.file), [anchors])
    XCTAssertEqual(reading.failures.map(\.isMissing), [true, false])
    XCTAssertEqual(reading.failures.map(\.error.line), [3, 4])
    XCTAssertThrowsError(try reading.existingSources()) { error in
      XCTAssertEqual((error as? ResolverConfigurationError)?.line, 4, "\(error)")
    }
    XCTAssertThrowsError(try reading.everySource()) { error in
      XCTAssertEqual((error as? ResolverConfigurationError)?.line, 3, "\(error)")
      XCTAssertEqual((error as? ResolverConfigurationError)?.kind, .missingFile, "\(error)")
    }
  }
}
