import Foundation
import XCTest

/// Runs real tools (ldns-signzone, nsd, delv, …) for the integration tests: bounded waits,
/// captured output, and a clear failure that names the tool when it is missing.
enum TestProcess {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// Looks a tool up in PATH and the sbin folders (nsd and postfix live there).
  static func locate(_ tool: String) throws -> URL {
    if tool.hasPrefix("/") {
      guard FileManager.default.isExecutableFile(atPath: tool) else {
        throw MissingTool(tool: tool)
      }
      return URL(fileURLWithPath: tool)
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin"]
    for folder in folders {
      let candidate = URL(fileURLWithPath: folder).appendingPathComponent(tool)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw MissingTool(tool: tool)
  }

  struct MissingTool: Error, CustomStringConvertible {
    let tool: String
    var description: String {
      "\(tool) is not installed: run `make test-deps` (scripts/deps.sh test)"
    }
  }

  struct TimedOut: Error, CustomStringConvertible {
    let command: String
    let seconds: TimeInterval
    var description: String { "\(command) did not finish within \(seconds) s" }
  }

  /// Runs `tool arguments…` to completion (at most `timeout` seconds) in `directory`.
  @discardableResult
  static func run(
    _ tool: String, _ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 60,
    environment: [String: String]? = nil, stdin: Data? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = tool.hasPrefix("/") ? URL(fileURLWithPath: tool) : try locate(tool)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.runWithEmptySignalMask()
    if let stdin {
      input.fileHandleForWriting.write(stdin)
      try? input.fileHandleForWriting.close()
    }
    let collected = collect(out, err, timeout: timeout)
    if !collected.finished {
      process.stop()
      throw TimedOut(command: ([tool] + arguments).joined(separator: " "), seconds: timeout)
    }
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: collected.out, stderr: collected.err)
  }

  /// Runs the tool and fails (throws) unless it exits 0; returns its standard output.
  @discardableResult
  static func check(
    _ tool: String, _ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 60
  ) throws -> String {
    let result = try run(tool, arguments, in: directory, timeout: timeout)
    guard result.status == 0 else {
      throw ToolFailed(
        command: ([tool] + arguments).joined(separator: " "), status: result.status,
        output: result.stderr + result.stdout)
    }
    return result.stdout
  }

  struct ToolFailed: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let output: String
    var description: String { "\(command) exited \(status): \(output.prefix(2000))" }
  }

  private static func collect(_ out: Pipe, _ err: Pipe, timeout: TimeInterval) -> (
    finished: Bool, out: String, err: String
  ) {
    let group = DispatchGroup()
    let box = OutputBox()
    group.enter()
    DispatchQueue.global().async {
      box.setOut(out.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      box.setErr(err.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let finished = group.wait(timeout: .now() + timeout) == .success
    let (o, e) = box.values
    return (finished, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    func setOut(_ data: Data) { lock.withLock { out = data } }
    func setErr(_ data: Data) { lock.withLock { err = data } }
    var values: (Data, Data) { lock.withLock { (out, err) } }
  }
}

/// The one wait-until-ready loop of the tests: checks `condition` every `interval` seconds until
/// it holds (true) or `timeout` seconds pass (false). Readiness only: never a timed assertion.
func waitUntil(
  timeout: TimeInterval, interval: TimeInterval = 0.05, _ condition: () throws -> Bool
) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while true {
    if try condition() { return true }
    if Date() >= deadline { return false }
    Thread.sleep(forTimeInterval: interval)
  }
}

/// A private temporary folder, removed when the test is done with it.
final class TemporaryDirectory {
  let url: URL

  init(_ prefix: String = "danescope-test") throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  func write(_ name: String, _ text: String) throws -> URL {
    let target = file(name)
    try text.write(to: target, atomically: true, encoding: .utf8)
    return target
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// Free loopback ports: bind port 0, read what the kernel chose, close. A small race remains
/// (another process may take the port before the server binds it); servers started with such a
/// port are checked for readiness, so a lost race fails loudly rather than silently.
enum FreePort {
  static func next(udpToo: Bool = true) throws -> UInt16 {
    for _ in 0..<20 {
      let port = try bindEphemeral(type: Int32(SOCK_STREAM.rawValue), port: 0)
      if !udpToo { return port }
      if (try? bindEphemeral(type: Int32(SOCK_DGRAM.rawValue), port: port)) != nil { return port }
    }
    throw NoFreePort()
  }

  struct NoFreePort: Error {}

  /// A socket of `type` bound to 127.0.0.1:`port` (0: the kernel chooses), or nil. The caller
  /// owns the descriptor.
  static func bindLoopback(type: Int32, port: UInt16) -> Int32? {
    loopbackSocket(type: type, port: port) { bind($0, $1, $2) }
  }

  /// A new socket of `type` on which `operation` (bind or connect) succeeded with the address
  /// 127.0.0.1:`port`, or nil (the socket closed again). The caller owns the descriptor.
  static func loopbackSocket(
    type: Int32, port: UInt16, _ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
  ) -> Int32? {
    let fd = socket(AF_INET, type, 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        operation(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      return nil
    }
    return fd
  }

  private static func bindEphemeral(type: Int32, port: UInt16) throws -> UInt16 {
    guard let fd = bindLoopback(type: type, port: port) else { throw NoFreePort() }
    defer { close(fd) }
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
  }
}

extension Process {
  /// `run()` on a thread whose signal mask is empty. A child inherits the signal mask of the
  /// thread that spawns it, and Swift concurrency and Dispatch threads block most signals: a
  /// server started from an async test would ignore SIGTERM (nsd then only stops on SIGKILL).
  /// The thread is `ProcessLauncher`'s, which lives as long as the test process: Foundation ties
  /// each child to the run loop of the thread that started it and touches that run loop again
  /// when the child exits, so a thread that ended in between made the tests crash (a freed run
  /// loop, seen in Process.terminateRunLoop when a short-lived tool exited).
  func runWithEmptySignalMask() throws {
    final class Outcome: @unchecked Sendable { var error: Error? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    ProcessLauncher.shared.perform { [self] in
      do { try run() } catch { outcome.error = error }
      done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
  }

  /// Stops a child for good: SIGTERM, then SIGKILL from a watchdog if it is still there after
  /// `graceSeconds`. `waitUntilExit()` alone can hang forever on a child that ignores SIGTERM;
  /// polling `isRunning` is not reliable while an async test holds the thread.
  func stop(graceSeconds: Double = 5) {
    guard isRunning else { return }
    let pid = processIdentifier
    let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + graceSeconds, execute: watchdog)
    terminate()
    waitUntilExit()
    watchdog.cancel()
  }
}

/// The one thread the tests start children from: no signal blocked, never ends, runs what it is
/// given in order.
final class ProcessLauncher: @unchecked Sendable {
  // @unchecked: `jobs` is only touched with `condition` locked.
  static let shared = ProcessLauncher()

  private let condition = NSCondition()
  private var jobs: [() -> Void] = []

  private init() {
    let thread = Thread { [self] in
      var empty = sigset_t()
      sigemptyset(&empty)
      pthread_sigmask(SIG_SETMASK, &empty, nil)
      while true { next()() }
    }
    thread.name = "danescope-test-launcher"
    thread.start()
  }

  func perform(_ job: @escaping () -> Void) {
    condition.withLock {
      jobs.append(job)
      condition.signal()
    }
  }

  private func next() -> () -> Void {
    condition.withLock {
      while jobs.isEmpty { condition.wait() }
      return jobs.removeFirst()
    }
  }
}
