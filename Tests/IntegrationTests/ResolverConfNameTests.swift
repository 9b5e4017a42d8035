import Foundation
import XCTest

/// A resolver configuration's error names each file as it was given, the `--resolver-conf` file
/// as typed and an included one as the include wrote it, whether libunbound found the mistake
/// (an unknown keyword) or danescope did (a setting that weakens validation): the way
/// unbound-checkconf, the reference, names them. Once danescope's own errors gave the full path
/// (`/tmp/…/bad2.conf:2: val-permissive-mode…`) beside libunbound's `bad1.conf:3: …`.
final class ResolverConfNameTests: XCTestCase {
  func testEveryErrorNamesTheFileAsItWasGiven() throws {
    let folder = try TemporaryDirectory("danescope-conf-names")
    _ = try folder.write(
      "unknown.conf", "server:\n  module-config: \"validator iterator\"\n  foo: bar\n")
    _ = try folder.write("permissive.conf", "server:\n  val-permissive-mode: yes\n")
    try FileManager.default.createDirectory(
      at: folder.file("sub"), withIntermediateDirectories: true)
    _ = try folder.write("sub/unknown.conf", "  foo: bar\n")
    _ = try folder.write("sub/permissive.conf", "  val-permissive-mode: yes\n")
    _ = try folder.write("includes-unknown.conf", "server:\n  include: \"sub/unknown.conf\"\n")
    _ = try folder.write("includes-permissive.conf", "server:\n  include: \"sub/perm*.conf\"\n")
    let weakened = "val-permissive-mode: yes makes libunbound hand over bogus answers"
    let cases: [(given: String, named: String, says: String)] = [
      ("unknown.conf", "unknown.conf:3", "unknown keyword 'foo'"),
      ("permissive.conf", "permissive.conf:2", weakened),
      ("./permissive.conf", "./permissive.conf:2", weakened),
      ("includes-unknown.conf", "sub/unknown.conf:1", "unknown keyword 'foo'"),
      ("includes-permissive.conf", "sub/permissive.conf:1", weakened),
      ("../\(folder.url.lastPathComponent)/permissive.conf",
        "../\(folder.url.lastPathComponent)/permissive.conf:2", weakened),
    ]
    for (given, named, says) in cases {
      // The reference names a file it finds wrong the same way.
      if says.hasPrefix("unknown keyword") {
        let reference = try TestProcess.run("unbound-checkconf", [given], in: folder.url)
        XCTAssertTrue(reference.stderr.contains("\(named): error: \(says)"), reference.stderr)
      }
      for command in [["chain", "example."], ["check", "example."]] {
        let result = try TestProcess.run(
          DanescopeBinary.url.path, command + ["--resolver-conf", given], in: folder.url)
        XCTAssertEqual(result.status, 2, "\(given): \(result.stderr)")
        XCTAssertTrue(
          result.stderr.hasPrefix("danescope: resolver configuration: \(named): \(says)"),
          "\(given): \(result.stderr)")
        XCTAssertFalse(result.stderr.contains(folder.url.path), result.stderr)
      }
    }
  }
}
