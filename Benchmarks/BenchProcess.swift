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
