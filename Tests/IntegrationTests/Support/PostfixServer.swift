import Foundation
import XCTest

/// A private Postfix instance for a test: `postfix -c DIR start` with a minimal main.cf and
/// master.cf (every chroot column `n`), smtpd on 127.0.0.1 and [::1] at a high port, STARTTLS
/// with the certificate chain and key the test made. Only smtpd is reachable; nothing relays
/// (mydestination and relay_domains are empty) and no test sends mail.
/// Stopped by `stop()` and, as a safety net, in `deinit`.
final class PostfixServer {
  struct TLSFiles {
    /// PEM: the leaf first, then whatever chain the server should send.
    let chain: URL
    let key: URL
  }

  let port: UInt16
  let folder: TemporaryDirectory
  private let configFolder: URL
  private let namespace: NetworkNamespace?
  private var isStopped = false

  /// Starts Postfix and waits until its master says it runs. With `tls == nil` the server offers
  /// no STARTTLS. With a `namespace`, the master (and so smtpd) run inside it.
  /// `addresses` are where smtpd listens, as master.cf spells them (`127.0.0.1`, `[::1]`).
  init(
    tls: TLSFiles?, port: UInt16? = nil, hostname: String = "mx.danescope.invalid",
    addresses: [String] = ["127.0.0.1", "[::1]"], namespace: NetworkNamespace? = nil,
    timeout: TimeInterval = 30
  ) throws {
    self.port = try port ?? FreePort.next(udpToo: false)
    self.namespace = namespace
    folder = try TemporaryDirectory("danescope-postfix")
    configFolder = folder.file("conf")
    let queue = folder.file("queue")
    let data = folder.file("data")
    for directory in [configFolder, queue, data] {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    // The master's lock file lives in data_directory, which must belong to mail_owner.
    try TestProcess.check("chown", ["postfix", data.path], timeout: 10)
    _ = try folder.write(
      "conf/main.cf",
      Self.mainConfig(folder: folder.url, queue: queue, data: data, hostname: hostname, tls: tls))
    _ = try folder.write(
      "conf/master.cf", Self.masterConfig(port: self.port, addresses: addresses))
    try control("start", timeout: timeout)
    try waitUntilRunning(timeout: timeout)
  }

  /// postfix(1) logs its own errors to syslog unless a log file is set, so every start and stop
  /// goes through `maillog_file`; its tail is part of any failure.
  var log: String {
    (try? String(contentsOf: folder.file("maillog"), encoding: .utf8)) ?? ""
  }

  private func control(_ verb: String, timeout: TimeInterval) throws {
    let arguments = ["-c", configFolder.path, verb]
    let result: TestProcess.Result
    if let namespace {
      result = try namespace.run("postfix", arguments, timeout: timeout)
    } else {
      result = try TestProcess.run("postfix", arguments, timeout: timeout)
    }
    guard result.status == 0 else {
      throw TestProcess.ToolFailed(
        command: "postfix \(arguments.joined(separator: " "))", status: result.status,
        output: result.stderr + result.stdout + "\n" + String(log.suffix(2000)))
    }
  }

  private func waitUntilRunning(timeout: TimeInterval) throws {
    if waitUntil(timeout: timeout, { log.contains("daemon started") }) { return }
    stop()
    throw TestProcess.ToolFailed(
      command: "postfix start", status: -1, output: "no 'daemon started' in the log: \(log)")
  }

  func stop() {
    guard !isStopped else { return }
    isStopped = true
    try? control("stop", timeout: 30)
  }

  deinit { stop() }

  static func mainConfig(
    folder: URL, queue: URL, data: URL, hostname: String, tls: TLSFiles?
  ) -> String {
    var lines = [
      "compatibility_level = 3.6",
      "queue_directory = \(queue.path)",
      "data_directory = \(data.path)",
      "mail_owner = postfix",
      "setgid_group = postdrop",
      "inet_interfaces = loopback-only",
      "inet_protocols = all",
      "myhostname = \(hostname)",
      "mydestination =",
      "relay_domains =",
      "mynetworks = 127.0.0.0/8",
      "smtpd_banner = $myhostname ESMTP danescope-test",
      "maillog_file_prefixes = \(folder.path)",
      "maillog_file = \(folder.appendingPathComponent("maillog").path)",
      "smtpd_relay_restrictions = reject",
      // No reverse lookup of the client: inside a test namespace smtpd would ask the machine's
      // resolver, which is not on loopback.
      "smtpd_peername_lookup = no",
    ]
    if let tls {
      lines += [
        "smtpd_tls_security_level = may",
        "smtpd_tls_chain_files = \(tls.key.path), \(tls.chain.path)",
      ]
    } else {
      lines.append("smtpd_tls_security_level = none")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// smtpd on the given loopback addresses, and the internal services smtpd needs; no chroot.
  static func masterConfig(port: UInt16, addresses: [String]) -> String {
    let listeners = addresses.map { "\($0):\(port) inet n - n - - smtpd" }
    let services =
      listeners + [
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "tlsmgr unix - - n 1000? 1 tlsmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "proxymap unix - - n - - proxymap",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
      ]
    return services.joined(separator: "\n") + "\n"
  }
}
