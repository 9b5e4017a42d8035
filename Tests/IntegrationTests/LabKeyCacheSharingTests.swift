import Foundation
import XCTest

/// Docs/Lab.md: files exported once keep matching later starts, because the lab's keys are
/// kept per user. Labs that start at once on an empty cache must therefore agree on every key:
/// here four `lab export` processes start together, with a `chain --lab` beside them, on a fresh
/// XDG_CACHE_HOME. Every export must hold the same trust anchor and the same certificate keys,
/// and a later export (reading the cache alone) the same again: the cache holds one set.
final class LabKeyCacheSharingTests: XCTestCase {
  func testLabsStartingAtOnceOnAnEmptyCacheAgreeOnEveryKey() throws {
    let scratch = try TemporaryDirectory("danescope-keycache-race")
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = scratch.file("cache").path
    let exports = (1...4).map { scratch.file("export\($0)") }
    var processes: [Process] = []
    for folder in exports {
      processes.append(try start(["lab", "export", folder.path], environment))
    }
    processes.append(try start(["chain", "--lab", "ee-valid.example", "MX"], environment))
    defer { processes.forEach { $0.stop() } }
    for process in processes {
      XCTAssertTrue(
        waitUntil(timeout: 300, interval: 0.1) { !process.isRunning }, "a run did not end")
      XCTAssertEqual(process.terminationStatus, 0, "\(process.arguments ?? [])")
    }

    let later = scratch.file("later")
    let last = try DanescopeBinary.run(
      ["lab", "export", later.path], timeout: 120, environment: environment)
    XCTAssertEqual(last.status, 0, last.stderr)
    XCTAssertFalse(last.stderr.contains("key cache"), last.stderr)
    let reference = try keys(in: later)
    XCTAssertGreaterThan(reference.count, 10, "trust anchor and host keys")
    for folder in exports {
      XCTAssertEqual(try keys(in: folder), reference, "\(folder.lastPathComponent)")
    }

    // One set, complete, private, and nothing half-written left behind.
    let cache = scratch.file("cache/danescope/lab-keys")
    let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
    XCTAssertEqual(files.filter { $0.hasSuffix(".tmp") }, [], "\(files)")
    for file in files where file.hasSuffix(".pem") {
      let attributes = try FileManager.default.attributesOfItem(
        atPath: cache.appendingPathComponent(file).path)
      XCTAssertEqual((attributes[.posixPermissions] as? Int), 0o600, file)
    }
  }

  /// The exported trust anchor and every host's private key, by file name.
  private func keys(in export: URL) throws -> [String: String] {
    var found = [
      "trust-anchor.ds": try String(
        contentsOf: export.appendingPathComponent("trust-anchor.ds"), encoding: .utf8)
    ]
    let certificates = export.appendingPathComponent("certs")
    for file in try FileManager.default.contentsOfDirectory(atPath: certificates.path)
    where file.hasSuffix(".key") {
      found[file] = try String(
        contentsOf: certificates.appendingPathComponent(file), encoding: .utf8)
    }
    return found
  }

  private func start(_ arguments: [String], _ environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = DanescopeBinary.url
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }
}
