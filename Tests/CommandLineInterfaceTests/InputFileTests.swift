import Foundation
import ValidationCore
import XCTest

@testable import CommandLineInterface

/// Files named on the command line: what went wrong is said in words, never a Foundation dump.
final class InputFileTests: XCTestCase {
  var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("inputfile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func problem(_ path: String, maximumSize: Int = InputFile.maximumSize) -> String? {
    do {
      _ = try InputFile.readText(path, maximumSize: maximumSize)
      return nil
    } catch {
      return error.description
    }
  }

  func testMissingFileDirectoryAndOversizedFileAreSaidPlainly() throws {
    let missing = folder.appendingPathComponent("nonexistent.pem").path
    XCTAssertEqual(problem(missing), "danescope: \(missing): no such file")
    XCTAssertEqual(problem(folder.path), "danescope: \(folder.path): is a directory, not a file")
    let big = folder.appendingPathComponent("big.pem")
    try Data(repeating: 0x41, count: 65).write(to: big)
    XCTAssertEqual(
      problem(big.path, maximumSize: 64), "danescope: \(big.path): too large (more than 64 bytes)")
    XCTAssertEqual(problem("/dev/zero"), "danescope: /dev/zero: is not a regular file")
  }

  func testReadsAWholeFile() throws {
    let file = folder.appendingPathComponent("a.pem")
    try Data("hello\n".utf8).write(to: file)
    XCTAssertEqual(try InputFile.readText(file.path), "hello\n")
  }

  func testPermissionErrorsAreWords() {
    // Tests may run as root, where no file is unreadable; the words for the error are checked.
    XCTAssertEqual(InputFile.problem(EACCES), "permission denied")
    XCTAssertEqual(InputFile.problem(ENOENT), "no such file")
    XCTAssertEqual(InputFile.problem(EISDIR), "is a directory, not a file")
  }
}
