import Foundation
import XCTest

/// Output that cannot be written (a full disk, a closed descriptor, a reader that went away) is
/// reported in one line on stderr and ends the command with exit status 3: no crash, no SIGPIPE,
/// and a running lab is stopped and its folder removed.
final class OutputFailureTests: XCTestCase {
  private let fullDisk = "danescope: cannot write the output: No space left on device\n"

  func testAFullDiskIsReportedNotACrash() throws {
    let commands = [
      ["lab", "list"], ["check", "--lab", "ee-valid"], ["chain", "--lab", "ee-valid"],
    ]
    for arguments in commands {
      let result = try DanescopeBinary.run(arguments, redirecting: ">/dev/full")
      XCTAssertEqual(result.status, 3, "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stderr, fullDisk, "\(arguments)")
    }
  }

  func testAClosedStandardOutputIsReportedNotACrash() throws {
    for arguments in [["lab", "list"], ["chain", "--lab", "ee-valid"], ["--version"]] {
      let result = try DanescopeBinary.run(arguments, redirecting: ">&-")
      XCTAssertEqual(result.status, 3, "\(arguments): \(result.stderr)")
      XCTAssertEqual(
        result.stderr, "danescope: cannot write the output: Bad file descriptor\n", "\(arguments)")
    }
  }

  /// A usage error with stderr full: nothing to say it on, but still no crash.
  func testAFullStandardErrorEndsWithStatusThree() throws {
    let result = try DanescopeBinary.run(["check", "--bogus"], redirecting: "2>/dev/full")
    XCTAssertEqual(result.status, 3)
    XCTAssertEqual(result.stdout, "")
  }

  /// The reader of a pipe is gone (`| head -c1` after its byte): EPIPE, not death by SIGPIPE.
  func testAPipeWithoutAReaderIsReportedNotASignal() throws {
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    let err = Pipe()
    let process = Process()
    process.executableURL = DanescopeBinary.url
    process.arguments = ["lab", "list"]
    process.standardOutput = pipe.fileHandleForWriting
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.runWithEmptySignalMask()
    try pipe.fileHandleForWriting.close()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .exit)
    XCTAssertEqual(process.terminationStatus, 3)
    XCTAssertEqual(
      String(decoding: stderr, as: UTF8.self), "danescope: cannot write the output: Broken pipe\n")
  }

  /// `lab serve` that cannot print its addresses stops at once and removes its folder (which
  /// holds the certificate keys) instead of serving a lab nobody can use.
  func testLabServeStopsAndCleansUpWhenItCannotWrite() throws {
    let temporary = try TemporaryDirectory("danescope-output-failure")
    let result = try DanescopeBinary.run(
      [
        "lab", "serve", "--listen", "127.0.0.1@\(try FreePort.next())",
        "--port", "\(try FreePort.next(udpToo: false))",
      ],
      redirecting: ">/dev/full", environment: ["TMPDIR": temporary.url.path])
    XCTAssertEqual(result.status, 3, result.stderr)
    XCTAssertEqual(result.stderr, fullDisk)
    let left = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path)
    XCTAssertEqual(left.filter { $0.hasPrefix("danescope-lab-") }, [])
  }

  /// A trace whose output cannot be written has no reader: it stops at its first line instead
  /// of running the whole dialogue. The peer, which greets and offers STARTTLS, never sees EHLO.
  func testTraceStopsProbingOnceItsOutputFails() throws {
    let folder = try TemporaryDirectory("trace-output-failure")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let result = try DanescopeBinary.run(
      ["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"], redirecting: ">/dev/full")
    XCTAssertEqual(result.status, 3, result.stderr)
    XCTAssertEqual(result.stderr, fullDisk)
    peer.stop()  // the session has ended, so everything it received is recorded
    XCTAssertEqual(peer.receivedCommands, [])
  }
}
