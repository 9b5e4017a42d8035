import Foundation
import XCTest

/// The danescope executable that `swift build` put next to the test bundle.
enum DanescopeBinary {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static var url: URL {
    // DANESCOPE_TEST_BINARY runs the tests against another build (an older one, to see a new
    // test fail there).
    if let other = ProcessInfo.processInfo.environment["DANESCOPE_TEST_BINARY"] {
      return URL(fileURLWithPath: other)
    }
    // The test runner (`…PackageTests.xctest`) lives in .build/<triple>/<config>/; so does the
    // executable.
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return runner.deletingLastPathComponent().appendingPathComponent("danescope")
  }

  /// Runs the binary with `arguments`, a bounded wait (`timeout` seconds), and returns what it
  /// printed. A run past the timeout is killed and fails the calling test.
  static func run(
    _ arguments: [String], timeout: TimeInterval = 60, environment: [String: String]? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.runWithEmptySignalMask()
    // Read both pipes concurrently so that a chatty child cannot block on a full pipe.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      outData = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
      process.stop()
      XCTFail("danescope \(arguments) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// The lab folders (`danescope-lab-*`) in the temporary directory now: a test compares them
/// before and after to see that danescope removed the one it made.
/// Pass the TMPDIR given to the child, so that other danescope processes on the machine (other
/// test runs) cannot add or remove folders under the test's eyes.
func labFolders(in temporary: URL = FileManager.default.temporaryDirectory) -> Set<String> {
  let folder = temporary.path
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  return Set(names.filter { $0.hasPrefix("danescope-lab-") })
}

extension DanescopeBinary {
  /// Runs the binary through `/bin/sh` with a redirection applied to it (`>/dev/full`, `>&-`,
  /// `2>/dev/full`), as a user types it; the streams not redirected are captured.
  static func run(
    _ arguments: [String], redirecting redirection: String, timeout: TimeInterval = 60,
    environment: [String: String]? = nil
  ) throws -> Result {
    let result = try TestProcess.run(
      "/bin/sh", ["-c", "exec \"$@\" \(redirection)", "sh", url.path] + arguments,
      timeout: timeout, environment: environment)
    return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
  }
}
