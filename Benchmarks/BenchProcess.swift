import Foundation

/// Runs the tools the check benchmark compares: bounded waits, captured output, and background
/// servers that are stopped when the bench is done with them.
enum BenchProcess {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  struct Failed: Error, CustomStringConvertible {
    let description: String
  }

  static func locate(_ tool: String) -> String {
    if tool.hasPrefix("/") { return tool }
    for folder in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
      let path = folder + "/" + tool
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return tool
  }

  /// Runs `tool arguments…` to completion, at most `seconds`.
  static func run(_ tool: String, _ arguments: [String], seconds: Double = 60) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: locate(tool))
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let group = DispatchGroup()
    let box = Box()
    for (pipe, isOut) in [(out, true), (err, false)] {
      group.enter()
      DispatchQueue.global().async {
        box.set(pipe.fileHandleForReading.readDataToEndOfFile(), isOut: isOut)
        group.leave()
      }
    }
    if group.wait(timeout: .now() + seconds) == .timedOut {
      process.terminate()
      throw Failed(
        description: "\(tool) \(arguments.joined(separator: " ")) took over \(seconds) s")
    }
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: box.out, stderr: box.err)
  }

  /// Runs and fails unless the tool exits 0.
  @discardableResult
  static func check(_ tool: String, _ arguments: [String]) throws -> String {
    let result = try run(tool, arguments)
    guard result.status == 0 else {
      throw Failed(
        description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): "
          + result.stderr + result.stdout)
    }
    return result.stdout
  }

  /// Starts `tool arguments…` with posix_spawn, its output thrown away, and waits at most
  /// `seconds` for it (then kills it). For timing: Foundation's `Process` closes every possible
  /// descriptor in the child, which costs ~50 ms per start here with a high descriptor limit and
  /// would drown what is measured.
  static func spawnQuietly(_ tool: String, _ arguments: [String], seconds: Double = 60) throws
    -> Int32
  {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
      posix_spawn_file_actions_addopen(
        &actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([locate(tool)] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = posix_spawn(&pid, argv[0]!, &actions, nil, argv, environ)
    guard started == 0 else {
      throw Failed(description: "cannot start \(tool): \(String(cString: strerror(started)))")
    }
    let deadline = Date().addingTimeInterval(seconds)
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
      if Date() > deadline {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        throw Failed(description: "\(tool) took over \(seconds) s")
      }
      usleep(50)
    }
    return status
  }

  private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    func set(_ data: Data, isOut: Bool) {
      lock.withLock { if isOut { outData = data } else { errData = data } }
    }
    var out: String { lock.withLock { String(decoding: outData, as: UTF8.self) } }
    var err: String { lock.withLock { String(decoding: errData, as: UTF8.self) } }
  }

  /// A server left running in the background, its output in `log`.
  final class Background {
    private let process = Process()
    let log: URL

    init(_ tool: String, _ arguments: [String], log: URL) throws {
      self.log = log
      guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
        throw Failed(description: "cannot create \(log.path)")
      }
      let handle = try FileHandle(forWritingTo: log)
      process.executableURL = URL(fileURLWithPath: locate(tool))
      process.arguments = arguments
      process.standardOutput = handle
      process.standardError = handle
      process.standardInput = FileHandle.nullDevice
      try process.run()
    }

    /// Waits until the log shows `text`, at most `seconds`.
    func wait(for text: String, seconds: Double) throws {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if output.contains(text) { return }
        if !process.isRunning {
          throw Failed(description: "\(process.arguments ?? []) exited: \(output.suffix(2000))")
        }
        Thread.sleep(forTimeInterval: 0.05)
      }
      throw Failed(description: "no '\(text)' within \(seconds) s in \(log.path)")
    }

    func stop() {
      guard process.isRunning else { return }
      process.terminate()
      let deadline = Date().addingTimeInterval(5)
      while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }

    deinit { stop() }
  }
}
