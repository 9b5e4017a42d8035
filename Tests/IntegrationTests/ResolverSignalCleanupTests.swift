import Foundation
import XCTest

/// Every command that sets up a resolver removes its private folder (`danescope-unbound-*`,
/// with the trust anchor copy) when SIGINT, SIGTERM or SIGHUP ends it, as the `--lab` commands
/// remove theirs: the folder lives only while libunbound reads its configuration, a few
/// milliseconds, so the child is killed again and again at delays spread over its start-up,
/// and the private TMPDIR must be empty after each. The delays only vary where the signal
/// lands; nothing here depends on how long anything takes.
final class ResolverSignalCleanupTests: XCTestCase {
  func testSignalsDuringResolverSetUpLeaveNoFolder() throws {
    let base = try TemporaryDirectory("danescope-resolver-signal")
    let temporary = base.file("tmp").path
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
    let anchor = try base.write("ta.ds", TemporaryFolderTests.rootDS)
    // Nothing listens there: a run that is not killed fails its lookups at once.
    let port = try FreePort.next()
    let resolver = [
      "--forwarder", "127.0.0.1@\(port)", "--trust-anchor", anchor.path, "--timeout", "1",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = temporary
    let signals = [SIGTERM, SIGINT, SIGHUP]
    for command in [["chain", "example.org"], ["check", "example.org"]] {
      for step in 0..<40 {
        let process = Process()
        process.executableURL = DanescopeBinary.url
        process.arguments = command + resolver
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.runWithEmptySignalMask()
        Thread.sleep(forTimeInterval: Double(step) * 0.0015)
        kill(process.processIdentifier, signals[step % signals.count])
        XCTAssertTrue(waitUntil(timeout: 30) { !process.isRunning }, "\(command) did not end")
        process.waitUntilExit()
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
        XCTAssertEqual(left, [], "\(command), step \(step): left behind")
        for name in left { try? FileManager.default.removeItem(atPath: temporary + "/" + name) }
      }
    }
  }
}
