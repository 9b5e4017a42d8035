import Foundation
import XCTest

/// Every file danescope reads itself goes through the one bounded reader
/// (Sources/ValidationCore/Files/InputFile.swift; Docs/Decisions.md, D-cli-4): no source file
/// outside it reads a file whole with Foundation's unbounded calls. A grep over the sources, so
/// it catches these spellings only (a raw read(2) loop elsewhere would pass).
final class BoundedReadSourceTests: XCTestCase {
  static let unboundedReads = [
    "Data(contentsOf:", "String(contentsOf:", "String(contentsOfFile:", "NSString(contentsOf",
    ".contents(atPath:", "FileHandle(forReadingAtPath:", "FileHandle(forReadingFrom:",
    "readToEnd()",
  ]

  func testNoSourceOutsideTheBoundedReaderReadsAFileUnbounded() throws {
    // Tests/ValidationCoreTests/<this file> → the package root.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let sources = root.appendingPathComponent("Sources")
    let reader = sources.appendingPathComponent("ValidationCore/Files/InputFile.swift").path
    let readerText = try String(contentsOfFile: reader, encoding: .utf8)
    XCTAssertTrue(readerText.contains("read(descriptor"), "the bounded reader moved: \(reader)")
    let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    XCTAssertGreaterThan(files.count, 50, "the sources were not found under \(sources.path)")
    var found: [String] = []
    for file in files where !file.hasPrefix("ValidationCore/Files/") {
      let text = try String(
        contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
        for call in Self.unboundedReads where line.contains(call) {
          found.append("Sources/\(file):\(index + 1): \(call)")
        }
        // fopen for reading (a log opened to append, or fdopen of the terminal, is no read).
        if line.contains("fopen("), line.contains("\"r") {
          found.append("Sources/\(file):\(index + 1): fopen for reading")
        }
      }
    }
    XCTAssertEqual(found, [], "read these through InputFile, with the bound for their kind")
  }
}
