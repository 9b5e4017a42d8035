import Foundation
import Lab
import ValidationCore
import XCTest

/// `danescope lab serve` answers DNS itself: delv, pointed straight at it with the lab's trust
/// anchor, must validate every scenario to its documented statuses, and the server must stop
/// cleanly on SIGTERM.
final class LabServeTests: XCTestCase {
  func testDelvAgainstLabServeGivesTheDocumentedStatuses() throws {
    let port = try FreePort.next()
    let serve = try LabServeProcess(port: port)
    defer { serve.stop() }
    for scenario in Lab.scenarios {
      let mx = try LabDelv.status("\(scenario.domain)", "MX", port: port, anchor: serve.bindAnchor)
      // delv and the unbound daemon implement every lab algorithm (libunbound lacks Ed448).
      let supported = scenario.expected.statusWhereAlgorithmSupported
      XCTAssertEqual(mx, supported ?? scenario.expected.mxStatus, "\(scenario.name): MX")
      for host in scenario.expected.hosts {
        // TLSA at the CNAME target, or at the MX name itself when the target is insecure.
        let target =
          host.behindSecureAlias
          ? host.name : try LabDelv.cnameTarget(host.name, port: port) ?? host.name
        let tlsa = try LabDelv.status(
          "_25._tcp.\(target)", "TLSA", port: port, anchor: serve.bindAnchor)
        XCTAssertEqual(tlsa, supported ?? host.tlsaStatus, "\(scenario.name): TLSA of \(target)")
      }
    }
    // Denial of existence, checked by delv: NXDOMAIN and NODATA under NSEC and NSEC3 zones.
    for (name, type) in [
      ("absent.example.", "A"), ("absent.ee-valid.example.", "A"), ("alg13.example.", "AAAA"),
      ("ee-valid.example.", "TXT"), ("absent.alg10.example.", "MX"),
    ] {
      let result = try TestProcess.run(
        "delv", ["@127.0.0.1", "-p", "\(port)", "-a", serve.bindAnchor, "+root=.", name, type],
        timeout: 20)
      XCTAssertTrue(
        result.stdout.contains("; negative response, fully validated"),
        "\(name) \(type): \(result.stdout)\(result.stderr)")
    }
    XCTAssertEqual(serve.stop(), 0, "lab serve did not exit 0 on SIGTERM")
    XCTAssertTrue(serve.output.contains("Stopping (signal 15)"), serve.output)
  }

  /// SIGHUP (its terminal closed) stops it as SIGTERM does: exit 0 and its folder, which holds
  /// the certificate keys, removed.
  func testSIGHUPStopsItAndRemovesItsFolder() throws {
    let serve = try LabServeProcess(port: try FreePort.next())
    XCTAssertTrue(FileManager.default.fileExists(atPath: serve.folder))
    XCTAssertEqual(serve.stop(signal: SIGHUP), 0)
    XCTAssertTrue(serve.output.contains("Stopping (signal 1)"), serve.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: serve.folder))
  }

  /// SIGQUIT (Ctrl-\) too: no crash report from the runtime, and the servers really stop.
  func testSIGQUITStopsItAndRemovesItsFolder() throws {
    let serve = try LabServeProcess(port: try FreePort.next())
    XCTAssertEqual(serve.stop(signal: SIGQUIT), 0)
    XCTAssertTrue(serve.output.contains("Stopping (signal 3)"), serve.output)
    XCTAssertFalse(serve.output.contains("crashed"), serve.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: serve.folder))
  }

  /// A signal while the lab is still starting leaves no lab folder behind either. The children
  /// make their folders in a private TMPDIR: other danescope processes on the machine (other
  /// test runs) make and remove theirs in /tmp meanwhile.
  func testASignalWhileStartingLeavesNoFolder() throws {
    let temporary = try TemporaryDirectory("danescope-serve-signal")
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = temporary.url.path
    for delay in [0.0, 0.03, 0.06, 0.1, 0.15, 0.2] {
      let process = Process()
      process.executableURL = DanescopeBinary.url
      process.environment = environment
      process.arguments = ["lab", "serve", "--listen", "127.0.0.1@\(try FreePort.next())"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: delay)
      process.terminate()
      process.waitUntilExit()
      let left = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path)
      XCTAssertEqual(
        left.filter { $0.hasPrefix("danescope-lab-") }, [], "SIGTERM after \(delay) s")
    }
  }

  func testServeRefusesANonLoopbackAddress() throws {
    let result = try DanescopeBinary.run(["lab", "serve", "--listen", "192.0.2.1@5353"])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.stderr.contains("'192.0.2.1' is not a loopback address"), result.stderr)
    XCTAssertTrue(result.stderr.contains("(argument 3)"), result.stderr)
    let badPort = try DanescopeBinary.run(["lab", "serve", "--port", "0"])
    XCTAssertEqual(badPort.status, 2)
    XCTAssertTrue(
      badPort.stderr.contains("--port: '0' is not a port number (1-65535) (argument 3)"),
      badPort.stderr)
  }
}

/// `danescope lab serve` run as a child process, ready once it has printed its banner.
final class LabServeProcess {
  private let process = Process()
  private let pipe = Pipe()
  private let collected = Collected()
  private(set) var folder = ""

  var bindAnchor: String { folder + "/trust-anchor.bind" }
  var output: String { collected.text }

  /// Starts `lab serve` on 127.0.0.1@`port`, inside `namespace` when one is given, with
  /// `environment` added to the test's own when given (a TMPDIR).
  init(
    port: UInt16, extraArguments: [String] = [], namespace: NetworkNamespace? = nil,
    environment: [String: String]? = nil
  ) throws {
    let arguments = ["lab", "serve", "--listen", "127.0.0.1@\(port)"] + extraArguments
    if let namespace {
      let wrapped = try namespace.command(DanescopeBinary.url.path, arguments)
      process.executableURL = try TestProcess.locate(wrapped.tool)
      process.arguments = wrapped.arguments
    } else {
      process.executableURL = DanescopeBinary.url
      process.arguments = arguments
    }
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    let collected = self.collected
    pipe.fileHandleForReading.readabilityHandler = { handle in
      collected.append(handle.availableData)
    }
    try process.run()
    _ = waitUntil(timeout: 30) {
      collected.text.contains("Stop with Ctrl-C.") || !process.isRunning
    }
    guard let line = collected.text.split(separator: "\n").first(where: { $0.hasPrefix("Files: ") })
    else {
      _ = stop()
      throw TestProcess.ToolFailed(
        command: "danescope lab serve", status: -1, output: collected.text)
    }
    folder = String(line.dropFirst("Files: ".count))
  }

  /// Sends `signal` (SIGTERM unless told) and waits; returns the exit status.
  @discardableResult
  func stop(signal: Int32 = SIGTERM) -> Int32 {
    if process.isRunning {
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
    }
    pipe.fileHandleForReading.readabilityHandler = nil
    return process.terminationStatus
  }

  deinit { stop() }

  private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
  }
}
