import Foundation
import XCTest

@testable import ValidationCore

/// Defects an attacker's tester found in the resolver configuration handling, each checked
/// against the real part: a file named on many lines is read once (inotify counts the opens);
/// `directory:` is judged as unbound-checkconf judges it; `--log-file` says the real errno;
/// a HOME that does not exist is not made by the lab's key cache.
final class ResolverConfigurationAttackTests: XCTestCase {
  private var folder: TemporaryDirectory!

  override func setUpWithError() throws {
    folder = try TemporaryDirectory("danescope-conf-attack")
  }

  private static let rootDS =
    ". 3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489\n"

  // MARK: A file named on many lines

  /// The old reader opened and parsed the file once for each line (400 lines of a 2 MB file ran
  /// past 150 s); now it is opened once, whatever the number of lines.
  func testAnchorFileNamedOnManyLinesIsOpenedOnce() throws {
    let anchor = try folder.write("ta.ds", Self.rootDS).path
    let lines = Array(repeating: "  trust-anchor-file: \"\(anchor)\"", count: 5)
    let conf = try folder.write("many.conf", "server:\n" + lines.joined(separator: "\n") + "\n")
    let watch = try FileOpenWatch(anchor)
    let reading = try ResolverConfAnchors.read(conf.path, workingFolder: folder.url.path)
    XCTAssertEqual(watch.stop(), 1)
    let sources = try reading.everySource()
    XCTAssertEqual(sources.map { $0.directive?.line }, [2, 3, 4, 5, 6], "one source a line")
  }

  // MARK: directory:

  /// unbound-checkconf refuses a `directory:` it cannot move to ("bad chdir directory"), where
  /// libunbound logs it and goes on in another folder; danescope refuses it as the reference
  /// does, at its line.
  func testDirectoryThatCannotBeEnteredIsRefusedAsUnboundCheckconfRefusesIt() throws {
    let fifo = folder.file("fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let plain = try folder.write("plain", "x\n").path
    let cases = [
      (folder.file("missing").path, "No such file or directory"),
      (fifo, "is a FIFO, not a folder"),
      (plain, "is not a folder"),
    ]
    for (target, why) in cases {
      let conf = try folder.write(
        "directory.conf",
        "server:\n  directory: \"\(target)\"\n  chroot: \"\"\n  username: \"\"\n")
      let reference = try TestProcess.run("unbound-checkconf", [conf.path])
      XCTAssertNotEqual(reference.status, 0, "unbound-checkconf refuses \(target)")
      XCTAssertTrue(reference.stderr.contains("bad chdir directory"), reference.stderr)
      let error = try XCTUnwrap(buildError(.custom(configFile: conf.path)), target)
      XCTAssertEqual(error.file, conf.path)
      XCTAssertEqual(error.line, 2)
      XCTAssertTrue(error.message.hasPrefix("directory: \(target) "), error.message)
      XCTAssertTrue(error.message.contains(why), error.message)
    }
  }

  /// A folder that exists, and an empty value, are taken by both (no errors, and a resolver).
  func testDirectoryThatExistsOrIsEmptyIsTaken() throws {
    for target in [folder.url.path, ""] {
      let conf = try folder.write(
        "directory.conf",
        "server:\n  directory: \"\(target)\"\n  chroot: \"\"\n  username: \"\"\n")
      let reference = try TestProcess.run("unbound-checkconf", [conf.path])
      XCTAssertEqual(reference.status, 0, reference.stderr)
      XCTAssertNil(buildError(.custom(configFile: conf.path)), "directory: \"\(target)\"")
    }
  }

  // MARK: --log-file

  /// /dev/tty with no controlling terminal (a new session, setsid) fails with ENXIO, which the
  /// old message called a FIFO.
  func testLogFileWithNoControllingTerminalSaysTheRealReason() throws {
    let result = try TestProcess.run(
      "setsid",
      [
        "-w", DanescopeBinary.url.path, "chain", ".", "--forwarder", "127.0.0.1@1",
        "--log-file", "/dev/tty",
      ])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: --log-file /dev/tty: cannot open the log file for writing: No such device"
          + " or address"), result.stderr)
    XCTAssertFalse(result.stderr.contains("FIFO"), result.stderr)
  }

  // MARK: The lab's key cache

  /// The environment of a lab run with HOME and XDG_CACHE_HOME as given (nil: unset).
  private func labEnvironment(home: String?, xdgCache: String?) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home
    environment["XDG_CACHE_HOME"] = xdgCache
    return environment
  }

  /// A HOME that does not exist (Debian's `nobody` has /nonexistent) is never made: the lab
  /// runs on keys for this run only and says why in its one warning line. The old code made
  /// HOME/.cache/danescope/lab-keys and some 90 key files in it.
  func testHomeThatDoesNotExistIsNotMade() throws {
    let home = folder.file("nonexistent").path
    let result = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example"],
      environment: labEnvironment(home: home, xdgCache: nil))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: home), "HOME was made")
    XCTAssertEqual(
      result.stderr,
      "danescope: warning: the lab's key cache cannot be used (\(home) (HOME) does not exist,"
        + " and danescope does not make it): the lab's keys, and so its trust anchor, are new"
        + " for this run\n")
  }

  /// XDG_CACHE_HOME itself may be made (the XDG Base Directory specification says so), not the
  /// folders above it.
  func testXDGCacheHomeIsMadeButNotTheFolderItIsIn() throws {
    let home = folder.file("home").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
    let gone = folder.file("gone").path
    let refused = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example"],
      environment: labEnvironment(home: home, xdgCache: gone + "/cache"))
    XCTAssertEqual(refused.status, 0, refused.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: gone))
    XCTAssertTrue(refused.stderr.contains("(the folder XDG_CACHE_HOME is in) does not exist"))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home), [])

    let cache = folder.file("cache").path
    let made = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example"],
      environment: labEnvironment(home: home, xdgCache: cache))
    XCTAssertEqual(made.status, 0, made.stderr)
    XCTAssertEqual(made.stderr, "")
    let keys = try FileManager.default.contentsOfDirectory(atPath: cache + "/danescope/lab-keys")
    XCTAssertFalse(keys.isEmpty)
  }

  // MARK: Helpers

  /// What building a resolver (real libunbound, no query) gives: the error, or nil.
  private func buildError(_ configuration: ResolverConfiguration) -> ResolverConfigurationError? {
    do {
      _ = try UnboundResolver(configuration)
      return nil
    } catch {
      return error
    }
  }
}
