import Foundation
import XCTest

@testable import CommandLineInterface

/// TextOutput on real descriptors: a line that cannot be written marks the output as failed and
/// is reported once on the other stream; later lines are dropped, nothing traps.
final class TextOutputTests: XCTestCase {
  func testAFullDiskIsReportedOnceOnTheErrorStream() throws {
    let full = open("/dev/full", O_WRONLY)
    XCTAssertGreaterThanOrEqual(full, 0)
    defer { close(full) }
    let err = Pipe()
    let output = TextOutput(
      outputDescriptor: full, errorDescriptor: err.fileHandleForWriting.fileDescriptor)
    XCTAssertFalse(output.hasFailed)
    output.print("first")
    output.print("second")
    XCTAssertTrue(output.hasFailed)
    try err.fileHandleForWriting.close()
    XCTAssertEqual(
      String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
      "danescope: cannot write the output: No space left on device\n")
  }

  func testLinesThatCanBeWrittenAreWrittenWhole() throws {
    let out = Pipe()
    let err = Pipe()
    let output = TextOutput(
      outputDescriptor: out.fileHandleForWriting.fileDescriptor,
      errorDescriptor: err.fileHandleForWriting.fileDescriptor)
    output.print("one")
    output.error("two")
    try out.fileHandleForWriting.close()
    try err.fileHandleForWriting.close()
    XCTAssertFalse(output.hasFailed)
    let written = out.fileHandleForReading.readDataToEndOfFile()
    XCTAssertEqual(String(decoding: written, as: UTF8.self), "one\n")
    let said = err.fileHandleForReading.readDataToEndOfFile()
    XCTAssertEqual(String(decoding: said, as: UTF8.self), "two\n")
  }
}
