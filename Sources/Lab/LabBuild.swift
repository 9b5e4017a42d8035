import FoundationEssentials
import Glibc
import ValidationCore

/// Everything the lab made: signed zones, the trust anchor, the certificates and the MX hosts.
public struct LabBuild: Sendable {
  /// The root first, then the TLD, then the scenario zones.
  public let zones: [LabZone]
  /// The DS of the lab root's KSK: the one trust anchor of the lab.
  public let trustAnchor: DSData
  public let hosts: [LabHost]
  public let authority: LabCertificate
  public let intermediate: LabCertificate
  public let builtAt: Date
  /// Why the keys could not be kept in the per-user cache (LabKeyCache), nil when they were:
  /// then the keys, and so the trust anchor, are new for this run only, and the user is told.
  public var keyCacheProblem: String? = nil

  /// One line saying that the key cache could not be used, why, and what that means; nil when
  /// it was used. Commands print it on stderr, the console on its status line.
  public var keyCacheWarning: String? {
    keyCacheProblem.map {
      "the lab's key cache cannot be used (\($0)): the lab's keys, and so its trust anchor,"
        + " are new for this run"
    }
  }

  /// `. 3600 IN DS …`, the form unbound's `trust-anchor-file` and `--trust-anchor` read.
  public var trustAnchorText: String {
    LabZoneText.line(ResourceRecord(name: .root, ttl: 3600, rdata: .ds(trustAnchor))) + "\n"
  }

  /// The same anchor in BIND's syntax, for `delv -a FILE`.
  public var bindTrustAnchorText: String {
    "trust-anchors {\n  \".\" static-ds \(trustAnchor.keyTag) \(trustAnchor.algorithm.rawValue) "
      + "\(trustAnchor.digestType.rawValue) \"\(Hex.encodeUppercase(trustAnchor.digest))\";\n};\n"
  }

  /// The folder layout `write` produces.
  public enum Layout {
    public static let zones = "zones"
    public static let certificates = "certs"
    public static let trustAnchor = "trust-anchor.ds"
    public static let bindTrustAnchor = "trust-anchor.bind"
    public static let unboundConf = "unbound.conf"
    /// A folder holding the main.cf posttls-finger reads (`MAIL_CONFIG=…/postfix`).
    public static let postfixConfig = "postfix"
  }

  /// The least main.cf posttls-finger needs to run (it stops without one, and Debian's postfix
  /// installed with "No configuration" has none); everything else keeps Postfix's defaults.
  public static let postfixMainCf = """
    # danescope lab: for posttls-finger only (MAIL_CONFIG=THIS_FOLDER posttls-finger ...)
    compatibility_level = 3.6
    myhostname = client.danescope.invalid

    """

  /// Writes zones, trust anchors, certificates, an unbound.conf and a main.cf for posttls-finger
  /// under `folder` (which must exist). The unbound.conf serves the lab zones as a validating resolver on `listen`.
  public func write(to folder: URL, listen: LabListenAddress = .defaultResolver) throws(LabError) {
    let zonesFolder = folder.appendingPathComponent(Layout.zones)
    let certificates = folder.appendingPathComponent(Layout.certificates)
    try LabFiles.makeFolder(zonesFolder)
    try LabFiles.makeFolder(certificates)
    for zone in zones {
      try LabFiles.write(zone.text, to: zonesFolder.appendingPathComponent(zone.fileName))
    }
    try LabFiles.write(trustAnchorText, to: folder.appendingPathComponent(Layout.trustAnchor))
    try LabFiles.write(
      bindTrustAnchorText, to: folder.appendingPathComponent(Layout.bindTrustAnchor))
    try LabFiles.write(authority.pem, to: certificates.appendingPathComponent("lab-ca.pem"))
    for host in hosts {
      let base = String(host.name.description.dropLast())
      try LabFiles.write(
        host.chain.map(\.pem).joined(), to: certificates.appendingPathComponent("\(base).pem"))
      try LabFiles.write(
        host.chain[0].privateKeyPEM, to: certificates.appendingPathComponent("\(base).key"),
        mode: 0o600)
    }
    let postfix = folder.appendingPathComponent(Layout.postfixConfig)
    try LabFiles.makeFolder(postfix)
    try LabFiles.write(Self.postfixMainCf, to: postfix.appendingPathComponent("main.cf"))
    try LabFiles.write(
      unboundConf(folder: folder, listen: listen),
      to: folder.appendingPathComponent(Layout.unboundConf))
  }

  /// An unbound.conf that loads every lab zone as an auth-zone and validates from the lab root.
  public func unboundConf(folder: URL, listen: LabListenAddress) -> String {
    var text = """
      # danescope lab: a validating resolver over the lab zones (run: unbound -d -c THIS_FILE)
      server:
        interface: \(listen.address)
        port: \(listen.port)
        do-daemonize: no
        username: ""
        chroot: ""
        directory: "\(folder.path)"
        pidfile: ""
        use-syslog: no
        logfile: ""
        do-ip6: \(listen.isIPv6 ? "yes" : "no")
        access-control: \(listen.isIPv6 ? "::1" : "127.0.0.0/8") allow
        trust-anchor-file: "\(folder.appendingPathComponent(Layout.trustAnchor).path)"
        module-config: "validator iterator"
        val-log-level: 2

      """
    for zone in zones {
      let file = folder.appendingPathComponent(Layout.zones).appendingPathComponent(zone.fileName)
      text += """

        auth-zone:
          name: "\(zone.origin)"
          zonefile: "\(file.path)"
          for-upstream: yes
          for-downstream: no
          fallback-enabled: no

        """
    }
    return text
  }

  public func host(named name: DNSName) -> LabHost? { hosts.first { $0.name == name } }
}

/// A loopback address and port to listen on (`127.0.0.1@5300`).
public struct LabListenAddress: Sendable, Equatable, CustomStringConvertible {
  public let address: String
  public let port: UInt16

  public static let defaultResolver = LabListenAddress(address: "127.0.0.1", port: 5300)
  public static let defaultServe = LabListenAddress(address: "127.0.0.1", port: 5353)

  public init(address: String, port: UInt16) {
    self.address = address
    self.port = port
  }

  /// Parses `ADDR[@PORT]`; the address must be IPv4 loopback (127.0.0.0/8) or ::1.
  public init(parsing text: String, defaultPort: UInt16) throws(LabError) {
    let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
      .map(String.init)
    let first = parts[0]
    var port = defaultPort
    if parts.count == 2 {
      guard let value = DecimalNumber.integer(parts[1], as: UInt16.self), value > 0 else {
        throw .badValue(
          option: "--listen", "'\(parts[1])' in '\(text)' is not a port number (1-65535)")
      }
      port = value
    }
    guard Self.isAddress(first) else {
      throw .badValue(
        option: "--listen",
        "'\(first)' is not an IP address (expected ADDR[@PORT], e.g. 127.0.0.1@5353)")
    }
    guard Self.isLoopback(first) else { throw .notLoopback(first) }
    self.init(address: first, port: port)
  }

  static func isAddress(_ text: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }

  public var isIPv6: Bool { address.contains(":") }

  static func isLoopback(_ address: String) -> Bool {
    if address == "::1" { return true }
    var parsed = in_addr()
    guard inet_pton(AF_INET, address, &parsed) == 1 else { return false }
    return UInt32(bigEndian: parsed.s_addr) >> 24 == 127
  }

  public var description: String { "\(address)@\(port)" }
}

/// File writing with the modes the lab needs.
enum LabFiles {
  static func makeFolder(_ url: URL) throws(LabError) {
    do {
      try FileManager.default.createDirectory(
        at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      if let code = ((error as? CocoaError)?.underlying as? POSIXError)?.code.rawValue {
        throw .cannotWrite(path: url.path, errno: code)
      }
      throw .fileSystem("cannot create folder: \(String(describing: error))", path: url.path)
    }
  }

  static func write(_ text: String, to url: URL, mode: Int = 0o644) throws(LabError) {
    let problem = OutputFile.write(text, to: url.path, flags: O_TRUNC, mode: mode_t(mode))
    if problem != 0 { throw .cannotWrite(path: url.path, errno: problem) }
  }

  /// A fresh private folder (mkdtemp, mode 0700) in the checked temporary folder
  /// (TemporaryFolder), filled by `fill` and counted among the live folders until
  /// `removePrivateTemporaryFolder`. A file that cannot be written there for want of space is
  /// the temporary folder's problem, and said so.
  ///
  /// All of it runs under the live folders' lock, so a signal's clean-up
  /// (`Lab.removeLiveFolders`) waits for the files to be written and then removes the whole
  /// folder: removing it while another thread still writes into it could leave some behind.
  static func makePrivateTemporaryFolder(
    filling fill: (URL) throws(LabError) -> Void
  ) throws(LabError) -> URL {
    try liveFolders.withLock { (live) throws(LabError) -> URL in
      let path: String
      do throws(TemporaryFolder.Problem) {
        path = try TemporaryFolder.makePrivateFolder(prefix: "danescope-lab-")
      } catch {
        throw .temporaryFolder(error)
      }
      let folder = URL(fileURLWithPath: path, isDirectory: true)
      live.insert(folder.path)
      do throws(LabError) {
        try fill(folder)
      } catch {
        try? FileManager.default.removeItem(at: folder)
        live.remove(folder.path)
        if case .cannotWrite(let file, let code) = error,
          let full = TemporaryFolder.fullFolderProblem(file, code: code)
        {
          throw .temporaryFolder(full)
        }
        throw error
      }
      return folder
    }
  }

  static func removePrivateTemporaryFolder(_ folder: URL) {
    liveFolders.withLock { live in
      try? FileManager.default.removeItem(at: folder)
      live.remove(folder.path)
    }
  }

  /// The lab folders this process made and has not removed yet.
  static let liveFolders = LockedFolders()
}

/// A set of folder paths behind a lock.
final class LockedFolders: @unchecked Sendable {
  // @unchecked: `paths` is only touched under `lock`.
  private let lock = Lock()
  private var paths: Set<String> = []

  func withLock<T, E: Error>(_ body: (inout Set<String>) throws(E) -> T) throws(E) -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(&paths)
  }
}

extension Lab {
  /// Removes every lab folder this process made and has not removed yet (they hold the
  /// certificate keys), then runs `body` still holding the lock (no new lab folder can appear
  /// before it returns). For a signal's clean-up when the process is about to end: the labs
  /// themselves are not stopped.
  public static func removeLiveFolders(then body: () -> Void = {}) {
    LabFiles.liveFolders.withLock { live in
      for path in live { try? FileManager.default.removeItem(atPath: path) }
      live.removeAll()
      body()
    }
  }
}
