import Foundation
import XCTest

/// A real unbound daemon for a test: its own folder, config and log, on a loopback address and
/// port, serving the test's zones as auth-zones (or stubs to the test's nsd) and validating with
/// the test's trust anchor. Stopped by `stop()` and, as a safety net, in `deinit`.
///
/// Nothing leaks to the internet: the configuration must give unbound a way to answer every
/// name it will be asked (an auth-zone for "." in the usual case, the test's own signed root);
/// `auth-zone` uses `fallback-enabled: no`, so a missing answer is an error, never a query to the
/// built-in root servers. `do-not-query-localhost: no` lets stubs point at 127.0.0.1.
final class UnboundServer {
  struct AuthZone {
    let name: String
    let file: URL
  }

  struct Stub {
    let name: String
    /// `127.0.0.1@5353`, as unbound.conf spells it.
    let address: String
  }

  let address: String
  let port: UInt16
  let folder: TemporaryDirectory
  let configFile: URL
  let logFile: URL
  private let process: Process
  private var isStopped = false

  /// Starts unbound and waits (at most `timeout` seconds) until it says it serves. With a
  /// `namespace` it runs inside that network namespace (where `port` may be 53).
  init(
    authZones: [AuthZone] = [], stubs: [Stub] = [], trustAnchorFile: URL?,
    address: String = "127.0.0.1", port: UInt16? = nil, namespace: NetworkNamespace? = nil,
    extraServerLines: [String] = [], timeout: TimeInterval = 20
  ) throws {
    self.address = address
    self.port = try port ?? FreePort.next()
    folder = try TemporaryDirectory("danescope-unbound")
    logFile = folder.file("unbound.log")
    configFile = try folder.write(
      "unbound.conf",
      Self.makeConfig(
        folder: folder.url, logFile: logFile, address: address, port: self.port,
        authZones: authZones, stubs: stubs, trustAnchorFile: trustAnchorFile,
        extraServerLines: extraServerLines))
    let check = try TestProcess.run("unbound-checkconf", [configFile.path], timeout: 20)
    guard check.status == 0 else {
      throw TestProcess.ToolFailed(
        command: "unbound-checkconf \(configFile.path)", status: check.status,
        output: check.stdout + check.stderr)
    }
    let unbound = try TestProcess.locate("unbound").path
    let arguments = ["-d", "-c", configFile.path]
    process = Process()
    if let namespace {
      let wrapped = try namespace.command(unbound, arguments)
      process.executableURL = try TestProcess.locate(wrapped.tool)
      process.arguments = wrapped.arguments
    } else {
      process.executableURL = URL(fileURLWithPath: unbound)
      process.arguments = arguments
    }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.runWithEmptySignalMask()
    try waitUntilServing(timeout: timeout)
  }

  /// The `ADDR@PORT` form unbound and danescope's `--forwarder` take.
  var forwarderAddress: String { "\(address)@\(port)" }

  private func waitUntilServing(timeout: TimeInterval) throws {
    let serving = try waitUntil(timeout: timeout) {
      if log.contains("start of service") { return true }
      if !process.isRunning {
        throw StartFailed(reason: "unbound exited with \(process.terminationStatus)", log: log)
      }
      return false
    }
    if serving { return }
    stop()
    throw StartFailed(reason: "unbound did not start within \(timeout) s", log: log)
  }

  struct StartFailed: Error, CustomStringConvertible {
    let reason: String
    let log: String
    var description: String { "\(reason); its log:\n\(log.suffix(3000))" }
  }

  /// The log so far (unbound's `why` for bogus answers is in it at val-log-level 2).
  var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

  func stop() {
    guard !isStopped else { return }
    isStopped = true
    process.stop()
  }

  deinit { stop() }

  static func makeConfig(
    folder: URL, logFile: URL, address: String, port: UInt16, authZones: [AuthZone],
    stubs: [Stub], trustAnchorFile: URL?, extraServerLines: [String]
  ) -> String {
    var lines = [
      "server:",
      "  verbosity: 1",
      "  val-log-level: 2",
      "  use-syslog: no",
      "  logfile: \"\(logFile.path)\"",
      "  log-time-ascii: yes",
      "  directory: \"\(folder.path)\"",
      "  pidfile: \"\(folder.appendingPathComponent("unbound.pid").path)\"",
      "  chroot: \"\"",
      "  username: \"\"",
      "  do-daemonize: no",
      "  interface: \(address)@\(port)",
      "  port: \(port)",
      "  access-control: 127.0.0.0/8 allow",
      "  access-control: ::1 allow",
      "  do-ip6: no",
      "  do-not-query-localhost: no",
      "  num-threads: 1",
      "  module-config: \"validator iterator\"",
      "  qname-minimisation: no",
      "  local-zone: \"test.\" nodefault",
      "  local-zone: \"example.\" nodefault",
    ]
    if let trustAnchorFile {
      lines.append("  trust-anchor-file: \"\(trustAnchorFile.path)\"")
    }
    lines += extraServerLines.map { "  " + $0 }
    lines += ["remote-control:", "  control-enable: no"]
    for zone in authZones {
      lines += [
        "auth-zone:",
        "  name: \"\(zone.name)\"",
        "  zonefile: \"\(zone.file.path)\"",
        "  for-downstream: no",
        "  for-upstream: yes",
        "  fallback-enabled: no",
      ]
    }
    for stub in stubs {
      lines += ["stub-zone:", "  name: \"\(stub.name)\"", "  stub-addr: \(stub.address)"]
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension UnboundServer {
  /// A real unbound over the exported lab's zones for mx1.ee-valid.example. (the root,
  /// example. and ee-valid.example. as auth-zones), with `serverLines` giving its anchors.
  static func overLab(_ lab: URL, serverLines: [String]) throws -> UnboundServer {
    let zones = ["root": ".", "example": "example.", "ee-valid.example": "ee-valid.example."]
    return try UnboundServer(
      authZones: zones.map {
        AuthZone(name: $0.value, file: lab.appendingPathComponent("zones/\($0.key).zone"))
      }, trustAnchorFile: nil, extraServerLines: serverLines)
  }

  /// unbound's verdict on `name` A, asked with dig: "secure" with the AD bit set (RFC 4035
  /// §3.2.3), "bogus" for SERVFAIL (what unbound answers for a bogus answer), else "insecure".
  func verdict(on name: String) throws -> String {
    let dig = try TestProcess.run(
      "dig",
      ["+dnssec", "+tries=1", "+time=5", "-p", "\(port)", "@\(address)", name, "A"],
      timeout: 20)
    if dig.stdout.contains("status: SERVFAIL") { return "bogus" }
    return try setsAD(on: name) ? "secure" : "insecure"
  }

  /// Whether unbound sets the AD bit (RFC 4035 §3.2.3: the answer validated secure) on its
  /// NOERROR answer for `name` A, asked with dig.
  func setsAD(on name: String) throws -> Bool {
    let dig = try TestProcess.run(
      "dig",
      ["+dnssec", "+tries=1", "+time=5", "-p", "\(port)", "@\(address)", name, "A"],
      timeout: 20)
    let flags = try XCTUnwrap(
      dig.stdout.split(separator: "\n").first { $0.hasPrefix(";; flags:") }, dig.stdout)
    XCTAssertTrue(dig.stdout.contains("status: NOERROR"), dig.stdout)
    // ";; flags: qr rd ra ad; QUERY: 1, …": the words between "flags:" and the next ";".
    let words = flags.dropFirst(";; flags:".count).prefix { $0 != ";" }
    return words.split(separator: " ").contains("ad")
  }
}
