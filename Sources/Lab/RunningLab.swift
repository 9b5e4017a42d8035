import FoundationEssentials
import ValidationCore

/// A started lab: its zones written to a private folder (mode 0700), ready for libunbound as
/// in-process auth-zones, and its STARTTLS servers listening. `stop()` ends the servers and
/// removes the folder.
public final class RunningLab: @unchecked Sendable {
  // @unchecked: every stored property is immutable except `isStopped`, guarded by `lock`.
  public let build: LabBuild
  /// The private folder holding the zones, trust anchors and certificates.
  public let folder: URL
  public let servers: LabSMTPServers
  private let lock = Lock()
  private var isStopped = false

  init(build: LabBuild, folder: URL, servers: LabSMTPServers) {
    self.build = build
    self.folder = folder
    self.servers = servers
  }

  deinit { stop() }

  public var scenarios: [Scenario] { Lab.scenarios }

  /// Each zone's origin with the absolute path of its file.
  public var zoneFiles: [(origin: DNSName, path: String)] {
    build.zones.map {
      (
        $0.origin,
        folder.appendingPathComponent(LabBuild.Layout.zones)
          .appendingPathComponent($0.fileName).path
      )
    }
  }

  /// The lab root's DS record, one line, as unbound's `trust-anchor:` takes it.
  public var trustAnchorLine: String {
    build.trustAnchorText.trimmingWhitespace(andNewlines: true)
  }

  public var trustAnchorFile: String {
    folder.appendingPathComponent(LabBuild.Layout.trustAnchor).path
  }

  /// Where to connect for each lab MX host (its 127.0.0.x address and the shared port), under
  /// its own name and under each alias an MX record may name.
  public var endpoints: [DNSName: LabEndpoint] {
    var map: [DNSName: LabEndpoint] = [:]
    for (host, endpoint) in servers.endpoints {
      for name in [host.name] + host.aliases where map[name] == nil { map[name] = endpoint }
    }
    return map
  }

  public var smtpPort: UInt16 { servers.port }

  /// Stops the servers and removes the private folder; calling it again does nothing.
  public func stop() {
    let wasRunning = lock.withLock {
      defer { isStopped = true }
      return !isStopped
    }
    guard wasRunning else { return }
    servers.stop()
    LabFiles.removePrivateTemporaryFolder(folder)
  }
}

extension Lab {
  /// Builds the lab, writes it to a fresh private temporary folder and starts one STARTTLS server
  /// per MX host on one shared high port (`smtpPort` 0 lets the kernel pick it).
  public static func start(
    clock: Clock, keys: LabKeyCache = .userDefault, smtpPort: UInt16 = 0
  ) async throws(LabError) -> RunningLab {
    try startNow(clock: clock, keys: keys, smtpPort: smtpPort)
  }

  /// `start`, for callers outside async code (the benchmark). Nothing in it waits on I/O for
  /// long: key generation, signing, file writes and binding sockets.
  public static func startNow(
    clock: Clock, keys: LabKeyCache = .userDefault, smtpPort: UInt16 = 0
  ) throws(LabError) -> RunningLab {
    let build = try Lab.build(clock: clock, keys: keys)
    let folder = try LabFiles.makePrivateTemporaryFolder { (folder) throws(LabError) in
      try build.write(to: folder)
    }
    do throws(LabError) {
      let servers = try LabSMTPServers(hosts: build.hosts, port: smtpPort)
      return RunningLab(build: build, folder: folder, servers: servers)
    } catch {
      LabFiles.removePrivateTemporaryFolder(folder)
      throw error
    }
  }
}

extension RunningLab {
  /// The lab's zones as libunbound in-process auth-zones, trusting only the lab root.
  public var resolverConfiguration: ResolverConfiguration {
    .inProcess(
      zones: zoneFiles.map { InProcessZone(name: $0.origin, zoneFile: $0.path) },
      trustAnchors: [trustAnchorLine])
  }
}
