import Foundation
import XCTest

/// A real NSD serving the given zone files on 127.0.0.1 at a free high port (UDP and TCP), run
/// from a private temporary folder. It is ready when `init` returns (it has answered an SOA
/// query for its first zone) and stopped by `stop()` or when the object goes away.
final class NSDServer {
  struct Zone {
    let name: String
    let file: URL

    init(_ name: String, file: URL) {
      self.name = name
      self.file = file
    }
  }

  let port: UInt16
  let folder: TemporaryDirectory
  let zones: [Zone]
  private let process: Process

  /// `forwarder` form for danescope and libunbound: `127.0.0.1@PORT`.
  var address: String { "127.0.0.1@\(port)" }

  /// Starts nsd and waits (at most `readyTimeout` seconds) until it answers. A port lost to
  /// another process between choosing and binding is retried with a new port.
  init(zones: [Zone], readyTimeout: TimeInterval = 15) throws {
    precondition(!zones.isEmpty, "nsd needs at least one zone")
    self.zones = zones
    folder = try TemporaryDirectory("danescope-nsd")
    let nsd = try TestProcess.locate("nsd")
    _ = try TestProcess.locate("drill")
    var lastFailure = ""
    for _ in 0..<3 {
      let port = try FreePort.next()
      let config = try folder.write(
        "nsd.conf", Self.configuration(port: port, folder: folder.url, zones: zones))
      let process = Process()
      process.executableURL = nsd
      process.arguments = ["-d", "-c", config.path]
      process.currentDirectoryURL = folder.url
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.runWithEmptySignalMask()
      if Self.waitUntilAnswering(process, port: port, zone: zones[0].name, timeout: readyTimeout) {
        self.port = port
        self.process = process
        return
      }
      process.stop()
      lastFailure = (try? String(contentsOf: folder.file("nsd.log"), encoding: .utf8)) ?? ""
    }
    throw StartFailed(log: lastFailure)
  }

  struct StartFailed: Error, CustomStringConvertible {
    let log: String
    var description: String { "nsd did not start answering on 127.0.0.1: \(log.suffix(2000))" }
  }

  static func configuration(port: UInt16, folder: URL, zones: [Zone]) -> String {
    let path = folder.path
    var text = """
      server:
        ip-address: 127.0.0.1
        port: \(port)
        database: ""
        zonelistfile: "\(path)/zone.list"
        xfrdfile: "\(path)/xfrd.state"
        pidfile: "\(path)/nsd.pid"
        logfile: "\(path)/nsd.log"
        zonesdir: "\(path)"
        username: ""
        chroot: ""
        server-count: 1
        verbosity: 1
        hide-version: yes
      remote-control:
        control-enable: no

      """
    for zone in zones {
      text += """
        zone:
          name: "\(zone.name)"
          zonefile: "\(zone.file.path)"

        """
    }
    return text
  }

  /// Polls with drill until nsd answers an SOA query with NOERROR. Over TCP: before nsd listens
  /// the connection is refused at once, where a UDP query would wait for drill's own timeout.
  private static func waitUntilAnswering(
    _ process: Process, port: UInt16, zone: String, timeout: TimeInterval
  ) -> Bool {
    var exited = false
    let answering = waitUntil(timeout: timeout, interval: 0.1) {
      exited = !process.isRunning
      if exited { return true }
      let probe = try? TestProcess.run(
        "drill", ["-t", "-p", String(port), zone, "@127.0.0.1", "SOA"], timeout: 3)
      return probe?.status == 0 && probe?.stdout.contains("rcode: NOERROR") == true
    }
    return answering && !exited
  }

  /// Stops nsd (SIGTERM, then SIGKILL after five seconds). Safe to call twice.
  func stop() {
    process.stop()
  }

  deinit { stop() }
}
