import Foundation
import XCTest

/// Every error that echoes a file or folder name shows it as a usage error shows what was typed
/// (UsageErrorEchoBoundTests): control characters as `\DDD`, and a word longer than 300
/// characters cut, with how many octets were left out. Here for the resolver's files
/// (`--trust-anchor`, `--resolver-conf`, `--log-file`), a certificate file `tlsa` refuses after
/// reading it, and the temporary folder (TMPDIR); each named once too long to echo (5000
/// characters) and once with escape sequences in it. The paths do not exist (or, for `tlsa`,
/// are made here), so no resolver is ever made and nothing is asked of the forwarder.
final class FileNameEchoBoundTests: XCTestCase {
  private let long = "/nonexistent-danescope/" + String(repeating: "p", count: 5000)
  /// Clears the screen, sets the window title, rings the bell, turns text red.
  private let escaped = "/nonexistent-danescope/\u{1B}[2J\u{1B}]0;owned\u{07}\u{1B}[31mred.conf"

  private func assertBounded(
    _ result: DanescopeBinary.Result, _ label: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    let shown = String(result.stderr.prefix(400))
    XCTAssertEqual(result.stdout, "", label, file: file, line: line)
    XCTAssertTrue(
      result.stderr.hasPrefix("danescope: "), "\(label): \(shown)", file: file, line: line)
    XCTAssertLessThan(result.stderr.utf8.count, 2500, "\(label): \(shown)", file: file, line: line)
    XCTAssertTrue(
      result.stderr.contains(String(repeating: "p", count: 200)), "\(label): \(shown)", file: file,
      line: line)
    XCTAssertTrue(
      result.stderr.contains(" more octets)"), "\(label): \(shown)", file: file, line: line)
  }

  private func assertEscaped(
    _ result: DanescopeBinary.Result, _ label: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertEqual(result.stdout, "", label, file: file, line: line)
    XCTAssertFalse(
      result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" },
      "\(label): \(result.stderr.debugDescription)", file: file, line: line)
    XCTAssertTrue(
      result.stderr.contains(#"\027[2J\027]0;owned\007\027[31mred.conf"#),
      "\(label): \(result.stderr)", file: file, line: line)
  }

  func testTheResolverFilesAreEchoedBoundedAndEscaped() throws {
    let forwarder = "127.0.0.1@\(try FreePort.next())"
    for name in [long, escaped] {
      let cases: [(String, [String])] = [
        ("--trust-anchor", [
          "chain", "example.test", "--forwarder", forwarder, "--trust-anchor", name,
        ]),
        ("--resolver-conf", ["chain", "example.test", "--resolver-conf", name]),
        ("--log-file", ["chain", "example.test", "--forwarder", forwarder, "--log-file", name]),
        ("check --log-file", [
          "check", "example.test", "--forwarder", forwarder, "--log-file", name,
        ]),
        ("trace --trust-anchor", [
          "trace", "127.0.0.1:1", "--tlsa-name", "mx.example.test", "--forwarder", forwarder,
          "--trust-anchor", name,
        ]),
        ("tlsa --from --resolver-conf", [
          "tlsa", "--from", "mx.example.test:1", "--resolver-conf", name,
        ]),
      ]
      for (label, arguments) in cases {
        let result = try DanescopeBinary.run(arguments, timeout: 60)
        XCTAssertEqual(result.status, 2, "\(label): \(result.stderr.prefix(400))")
        if name == long { assertBounded(result, label) } else { assertEscaped(result, label) }
      }
    }
  }

  /// `tlsa --usage 2` with a file that holds only a server's certificate is refused, naming the
  /// file: a path of 3000 characters (nested folders, each name within the kernel's 255) and a
  /// file name with escape sequences.
  func testACertificateFileTLSARefusesIsEchoedBoundedAndEscaped() throws {
    let folder = try TemporaryDirectory("danescope-echo-bound")
    let leaf = try TestCertificates.selfSigned(.ec, name: "mx.example", in: folder)
    // Made and removed by the shell: FileManager.copyItem silently copies nothing to a path
    // this long.
    defer { _ = try? TestProcess.check("rm", ["-rf", folder.url.path]) }
    var deep = folder.url
    for _ in 0..<15 { deep.appendPathComponent(String(repeating: "p", count: 200)) }
    let longFile = deep.appendingPathComponent("leaf.pem")
    let copy = #"mkdir -p "$1" && cp "$2" "$1/leaf.pem""#
    try TestProcess.check("sh", ["-c", copy, "sh", deep.path, leaf.certificate.path])
    XCTAssertTrue(FileManager.default.fileExists(atPath: longFile.path))
    let escapedFile = folder.file("\u{1B}[2J\u{1B}]0;owned\u{07}\u{1B}[31mred.conf")
    try FileManager.default.copyItem(at: leaf.certificate, to: escapedFile)

    let bounded = try DanescopeBinary.run(["tlsa", "--usage", "2", longFile.path])
    XCTAssertEqual(bounded.status, 2, String(bounded.stderr.prefix(400)))
    XCTAssertTrue(
      bounded.stderr.contains("holds one certificate"), String(bounded.stderr.prefix(400)))
    assertBounded(bounded, "tlsa --usage 2")
    let shown = try DanescopeBinary.run(["tlsa", "--usage", "2", escapedFile.path])
    XCTAssertEqual(shown.status, 2, shown.stderr)
    XCTAssertTrue(shown.stderr.contains("holds one certificate"), shown.stderr)
    assertEscaped(shown, "tlsa --usage 2")
  }

  /// A temporary folder (TMPDIR) that cannot be used is named in the error that stops the lab
  /// and the resolver.
  func testTheTemporaryFolderIsEchoedBoundedAndEscaped() throws {
    var environment = ProcessInfo.processInfo.environment
    for name in [long, escaped] {
      environment["TMPDIR"] = name
      for arguments in [["check", "--lab", "ee-valid"], ["chain", "--lab", "ee-valid.example"]] {
        let result = try DanescopeBinary.run(arguments, timeout: 60, environment: environment)
        XCTAssertEqual(result.status, 3, "\(arguments): \(result.stderr.prefix(400))")
        if name == long {
          assertBounded(result, "TMPDIR \(arguments)")
        } else {
          assertEscaped(result, "TMPDIR \(arguments)")
        }
      }
    }
  }
}
