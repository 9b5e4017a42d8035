import Foundation
import XCTest

@testable import ValidationCore

/// The trust anchors libunbound is given are bounded as a whole (Docs/Decisions.md,
/// D-resolver-7): at most TrustAnchorBounds.maximumRecords records (a `--trust-anchor` file, or
/// a `--resolver-conf` file's anchor files and `trust-anchor:` values together, a file counted
/// once for each line that names it, as libunbound loads it that often) and
/// TrustAnchorBounds.maximumBytes octets of anchor files. Each distinct file is read once. The
/// error names the file and line where a bound was passed; nothing reaches libunbound then.
/// Every resolver here is real libunbound, built with no query (the forwarder is never asked).
final class TrustAnchorBoundTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "anchor-bounds" }

  private let maximum = TrustAnchorBounds.maximumRecords

  /// `count` DS records of the root (algorithm 8, SHA-256: records libunbound and the engine
  /// can use), each on its own line, digests made from the index.
  func rootDS(_ count: Int, startingAt first: Int = 0) -> String {
    var text = ""
    text.reserveCapacity(count * 90)
    for index in first..<(first + count) {
      let hex = String(format: "%064x", index)
      text += ". 3600 IN DS \(index % 65_536) 8 2 \(hex)\n"
    }
    return text
  }

  /// A `--resolver-conf` file naming each of `anchorFiles` on its own `trust-anchor-file:` line,
  /// in that order; the line of the n-th (from 0) is n + 2.
  func configuration(naming anchorFiles: [String]) throws -> String {
    let lines = anchorFiles.map { "  trust-anchor-file: \"\($0)\"" }
    return try write("anchors.conf", "server:\n" + lines.joined(separator: "\n") + "\n")
  }

  /// What building a resolver gives: the error, or nil when it was built. Bounded: a build
  /// that takes longer than 60 s fails the test.
  func buildError(
    _ configuration: ResolverConfiguration, file: StaticString = #filePath, line: UInt = #line
  ) -> ResolverConfigurationError? {
    let box = BuildOutcome()
    let done = DispatchSemaphore(value: 0)
    Thread {
      do {
        _ = try UnboundResolver(configuration)
      } catch {
        box.error = error as? ResolverConfigurationError
      }
      done.signal()
    }.start()
    guard done.wait(timeout: .now() + 60) == .success else {
      XCTFail("building the resolver did not finish within 60 s", file: file, line: line)
      return nil
    }
    return box.error
  }

  func forwarders(_ anchorFile: String) throws -> ResolverConfiguration {
    .forwarders([try ForwarderAddress(parsing: "127.0.0.1@1")], trustAnchorFile: anchorFile)
  }

  // MARK: A --trust-anchor file

  func testTrustAnchorFileOfTheMostRecordsIsLoaded() throws {
    let anchors = try write("most.ds", rootDS(maximum))
    XCTAssertNil(buildError(try forwarders(anchors)))
  }

  /// One record more is refused at that record's line, before libunbound loads anything (the
  /// old code handed it on, and a file of 300,000 such records ran into the 60 s wait).
  func testTrustAnchorFileOfOneRecordMoreIsRefusedAtThatRecord() throws {
    let anchors = try write("more.ds", "; the root's anchors\n" + rootDS(maximum + 1))
    let error = try XCTUnwrap(buildError(try forwarders(anchors)))
    XCTAssertEqual(error.file, anchors)
    XCTAssertEqual(error.line, maximum + 2, "the record past the bound")
    XCTAssertTrue(error.message.contains("more than \(maximum) trust anchor records"), "\(error)")
  }

  /// Records of other types count too: libunbound reads each one.
  func testRecordsOfOtherTypesCount() throws {
    let other = String(repeating: ". 3600 IN TXT \"x\"\n", count: maximum)
    let anchors = try write("mixed.ds", rootDS(1) + other)
    let error = try XCTUnwrap(buildError(try forwarders(anchors)))
    XCTAssertEqual(error.line, maximum + 1)
  }

  // MARK: The anchors of a --resolver-conf file together

  /// The tester's case, smaller: one file of 1,000 records named on eleven lines is 11,000
  /// records for libunbound. The eleventh line passes the bound and is named, with the file.
  func testOneFileNamedOnManyLinesCountsOnceForEachLine() throws {
    let anchors = try write("ta1000.ds", rootDS(1_000))
    let conf = try configuration(naming: Array(repeating: anchors, count: 11))
    let error = try XCTUnwrap(buildError(.custom(configFile: conf)))
    XCTAssertEqual(error.file, conf)
    XCTAssertEqual(error.line, 12, "the eleventh trust-anchor-file line")
    XCTAssertTrue(error.message.hasPrefix("trust-anchor-file \(anchors): "), error.message)
    XCTAssertTrue(error.message.contains("to 11000"), error.message)
  }

  /// Ten lines of it are 10,000 records: within the bound, loaded.
  func testOneFileNamedOnLinesUpToTheBoundIsLoaded() throws {
    let anchors = try write("ta1000.ds", rootDS(1_000))
    let conf = try configuration(naming: Array(repeating: anchors, count: 10))
    XCTAssertNil(buildError(.custom(configFile: conf)))
  }

  /// A file whose own records pass what is left of the bound: the error names the
  /// configuration's line and the anchor file's line where the bound was passed.
  func testTheBoundIsNamedAtTheAnchorFilesOwnLine() throws {
    let first = try write("first.ds", rootDS(9_000))
    let second = try write("second.ds", rootDS(2_000, startingAt: 9_000))
    let conf = try configuration(naming: [first, second])
    let error = try XCTUnwrap(buildError(.custom(configFile: conf)))
    XCTAssertEqual(error.file, conf)
    XCTAssertEqual(error.line, 3)
    XCTAssertTrue(error.message.hasPrefix("trust-anchor-file \(second):1001: "), error.message)
  }

  /// The tester's file, 25,000 records, is refused at its record 10,001 at once, however many
  /// lines name it (the old code parsed it again for each line: 40 lines took 80 s).
  func testAHugeFileNamedOnManyLinesIsRefusedAtItsFirstLine() throws {
    let anchors = try write("ta25k.ds", rootDS(25_000))
    let conf = try configuration(naming: Array(repeating: anchors, count: 400))
    let error = try XCTUnwrap(buildError(.custom(configFile: conf)))
    XCTAssertEqual(error.line, 2)
    XCTAssertTrue(error.message.hasPrefix("trust-anchor-file \(anchors):10001: "), error.message)
  }

  /// Octets count as records do: a 2 MB file (one record and a long comment) named on nine
  /// lines passes the 16 MiB of anchor files at the ninth.
  func testOneLargeFileNamedOnManyLinesPassesTheOctetBound() throws {
    let comment = "; " + String(repeating: "x", count: 2_000_000) + "\n"
    let anchors = try write("large.ds", rootDS(1) + comment)
    let conf = try configuration(naming: Array(repeating: anchors, count: 9))
    let error = try XCTUnwrap(buildError(.custom(configFile: conf)))
    XCTAssertEqual(error.file, conf)
    XCTAssertEqual(error.line, 10, "the ninth trust-anchor-file line")
    XCTAssertTrue(error.message.contains("16 MiB"), error.message)
  }
}

/// What the building thread hands back to the test.
private final class BuildOutcome: @unchecked Sendable {
  var error: ResolverConfigurationError?
}
