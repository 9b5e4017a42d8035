import Foundation
import XCTest

/// `lab export` with hostile folder names and a full disk: the commands it suggests are safe to
/// paste into a POSIX shell (every path quoted), a folder name libunbound or unbound would read
/// as a file-name pattern is refused, and a failed export leaves nothing behind.
final class LabExportCommandLineTests: XCTestCase {
  /// The "Try:" lines of an export, each with its continuation lines joined: the commands a
  /// person pastes.
  private func suggestedCommands(_ output: String) -> [String] {
    let lines = output.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.hasPrefix("Try:") }) else { return [] }
    var commands: [String] = []
    var pending = ""
    for line in lines[(start + 1)...] where line.hasPrefix("  ") {
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.hasSuffix("\\") {
        pending += text.dropLast() + " "
      } else {
        commands.append(pending + text)
        pending = ""
      }
    }
    return commands
  }

  /// A folder named like a shell command: the suggested ldns-verify-zone line, run by sh as a
  /// person would paste it, checks the exported zone (ldns-verify-zone exits 0) and runs
  /// nothing else (no PWNED file appears); the unbound line passes the whole path as one word.
  func testSuggestedCommandsQuoteThePath() throws {
    let folder = try TemporaryDirectory("danescope-export-quote")
    try FileManager.default.createDirectory(
      at: folder.file("exp"), withIntermediateDirectories: true)
    let hostile = folder.file("exp").appendingPathComponent("x y;touch PWNED;#'q")
    let exported = try DanescopeBinary.run(["lab", "export", hostile.path])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let commands = suggestedCommands(exported.stdout)
    XCTAssertEqual(commands.count, 3, exported.stdout)

    let verify = try XCTUnwrap(commands.first { $0.hasPrefix("ldns-verify-zone ") })
    let run = try TestProcess.run("sh", ["-c", verify], in: folder.url)
    XCTAssertEqual(run.status, 0, "\(verify)\n\(run.stderr)\(run.stdout)")
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.file("PWNED").path), "sh ran: \(verify)")

    let unbound = try XCTUnwrap(commands.first { $0.hasPrefix("unbound -d -c ") })
    let words = try TestProcess.check(
      "sh", ["-c", "printf '%s\\n' " + unbound.dropFirst("unbound -d -c ".count)],
      in: folder.url)
    XCTAssertEqual(words, hostile.appendingPathComponent("unbound.conf").path + "\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.file("PWNED").path))
  }

  /// A folder name with a pattern character is refused as --resolver-conf refuses one: the
  /// exported unbound.conf names files in it, and unbound would read them as patterns.
  func testPatternCharactersInTheFolderAreRefused() throws {
    let folder = try TemporaryDirectory("danescope-export-glob")
    for name in ["a*b", "a?b", "a[b]"] {
      let target = folder.file(name)
      let exported = try DanescopeBinary.run(["lab", "export", target.path])
      XCTAssertEqual(exported.status, 2, "\(name): \(exported.stdout)")
      XCTAssertTrue(
        exported.stderr.contains("file-name pattern"), "\(name): \(exported.stderr)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), name)
    }
  }

  /// An export onto a disk that fills up (a 64 KiB tmpfs in a private mount namespace) fails
  /// with exit 3 and removes the folder it had made.
  func testAFailedExportLeavesNothingBehind() throws {
    let folder = try TemporaryDirectory("danescope-export-full")
    let mountPoint = folder.file("small")
    try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
    let script = """
      mount -t tmpfs -o size=64k danescope-test "$1" || exit 99
      "$2" lab export "$1/lab"
      echo "status=$?"
      ls -A "$1"
      """
    let run = try TestProcess.run(
      "unshare",
      ["-m", "--propagation", "private", "sh", "-c", script, "sh", mountPoint.path,
       DanescopeBinary.url.path])
    XCTAssertNotEqual(run.status, 99, "could not mount a tmpfs: \(run.stderr)")
    XCTAssertEqual(run.stdout, "status=3\n", run.stderr)
    XCTAssertTrue(run.stderr.contains("No space left on device"), run.stderr)
  }
}

/// `lab serve`'s banner quotes its paths too: with a TMPDIR whose name holds a space and a `;`,
/// the delv command it prints, run by sh as pasted, validates a lab TLSA record through the
/// served zones and runs nothing else.
final class LabServeCommandLineTests: XCTestCase {
  func testThePrintedDelvCommandRunsAsPasted() throws {
    let folder = try TemporaryDirectory("danescope-serve-quote")
    let temporary = folder.file("tmp x;touch PWNED;#")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let serve = try LabServeProcess(
      port: try FreePort.next(), environment: ["TMPDIR": temporary.path])
    defer { serve.stop() }
    let lines = serve.output.components(separatedBy: "\n")
    let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  delv @") }, serve.output)
    var command = ""
    for line in lines[start...] {
      let text = line.trimmingCharacters(in: .whitespaces)
      guard text.hasSuffix("\\") else {
        command += text
        break
      }
      command += text.dropLast() + " "
    }
    let run = try TestProcess.run("sh", ["-c", command], in: folder.url, timeout: 30)
    XCTAssertTrue(run.stdout.contains("; fully validated"), "\(command)\n\(run.stdout)\(run.stderr)")
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.file("PWNED").path), "sh ran: \(command)")
    XCTAssertEqual(serve.stop(), 0)
  }
}
