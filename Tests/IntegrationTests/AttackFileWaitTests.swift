import Foundation
import XCTest

/// Waits an attacker could make endless through files (`--log-file` a FIFO), and signals that
/// arrive while a `--lab` command runs: the lab's folder (which holds certificate keys) must not
/// be left behind. Each child gets a private TMPDIR, so the lab folders it makes are counted
/// there and no other test's can be mistaken for them.
final class AttackFileWaitTests: XCTestCase {
  func testLogFileThatIsAFIFOIsRefusedAtOnce() throws {
    let folder = try TemporaryDirectory("danescope-attack-wait")
    let temporary = folder.file("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let fifo = folder.file("log.fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = temporary.path
    let result = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example", "--log-file", fifo], timeout: 30,
      environment: environment)
    XCTAssertEqual(result.status, 2, result.stderr)
    // The option is named, with its argument: the resolvers are not at fault.
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: --log-file \(fifo): cannot open the log file for writing: it is a FIFO"
          + " (argument 4)"), result.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [])
  }

  func testLogFileThatIsADeviceIsRefused() throws {
    let result = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example", "--log-file", "/dev/zero"], timeout: 30)
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix("danescope: --log-file /dev/zero: the log file must be a regular file"),
      result.stderr)
  }

  func testSIGTERMWhileTheLabRunsRemovesItsFolder() throws {
    try checkSignalRemovesTheLabFolder(SIGTERM, command: ["chain", "--lab", "ee-valid"])
  }

  func testSIGQUITWhileTheLabRunsRemovesItsFolder() throws {
    try checkSignalRemovesTheLabFolder(SIGQUIT, command: ["check", "--lab", "ee-valid"])
  }

  func testSIGINTWhileTheLabRunsRemovesItsFolder() throws {
    try checkSignalRemovesTheLabFolder(SIGINT, command: ["chain", "--lab", "ee-valid"])
  }

  /// A signal that lands while the lab or the resolver is being set up removes files libunbound
  /// may still be reading: what fails then is the signal's doing, and no "resolver
  /// configuration" error may be printed for it. Delays spread over the start-up, so that some
  /// land in that window.
  func testASignalDuringStartUpPrintsNoFalseError() throws {
    let folder = try TemporaryDirectory("danescope-attack-startup")
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = folder.url.path
    for step in 0..<16 {
      let process = Process()
      process.executableURL = DanescopeBinary.url
      process.arguments = ["check", "--lab", "two-mx"]
      process.environment = environment
      let errors = Pipe()
      process.standardError = errors
      process.standardOutput = FileHandle.nullDevice
      process.standardInput = FileHandle.nullDevice
      try process.runWithEmptySignalMask()
      Thread.sleep(forTimeInterval: 0.05 + Double(step) * 0.025)
      kill(process.processIdentifier, SIGTERM)
      let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      XCTAssertFalse(said.contains("resolver configuration"), "step \(step): \(said)")
      XCTAssertFalse(said.contains("No such file"), "step \(step): \(said)")
      let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
      XCTAssertEqual(left.filter { $0.hasPrefix("danescope-") }, [], "step \(step)")
    }
  }

  /// The child's standard output is a pipe already full, so its first line of report blocks
  /// with the lab running: a signal then finds the lab folder there, every time.
  private func checkSignalRemovesTheLabFolder(_ number: Int32, command: [String]) throws {
    let folder = try TemporaryDirectory("danescope-attack-wait")
    let temporary = folder.file("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let output = Pipe()
    let writer = output.fileHandleForWriting.fileDescriptor
    let flags = fcntl(writer, F_GETFL)
    XCTAssertEqual(fcntl(writer, F_SETFL, flags | O_NONBLOCK), 0)
    let block = [UInt8](repeating: 0x2e, count: 4096)
    while write(writer, block, block.count) > 0 {}
    XCTAssertEqual(fcntl(writer, F_SETFL, flags), 0)

    let process = Process()
    process.executableURL = DanescopeBinary.url
    process.arguments = command
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = temporary.path
    process.environment = environment
    process.standardOutput = output.fileHandleForWriting
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.runWithEmptySignalMask()
    defer { process.stop(graceSeconds: 1) }
    let labFolder = { () -> Bool in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
      return names.contains { $0.hasPrefix("danescope-lab-") }
    }
    XCTAssertTrue(waitUntil(timeout: 30, labFolder), "the lab never started")
    kill(process.processIdentifier, number)
    XCTAssertTrue(waitUntil(timeout: 30) { !process.isRunning }, "the signal did not end it")
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertEqual(process.terminationStatus, number)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [])
  }
}
