import Foundation
import XCTest

/// Docs/Lab.md: the lab's keys are kept per user so that its trust anchor stays the same from one
/// start to the next. When that cache cannot be used (here XDG_CACHE_HOME names a regular file,
/// so no folder can be made below it), the lab runs on keys made for this run only: `check
/// --lab` says so in one line on stderr, and why, and still checks. With a usable cache it says
/// nothing.
final class LabKeyCacheWarningTests: XCTestCase {
  func testAnUnusableKeyCacheIsSaidOnceOnStderr() throws {
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-keycache-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let notAFolder = scratch.appendingPathComponent("cache-file")
    try Data("not a folder\n".utf8).write(to: notAFolder)

    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = notAFolder.path
    let broken = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid", "--json"], timeout: 120, environment: environment)
    XCTAssertEqual(broken.status, 0, broken.stderr)
    XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)))
    let lines = broken.stderr.split(separator: "\n")
    let warnings = lines.filter { $0.contains("key cache") }
    XCTAssertEqual(warnings.count, 1, broken.stderr)
    let warning = String(warnings.first ?? "")
    XCTAssertTrue(warning.hasPrefix("danescope: warning: "), warning)
    XCTAssertTrue(warning.contains("\(notAFolder.path) is not a folder"), warning)
    XCTAssertTrue(warning.contains("new for this run"), warning)
    XCTAssertFalse(broken.stdout.contains("key cache"), "the warning stays off stdout")

    environment["XDG_CACHE_HOME"] = scratch.appendingPathComponent("cache").path
    let kept = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid", "--json"], timeout: 120, environment: environment)
    XCTAssertEqual(kept.status, 0, kept.stderr)
    XCTAssertFalse(kept.stderr.contains("key cache"), kept.stderr)
  }
}
