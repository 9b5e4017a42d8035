import Foundation
import Lab
import XCTest

/// The plain-text screens a new user reads first fit an 80-column terminal, and `lab serve`'s
/// banner says what it serves and that its folder goes away.
final class TextWidthTests: XCTestCase {
  func testHelpAndLabTextFitEightyColumns() throws {
    var outputs = [
      ("--help", try DanescopeBinary.run(["--help"])),
      ("lab list", try DanescopeBinary.run(["lab", "list"])),
    ]
    for scenario in Lab.scenarios {
      let shown = try DanescopeBinary.run(["lab", "show", scenario.name])
      outputs.append(("lab show \(scenario.name)", shown))
    }
    for (command, result) in outputs {
      XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
      for line in result.stdout.split(separator: "\n") {
        XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
      }
    }
  }

  func testServeBannerCountsServersAlignsHostsAndItsFolderGoesAway() throws {
    let serve = try LabServeProcess(port: try FreePort.next())
    defer { serve.stop() }
    let lines = serve.output.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    let hostLines = lines.drop { !$0.hasPrefix("MX hosts") }.dropFirst().prefix { !$0.isEmpty }
    XCTAssertGreaterThan(hostLines.count, 20, serve.output)
    // Every server column starts at the same place; aliases share their host's server.
    let columns = Set(hostLines.map { $0.range(of: "127.0.0.")?.lowerBound.utf16Offset(in: $0) })
    XCTAssertEqual(columns.count, 1, "host list not aligned:\n\(hostLines.joined(separator: "\n"))")
    let servers = Set(hostLines.compactMap { $0.split(separator: " ").last })
    XCTAssertLessThan(servers.count, hostLines.count, "mx-cname's alias is listed")
    XCTAssertTrue(
      serve.output.contains("\(servers.count) STARTTLS servers on port"), serve.output)
    XCTAssertTrue(serve.output.contains("removed when the lab stops"), serve.output)
    XCTAssertTrue(serve.output.contains("lab export DIR"), serve.output)
    XCTAssertTrue(FileManager.default.fileExists(atPath: serve.folder), serve.folder)
    XCTAssertEqual(serve.stop(), 0)
    XCTAssertFalse(FileManager.default.fileExists(atPath: serve.folder), serve.folder)
  }
}
