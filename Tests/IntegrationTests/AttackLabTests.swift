import Foundation
import XCTest

/// `lab export` given awkward places and addresses: each is refused with exit status 2 before
/// anything is written, or the exported files work with the real unbound.
final class AttackLabTests: XCTestCase {
  func testExportIntoAFileIsAUsageError() throws {
    let folder = try TemporaryDirectory("danescope-attack-lab")
    let file = try folder.write("not-a-folder", "x\n")
    let result = try DanescopeBinary.run(["lab", "export", file.path])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("'\(file.path)' exists and is not a folder"), result.stderr)
  }

  func testExportIntoAFolderNameUnboundCannotQuoteIsRefused() throws {
    let folder = try TemporaryDirectory("danescope-attack-lab")
    for name in ["with\"quote", "with\nnewline"] {
      let target = folder.file(name)
      let result = try DanescopeBinary.run(["lab", "export", target.path])
      XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("contains a quote or a control character"), result.stderr)
      XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), name)
    }
  }

  func testListenValuesThatAreNotAddressesSaySo() throws {
    let result = try DanescopeBinary.run(["lab", "serve", "--listen", "junk@5353"])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "danescope: lab serve: --listen: 'junk' is not an IP address"
        + " (expected ADDR[@PORT], e.g. 127.0.0.1@5353) (argument 3)\nTry 'danescope --help'.\n")
  }

  /// The exported unbound.conf for `--listen ::1@PORT` used to say `do-ip6: no`, and unbound
  /// stopped with "could not open ports". The real unbound must answer on ::1.
  func testExportForIPv6LoopbackServesWithTheRealUnbound() throws {
    let folder = try TemporaryDirectory("danescope-attack-lab")
    let export = folder.file("lab")
    let port = try FreePort.next()
    let exported = try DanescopeBinary.run([
      "lab", "export", export.path, "--listen", "::1@\(port)",
    ])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let conf = export.appendingPathComponent("unbound.conf").path
    let unbound = Process()
    unbound.executableURL = try TestProcess.locate("unbound")
    unbound.arguments = ["-d", "-c", conf]
    unbound.standardInput = FileHandle.nullDevice
    unbound.standardOutput = FileHandle.nullDevice
    unbound.standardError = FileHandle.nullDevice
    try unbound.runWithEmptySignalMask()
    defer { unbound.stop() }
    var answered = false
    let deadline = Date().addingTimeInterval(30)
    while !answered && unbound.isRunning && Date() < deadline {
      let probe = try? TestProcess.run(
        "drill", ["-p", "\(port)", "@::1", "example.", "SOA"], timeout: 10)
      answered = probe?.stdout.contains("rcode: NOERROR") == true
      if !answered { usleep(100_000) }
    }
    XCTAssertTrue(answered, "unbound on the exported configuration did not answer on ::1")
  }

  func testUnknownScenarioWithAnEscapeIsPrintedEscaped() throws {
    let result = try DanescopeBinary.run(["lab", "show", "\u{1B}]0;owned\u{07}"])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertEqual(
      result.stderr,
      "danescope: no lab scenario is named '\\027]0;owned\\007'; see 'danescope lab list'"
        + " (argument 3)\nTry 'danescope --help'.\n")
  }

  /// RRSIG times repeat every 2^32 seconds (RFC 4034 §3.1.5): a lab clock more than 68 years
  /// from now is a usage error saying so (and, long before, the lab's ten-year CA would pass
  /// the end of year 9999); 60 years on works.
  func testExportAtATimeSerialArithmeticCannotReachIsAUsageError() throws {
    let folder = try TemporaryDirectory("danescope-attack-lab")
    let now = Date().timeIntervalSince1970
    let tooFar = String(Int(now + 68 * 365.25 * 86_400) + 86_400)
    for text in ["9999-12-31", "9990-01-03T00:00:00Z", "253402300799", tooFar] {
      let target = folder.file("late-\(text)")
      let result = try DanescopeBinary.run(["lab", "export", "--at", text, target.path])
      XCTAssertEqual(result.status, 2, "\(text): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("is more than 68 years after now: signature times are 32-bit"),
        result.stderr)
      XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), text)
    }
    let last = folder.file("last")
    let sixtyYears = String(Int(now + 60 * 365.25 * 86_400))
    let result = try DanescopeBinary.run(["lab", "export", "--at", sixtyYears, last.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    let conf = last.appendingPathComponent("unbound.conf")
    XCTAssertTrue(FileManager.default.fileExists(atPath: conf.path), result.stdout)
  }
}
