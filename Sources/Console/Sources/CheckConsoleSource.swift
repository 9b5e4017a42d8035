import FoundationEssentials
import ValidationCore

/// The console's source over the real check: `DANECheck` with the engine's resolver, every
/// probe's trace streamed to the Handshake pane as it happens, then the chains of trust of the
/// MX RRset and each host's A, AAAA and TLSA: the report's where the check built them, else the
/// chain engine's (`paneChains`).
public final class CheckConsoleSource: ConsoleSource, @unchecked Sendable {
  // @unchecked: the mutable state below is guarded by `lock`.
  public let label: String
  private let scenarios: [ScenarioEntry]
  private let prepare: @Sendable () async throws -> CheckEngine
  private let lock = Lock()
  private var preparation: Task<Result<CheckEngine, Error>, Never>?
  private var requests: [ProbeKey: ProbeRequest] = [:]
  private var policies: [ProbeKey: TLSPolicy] = [:]
  private var provisional: ConsoleReport?
  private var runningChecks = 0

  /// True while a check runs (one replaced by another still finishes its lookups).
  private var isChecking: Bool { lock.withLock { runningChecks > 0 } }

  /// `prepare` makes the engine (starting the lab, building the resolver); it runs once, off
  /// the UI thread, when the console starts.
  public init(
    label: String, scenarios: [ScenarioEntry] = [],
    prepare: @escaping @Sendable () async throws -> CheckEngine
  ) {
    self.label = label
    self.scenarios = scenarios
    self.prepare = prepare
  }

  public func start(emit: @escaping EventSink) async {
    if !scenarios.isEmpty { emit(.scenarios(scenarios)) }
    emit(.progress(label == "lab" ? "starting the lab" : "starting the resolver"))
    switch await engine() {
    case .failure(let error):
      emit(.message("Could not start: \(error)", isError: true))
    case .success(let engine):
      // Said on the status line: stderr is under the screen while curses draws it.
      if let notice = engine.notice {
        emit(.message(SanitizedText(prose: notice).text, isError: true))
      }
    }
    emit(.progress(nil))
  }

  private func engine() async -> Result<CheckEngine, Error> {
    let task = lock.withLock {
      if let preparation { return preparation }
      let prepare = self.prepare
      let task = Task { () -> Result<CheckEngine, Error> in
        do { return .success(try await prepare()) } catch { return .failure(error) }
      }
      preparation = task
      return task
    }
    return await task.value
  }

  public func check(domain text: String, emit: @escaping EventSink) async {
    guard case .success(let engine) = await engine() else { return }
    let domain: DNSName
    do {
      domain = try DNSName(text)
    } catch {
      let shown = SanitizedText(prose: text)
      emit(.message("'\(shown)' is not a domain name: \(error)", isError: true))
      return
    }
    lock.withLock {
      var first = ConsoleReport(domain: domain.description)
      // Known before any lookup: the header says it from the first report on.
      first.judgedAsOf = engine.judgesAsOfClock ? engine.clock.now : nil
      provisional = first
      runningChecks += 1
    }
    defer { lock.withLock { runningChecks -= 1 } }
    emit(.progress("looking up \(domain) MX"))
    let lookup = engine.lookup
    let check = Self.makeCheck(
      engine,
      lookup: { name, type in
        // A check replaced by another (the user moved on) still finishes its lookups, but no
        // longer says so in the header, which shows the new check's progress.
        if !Task.isCancelled { emit(.progress("looking up \(name) \(type)")) }
        return await lookup(name, type)
      },
      probe: { [weak self] request in
        await self?.runProbe(request, clock: engine.clock, isFirstRun: true, emit: emit)
          ?? ProbeObservation(address: request.address, port: request.port,
            stage: .sessionFailed("the console closed"))
      })
    let upstream = await engine.upstreamCheck?()
    var report = await check.run(domain: domain)
    guard !Task.isCancelled else { return }
    // The same finding `check` and `chain` put first: the upstream strips DNSSEC.
    if let upstream { report.findings.insert(upstream, at: 0) }
    // The chains the check built (the MX chain, and those explaining a failed lookup) show at
    // once, as the report has them.
    emit(.report(ConsoleReport(report, chains: Self.paneChains(report, built: [:]))))
    remember(report)
    if let chain = engine.chain {
      var built: [ChainTarget: ChainReport] = [:]
      for target in Self.chainTargets(report) where report.chain(for: target) == nil {
        guard !Task.isCancelled else { return }
        emit(.progress("chain of trust for \(target.name) \(target.type)"))
        // Held to the check's own lookups, as the report's chains are: libunbound's verdict is
        // the one the report acts on, and the engine's stays in the node's reason.
        built[target] = report.heldToLookups(await chain(target.name, target.type))
      }
      emit(.report(ConsoleReport(report, chains: Self.paneChains(report, built: built))))
    }
    for host in report.mx.hosts {
      for probe in host.probes {
        let key = ProbeKey(host: host.target.name.description, address: probe.address)
        emit(.traceFinished(key, .init(probe.verdict)))
      }
    }
    emit(.progress(nil))
  }

  /// The check the console runs, as `check` runs it: the engine's chain engine (and its walks to
  /// the hosts' other zones), clock, `--at`, expiry warning, endpoints, port and timeouts, with
  /// the console's own lookup and probe (which report their progress and stream the trace).
  static func makeCheck(
    _ engine: CheckEngine, lookup: @escaping DANELookupFunction,
    probe: @escaping DANEProbeFunction
  ) -> DANECheck {
    var check = DANECheck(lookup: lookup, probe: probe, clock: engine.clock)
    check.chainOfTrust = engine.chain
    // The summary and the walks to the hosts' other zones share one memo, new for each check.
    check.zoneWalks = engine.chainBuilder?.sharingWalks()
    check.judgesDNSSECAsOfClock = engine.judgesAsOfClock
    check.expiryWarningDays = engine.expiryWarningDays
    check.endpoints = engine.endpoints
    check.port = engine.port
    check.timeouts = engine.timeouts
    return check
  }

  /// The RRsets besides the MX whose chains the pane shows: each host's addresses, both
  /// families (the check's report lists both lookups, and a host's address status is the worse
  /// of the two, D-policy-1), and its TLSA.
  static func chainTargets(_ report: DomainReport) -> [ChainTarget] {
    var targets: [ChainTarget] = []
    for host in report.mx.hosts {
      targets.append(ChainTarget(name: host.target.name, type: .a))
      targets.append(ChainTarget(name: host.target.name, type: .aaaa))
      targets += host.tlsaLookups.map { ChainTarget(name: $0.name, type: .tlsa) }
    }
    return targets
  }

  /// The chains the pane shows, in its order: the MX chain, then each host's A, AAAA and TLSA
  /// (the report's own chain where the check built one, else the console's from `built`, else
  /// none yet), then any other chain the check built to explain a failed lookup (a bogus CNAME
  /// at a host name). Judged as of now, the check builds no chain for a lookup that did
  /// not fail (Docs/Decisions.md D-report-3, D-console-1): only those come from the console.
  static func paneChains(_ report: DomainReport, built: [ChainTarget: ChainReport])
    -> [ChainReport]
  {
    var chains = report.chainOfTrust.map { [$0] } ?? []
    for target in chainTargets(report) {
      if let chain = report.chain(for: target) ?? built[target] { chains.append(chain) }
    }
    let listed = Set(chains.map { ChainTarget(name: $0.name, type: $0.type) })
    chains += report.explainingChains.filter {
      !listed.contains(ChainTarget(name: $0.name, type: $0.type))
    }
    return chains
  }

  private func remember(_ report: DomainReport) {
    lock.withLock {
      for host in report.mx.hosts {
        for probe in host.probes {
          policies[ProbeKey(host: host.target.name.description, address: probe.address)] =
            host.tlsa.tlsPolicy
        }
      }
    }
  }

  /// One probe with its trace streamed; the host and address appear in the navigation tree as
  /// soon as the probe starts.
  private func runProbe(
    _ request: ProbeRequest, clock: any Clock, isFirstRun: Bool, emit: @escaping EventSink
  ) async -> ProbeObservation {
    let key = ProbeKey(host: request.host.description, address: request.address)
    let report: ConsoleReport? = lock.withLock {
      requests[key] = request
      guard isFirstRun, var report = provisional else { return nil }
      if let index = report.hosts.firstIndex(where: { $0.name == key.host }) {
        report.hosts[index].addresses.append(.init(text: key.address, verdict: .pending))
      } else {
        report.hosts.append(ConsoleReport.Host(
          name: key.host, preference: report.hosts.count, addressStatus: .pending,
          addresses: [.init(text: key.address, verdict: .pending)],
          tlsa: .init(name: TLSAResolution.owner(of: request.tlsaBaseDomain ?? request.host).description,
            status: .pending)))
      }
      provisional = report
      return report
    }
    if let report { emit(.report(report)) }
    emit(.traceStarted(key))
    if !Task.isCancelled { emit(.progress("probing \(key.host) [\(key.address)]")) }
    let collected = TraceCollector()
    let validity = TraceLine.ValidityContext(now: clock.now, usableRecords: request.usableRecords)
    let result = await SMTPProbe.run(request, clock: clock) { event in
      collected.append(event)
      let lines = TraceLine.lines(
        for: event, validity: validity, noRecordsReason: request.noRecordsReason)
      for line in lines { emit(.trace(key, line)) }
    }
    emit(.traceFinished(key, .pending))
    return ProbeObservation(result: result, events: collected.events)
  }

  public func probe(_ key: ProbeKey, domain: String, emit: @escaping EventSink) async {
    guard case .success(let engine) = await engine() else { return }
    let (request, policy) = lock.withLock { (requests[key], policies[key]) }
    guard let request else {
      // "yet" only while a check runs, whose probes may still reach this address.
      let message = isChecking
        ? "No handshake for \(key.host) [\(key.address)] yet: the check has not reached it."
        : "No handshake to run for \(key.host) [\(key.address)]: the check did not probe it."
      emit(.message(message, isError: true))
      return
    }
    let observation = await runProbe(request, clock: engine.clock, isFirstRun: false, emit: emit)
    let verdict = policy.map {
      DANEVerdict.decide(policy: $0, deferredReason: "deferred", probe: observation)
    }
    emit(.traceFinished(key, verdict.map(ConsoleReport.ProbeVerdict.init) ?? .pending))
    emit(.progress(nil))
  }

  public func stop() async {
    if let task = lock.withLock({ preparation }), case .success(let engine) = await task.value {
      engine.stop()
    }
  }
}

/// A name and type whose chain of trust the pane shows.
struct ChainTarget: Hashable {
  let name: DNSName
  let type: RRType
}

extension DomainReport {
  /// The chain the check built for `target`: the MX chain, one explaining a failed lookup, or
  /// (`--at`) the walk that judged the lookup as of that time, held to the lookups as the
  /// others are.
  func chain(for target: ChainTarget) -> ChainReport? {
    let matches = { (chain: ChainReport) in chain.name == target.name && chain.type == target.type }
    if let built = ([chainOfTrust].compactMap { $0 } + explainingChains).first(where: matches) {
      return built
    }
    return asOfTimeChains.first(where: matches).map(heldToLookups)
  }
}

/// Trace events of one probe, appended from the probe's thread.
private final class TraceCollector: @unchecked Sendable {
  // @unchecked: `stored` is guarded by `lock`.
  private let lock = Lock()
  private var stored: [TraceEvent] = []

  func append(_ event: TraceEvent) { lock.withLock { stored.append(event) } }
  var events: [TraceEvent] { lock.withLock { stored } }
}
