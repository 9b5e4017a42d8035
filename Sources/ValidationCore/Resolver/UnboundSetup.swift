import FoundationEssentials

/// The calls made on a fresh libunbound context for one configuration, in order. Building the
/// setup touches no context and no network, so tests can read what `.system` would do.
public struct UnboundSetup: Sendable, Hashable {
  public enum Step: Sendable, Hashable {
    /// `ub_ctx_config`: a user's unbound.conf.
    case configFile(String)
    /// Text written to a private file, then loaded with `ub_ctx_config`.
    case generatedConfig(String)
    /// `ub_ctx_set_option("name:", value)`.
    case option(String, String)
    /// `ub_ctx_resolvconf`: forward to the nameservers of a resolv.conf.
    case resolvConf(String)
    /// `ub_ctx_set_fwd`: forward everything to `ADDR@PORT`.
    case forwarder(String)
    /// DS or DNSKEY records in zone-file form: read once by danescope, and libunbound reads a
    /// private copy of the text read (`ub_ctx_add_ta_file` on the copy; UnboundContext).
    case trustAnchorFile(String)
    /// `ub_ctx_add_ta`: one DS or DNSKEY record.
    case trustAnchor(String)
  }

  public let steps: [Step]

  /// Files the system configurations read, overridable for tests.
  public struct SystemFiles: Sendable {
    public var rootKey = "/usr/share/dns/root.key"
    public var rootHints = "/usr/share/dns/root.hints"
    public var resolvConf = "/etc/resolv.conf"
    public var exists: @Sendable (String) -> Bool = {
      FileManager.default.isReadableFile(atPath: $0)
    }

    public init() {}
  }

  public init(steps: [Step]) {
    self.steps = steps
  }

  public static func make(
    for configuration: ResolverConfiguration, files: SystemFiles = SystemFiles()
  ) -> UnboundSetup {
    var steps: [Step] = []
    switch configuration {
    case .system(let recursive):
      steps += rootTrustAnchor(files)
      if recursive {
        if files.exists(files.rootHints) { steps.append(.option("root-hints", files.rootHints)) }
      } else {
        steps.append(.resolvConf(files.resolvConf))
      }
    case .custom(let configFile):
      steps.append(.configFile(configFile))
    case .forwarders(let servers, let trustAnchorFile):
      steps += servers.map { .forwarder($0.description) }
      if let trustAnchorFile {
        steps.append(.trustAnchorFile(trustAnchorFile))
      } else {
        steps += rootTrustAnchor(files)
      }
    case .inProcess(let zones, let trustAnchors):
      steps.append(.generatedConfig(inProcessConfig(zones)))
      steps += trustAnchors.map { .trustAnchor($0) }
    }
    // Options that hold for every configuration, set last so a user's file cannot undo them:
    // level 2 makes libunbound keep the failure details that `why_bogus` reports (below it
    // the reason is only "misc failure"); trust-anchor signalling (RFC 8145) would send extra
    // `_ta-<key tags>.` queries upstream that danescope has no use for.
    steps.append(.option("val-log-level", "2"))
    steps.append(.option("trust-anchor-signaling", "no"))
    return UnboundSetup(steps: steps)
  }

  /// /usr/share/dns/root.key when present, else the built-in root KSK DS records.
  static func rootTrustAnchor(_ files: SystemFiles) -> [Step] {
    if files.exists(files.rootKey) { return [.trustAnchorFile(files.rootKey)] }
    return RootTrustAnchor.dsRecords.map { .trustAnchor($0) }
  }

  /// Auth-zones answered for the resolver itself (`for-upstream`), never from elsewhere
  /// (`fallback-enabled: no`). Every address is off limits, so a name outside the zones gets
  /// SERVFAIL instead of a query to the root servers. Names such as `test.` are built-in
  /// local zones that would shadow the auth-zone: `nodefault` lifts them.
  static func inProcessConfig(_ zones: [InProcessZone]) -> String {
    var text = """
      server:
        do-not-query-address: 0.0.0.0/0
        do-not-query-address: ::/0

      """
    for zone in zones {
      text += "  local-zone: \(quoted(zone.name.description)) nodefault\n"
    }
    for zone in zones {
      text += """
        auth-zone:
          name: \(quoted(zone.name.description))
          zonefile: \(quoted(zone.zoneFile))
          for-downstream: no
          for-upstream: yes
          fallback-enabled: no

        """
    }
    return text
  }

  /// unbound.conf strings are double-quoted with no escapes: a quote or newline in a path
  /// cannot be written, so it is replaced (the file will then not be found, which is reported).
  /// The lab's zone files never hold one: their folder is checked first (TemporaryFolder).
  static func quoted(_ text: String) -> String {
    let clean = text.map { $0 == "\"" || $0.isNewline ? "?" : $0 }
    return "\"" + String(clean) + "\""
  }
}
