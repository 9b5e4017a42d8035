import Lab
import ValidationCore

/// What the console checks with: the resolver's lookups, the chain engine, where to connect, and
/// how to stop. The command line makes one (for the lab or for the network) so that the console
/// never needs to know how resolvers are configured.
public struct CheckEngine: Sendable {
  public var lookup: DANELookupFunction
  /// Rebuilds the chain of trust for a name and type; nil when no trust anchor can be read.
  public var chain: (@Sendable (DNSName, RRType) async -> ChainReport)?
  /// The chain engine's builder (`chain` builds with it): each check builds the MX chain summary
  /// and walks the hosts' other zones with a copy sharing its walks (`DANECheck.zoneWalks`,
  /// Docs/Decisions.md D-report-3), as `check` does. Nil when no trust anchor can be read.
  public var chainBuilder: ChainBuilder?
  public var endpoints: [DNSName: DANECheck.Endpoint]
  public var port: UInt16
  public var timeouts: ProbeTimeouts
  public var clock: any Clock
  /// `--at TIME`: DNSSEC is judged as of the clock's time by the chain engine (libunbound's
  /// verdicts of now are then neither used for the verdicts nor compared), as `check --at` does.
  public var judgesAsOfClock = false
  /// `--expiry-warning-days`: for the chains and for the records the check acts on.
  public var expiryWarningDays = 7
  /// Asks whether the upstream lets DNSSEC through (UPSTREAM_STRIPS_DNSSEC, suggesting
  /// --recursive); nil when the configuration validates without an upstream (the lab, stubs).
  public var upstreamCheck: (@Sendable () async -> Finding?)?
  public var stop: @Sendable () -> Void
  /// Something the user should know once the engine is ready (the lab's key cache could not be
  /// used), shown on the status line.
  public var notice: String?

  public init(
    lookup: @escaping DANELookupFunction,
    chain: (@Sendable (DNSName, RRType) async -> ChainReport)?,
    endpoints: [DNSName: DANECheck.Endpoint] = [:], port: UInt16 = 25,
    timeouts: ProbeTimeouts = ProbeTimeouts(), clock: any Clock = SystemClock(),
    stop: @escaping @Sendable () -> Void = {}
  ) {
    self.lookup = lookup
    self.chain = chain
    self.endpoints = endpoints
    self.port = port
    self.timeouts = timeouts
    self.clock = clock
    self.stop = stop
  }
}

extension CheckEngine {
  /// An engine over a resolver configuration: libunbound for the lookups and the chain engine
  /// with the configuration's trust anchors (none readable: no chain pane, the check still runs).
  public static func make(
    _ configuration: ResolverConfiguration, timeout: Duration = UnboundResolver.defaultTimeout,
    logFile: String? = nil, clock: any Clock = SystemClock(), port: UInt16 = 25,
    timeouts: ProbeTimeouts = ProbeTimeouts(), endpoints: [DNSName: DANECheck.Endpoint] = [:],
    expiryWarningDays: Int = 7, judgesAsOfClock: Bool = false,
    stop: @escaping @Sendable () -> Void = {}
  ) throws(ResolverConfigurationError) -> CheckEngine {
    let resolver = try UnboundResolver(configuration, timeout: timeout, logFile: logFile)
    // Read once: the upstream check and the chain engine start from the same anchors.
    let readAnchors = try? ChainTrustAnchors.records(for: resolver)
    var upstreamCheck: (@Sendable () async -> Finding?)?
    if UpstreamCheck.applies(to: configuration) {
      let upstream = UpstreamCheck.upstreamDescription(for: configuration)
      let anchors = readAnchors ?? []
      upstreamCheck = {
        await UpstreamCheck.run(resolver, upstream: upstream, trustAnchors: anchors)
      }
    }
    var chain: (@Sendable (DNSName, RRType) async -> ChainReport)?
    let builder = readAnchors.map { anchors in
      ChainBuilder(
        source: ResolverLookupSource(resolver), trustAnchors: anchors,
        options: ChainOptions(
          clock: clock, expiryWarningDays: expiryWarningDays,
          comparesWithValidator: !judgesAsOfClock))
    }
    if let builder {
      chain = { name, type in await builder.build(name: name, type: type) }
    }
    var engine = CheckEngine(
      lookup: DANECheck.lookup(through: resolver), chain: chain, endpoints: endpoints, port: port,
      timeouts: timeouts, clock: clock, stop: stop)
    engine.chainBuilder = builder
    engine.upstreamCheck = upstreamCheck
    engine.judgesAsOfClock = judgesAsOfClock
    engine.expiryWarningDays = expiryWarningDays
    return engine
  }

  /// Starts the embedded lab and an engine over it: in-process zones, the lab root as the only
  /// trust anchor, and each lab MX host mapped to its STARTTLS server. `stop` ends the lab.
  /// The lab is signed around the real time of the start, whatever `clock` says (Docs/Lab.md):
  /// `--at TIME` judges those signatures at TIME, as `check --lab --at` does.
  public static func lab(
    clock: any Clock = SystemClock(), timeout: Duration = UnboundResolver.defaultTimeout,
    logFile: String? = nil, timeouts: ProbeTimeouts = ProbeTimeouts(), expiryWarningDays: Int = 7,
    judgesAsOfClock: Bool = false
  ) async throws -> CheckEngine {
    let lab = try await Lab.start(clock: SystemClock())
    do {
      var engine = try make(
        lab.resolverConfiguration, timeout: timeout, logFile: logFile, clock: clock,
        timeouts: timeouts,
        endpoints: lab.endpoints.mapValues { .init(address: $0.address, port: $0.port) },
        expiryWarningDays: expiryWarningDays, judgesAsOfClock: judgesAsOfClock,
        stop: { lab.stop() })
      engine.notice = lab.build.keyCacheWarning.map { "Note: " + $0 + "." }
      return engine
    } catch {
      lab.stop()
      throw error
    }
  }
}
