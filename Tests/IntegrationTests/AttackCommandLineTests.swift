import Foundation
import XCTest

/// The real binary fed command lines a user should never type: each must end with exit status 2
/// and a message naming what was wrong, not with a crash (SIGILL, status 132).
final class AttackCommandLineTests: XCTestCase {
  func testAtThatNoClockCanHoldIsAUsageErrorForEveryCommand() throws {
    for arguments in [
      ["--at", "nan", "check", "--lab", "ee-valid.example"],
      ["--at", "99999999999999999999", "chain", "--lab", "ee-valid.example"],
      ["--at", "10000-01-01", "lab", "export", "/nonexistent-danescope-attack/lab"],
    ] {
      let result = try DanescopeBinary.run(arguments)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("--at '\(arguments[1])'"), result.stderr)
    }
  }

  func testArgumentThatIsNotUTF8IsRefused() throws {
    // Foundation's Process takes only Strings: the shell's printf makes the raw octets.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", #"exec "$0" check "$(printf '\377\376.example')""#, DanescopeBinary.url.path,
    ]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.runWithEmptySignalMask()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 2, said)
    XCTAssertTrue(said.contains(#"'\255\254.example' is not valid UTF-8 (argument 2)"#), said)
  }
}
