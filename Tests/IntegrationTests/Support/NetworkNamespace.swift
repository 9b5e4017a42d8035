import Foundation
import XCTest

/// A private network namespace for one test (`ip netns add`), with only its own loopback up.
///
/// Tools that insist on port 53 (glibc's resolver, and so posttls-finger) get it here without
/// touching the machine's port 53: inside the namespace, 127.0.0.1:53 is the test's own. Servers
/// started with `command(_:)` run inside it; nothing in it can reach any other address.
/// The namespace is deleted by `remove()` and, as a safety net, in `deinit`.
final class NetworkNamespace {
  let name: String
  private var isRemoved = false

  init() throws {
    name = "danescope-\(UUID().uuidString.prefix(8).lowercased())"
    try TestProcess.check("ip", ["netns", "add", name], timeout: 10)
    do {
      try TestProcess.check(
        "ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"], timeout: 10)
    } catch {
      remove()
      throw error
    }
  }

  /// The argument vector that runs `tool arguments…` inside the namespace.
  func command(_ tool: String, _ arguments: [String]) throws -> (tool: String, arguments: [String])
  {
    let path = tool.hasPrefix("/") ? tool : try TestProcess.locate(tool).path
    return ("ip", ["netns", "exec", name, path] + arguments)
  }

  /// Runs `tool arguments…` inside the namespace to completion (bounded by `timeout`).
  @discardableResult
  func run(_ tool: String, _ arguments: [String], timeout: TimeInterval = 60) throws
    -> TestProcess.Result
  {
    let wrapped = try command(tool, arguments)
    return try TestProcess.run(wrapped.tool, wrapped.arguments, timeout: timeout)
  }

  /// Runs `tool` inside the namespace *and* a private mount namespace in which `resolvConf` is
  /// bind-mounted over /etc/resolv.conf: glibc-resolver clients (posttls-finger) then ask the
  /// test's own resolver. The bind mount dies with that mount namespace.
  func runWithResolvConf(
    _ resolvConf: URL, _ tool: String, _ arguments: [String], environment: [String: String] = [:],
    timeout: TimeInterval = 60
  ) throws -> TestProcess.Result {
    let toolPath = try TestProcess.locate(tool).path
    let quoted = ([toolPath] + arguments).map(Self.shellQuote).joined(separator: " ")
    let script =
      "mount --bind \(Self.shellQuote(resolvConf.path)) /etc/resolv.conf && exec \(quoted)"
    return try TestProcess.run(
      "ip",
      ["netns", "exec", name, "unshare", "-m", "--propagation", "private", "sh", "-c", script],
      timeout: timeout, environment: environment)
  }

  func remove() {
    guard !isRemoved else { return }
    isRemoved = true
    _ = try? TestProcess.run("ip", ["netns", "del", name], timeout: 10)
  }

  deinit { remove() }

  static func shellQuote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
