import Foundation

/// The whole RFC 7672 check of one mail domain: the MX lookup, then every host at once (its
/// addresses, its TLSA records, and a STARTTLS probe of each of its addresses as soon as those
/// are known), the probes of all hosts sharing at most `maxConcurrentProbes` slots; then the
/// report.
public struct DANECheck: Sendable {
  /// At most this many MX hosts, the first by preference, are resolved and probed; the others
  /// are named in an MX_HOSTS_LIMITED finding. A real sender tries far fewer (Postfix:
  /// smtp_mx_address_limit 5, smtp_mx_session_limit 2); a diagnostic goes a little further, and
  /// no hostile zone can make the check open hundreds of connections (Docs/Decisions.md).
  public static let maximumHosts = 16
  /// At most this many addresses of one MX host, in answer order (IPv4 first), are probed; the
  /// others are named in an MX_HOST_ADDRESSES_LIMITED finding.
  public static let maximumAddressesPerHost = 8

  /// Where to connect instead of `address:25`, per MX host (the lab's map, and tests').
  public struct Endpoint: Sendable, Hashable {
    /// Replaces every address of the host when set; the DNS addresses are kept otherwise.
    public let address: String?
    public let port: UInt16

    public init(address: String? = nil, port: UInt16) {
      self.address = address
      self.port = port
    }
  }

  public var lookup: DANELookupFunction
  public var probe: DANEProbeFunction
  public var clock: any Clock
  /// The SMTP port to connect to (25 unless a test or the lab says otherwise). TLSA records are
  /// always looked up at `_25._tcp`: the port a real sender uses.
  public var port: UInt16 = 25
  public var endpoints: [DNSName: Endpoint] = [:]
  public var maxConcurrentProbes = 8
  public var timeouts = ProbeTimeouts()
  /// Rebuilds the chain of trust of the MX RRset for the report's chain summary, when set.
  public var chainOfTrust: (@Sendable (DNSName, RRType) async -> ChainReport)?
  /// Builds the chain summary in place of `chainOfTrust` and then walks down to the other zones
  /// whose keys signed the hosts' records (`hostZoneFindings`), all with one memo
  /// (`ChainBuilder.sharingWalks()`), so that those walks repeat nothing the summary did. When
  /// nil, no zone beyond the summary's is walked.
  public var zoneWalks: ChainBuilder?
  /// `--at TIME`: judge DNSSEC as of the clock's time (through `chainOfTrust`, which must then
  /// use the same clock) instead of taking libunbound's verdicts of now as they are.
  public var judgesDNSSECAsOfClock = false
  /// A signature over a record the check acts on that expires sooner than this many days is
  /// RRSIG_EXPIRING_SOON (`--expiry-warning-days`, as for `chain`).
  public var expiryWarningDays = 7

  public init(
    lookup: @escaping DANELookupFunction, probe: @escaping DANEProbeFunction,
    clock: any Clock = SystemClock()
  ) {
    self.lookup = lookup
    self.probe = probe
    self.clock = clock
  }

  public func run(domain: DNSName) async -> DomainReport {
    if judgesDNSSECAsOfClock, let chainOfTrust {
      var asOfTime = self
      asOfTime.judgesDNSSECAsOfClock = false
      let walks = AsOfTimeLookup.Walks()
      asOfTime.lookup = AsOfTimeLookup.make(lookup, asOf: clock.now) { name, type in
        let chain = await chainOfTrust(name, type)
        walks.append(chain)
        return chain
      }
      var report = await asOfTime.run(domain: domain)
      report.judgedAsOf = clock.now
      report.asOfTimeChains = walks.all
      return report
    }
    let started = clock.now
    let mxLookup = await lookup(domain, .mx)
    let resolution = MXResolution.from(mxLookup, domain: domain)
    // The chain summary starts once every host's DNS lookups are done: libunbound validates on
    // one thread, so its lookups (mostly answered from the cache by then) would otherwise queue
    // in front of the address and TLSA lookups; it runs while the probes wait on the network.
    let targets = Array(resolution.targets.prefix(Self.maximumHosts))
    let resolved = Countdown(targets.count)
    async let chainWalks = chainSummary(domain, after: resolved)
    let (hosts, timeLimitReached) = await checkHostsWithinTimeLimit(
      targets, domain: domain, mxSecurity: mxLookup.security, resolved: resolved)
    let mx = MXSection(lookup: mxLookup, resolution: resolution, hosts: hosts)
    var chain = [ChainLink(mxLookup)]
    for host in hosts { chain += host.lookupsUsed.map(ChainLink.init) }
    var incomplete: String?
    if case .indeterminate(let reason) = mxLookup.security {
      incomplete = "the MX lookup of \(domain) failed: \(reason)"
    } else if timeLimitReached {
      incomplete =
        "the check's time limit of \(Self.seconds(timeLimit)) s was reached; the lookups and "
        + "probes still running then were stopped"
    }
    let used = [mxLookup] + hosts.flatMap(\.lookupsUsed)
    let expiring = ExpiryAdvice.findings(for: used, clock: clock, warningDays: expiryWarningDays)
    var report = DomainReport(
      domain: domain, checkedAt: started, chain: chain, mx: mx,
      findings: DANEFindings.ordered(
        DANEFindings.merged(
          DANEFindings.make(domain: domain, mx: mx, clock: clock) + expiring
            + Self.limitFindings(domain: domain, resolution: resolution, hosts: hosts))),
      incompleteReason: incomplete)
    if let (built, hostZones) = await chainWalks {
      // heldToLookups also gives the check's own reason for an RRset both failed to look up.
      let summary = report.heldToLookups(Self.explained(built))
      let trust = summary
      report.chainOfTrust = summary
      // The engine's own walk did not finish (a lookup libunbound needed no answer to, such as
      // a zone-cut SOA, failed): its summary cannot explain the verdict, and the check is
      // incomplete, as `chain` is for the same walk (exit status 3).
      if report.incompleteReason == nil, summary.status == .indeterminate {
        report.incompleteReason =
          "danescope's chain engine could not finish the chain of trust to \(domain) MX: "
          + (summary.reason ?? "no reason given")
      }
      // The chain engine's findings are the DNSSEC root causes (a DS matching no key, an
      // expired signature, an insecure delegation) behind the DANE findings; those they explain
      // go under them.
      // The chain engine words the MX RRset's expiring signatures itself.
      let chainSaid = Set(ChainFindings.flatten(trust.findings).map { "\($0.code) \($0.subject)" })
      report.findings.removeAll {
        $0.code == .rrsigExpiringSoon && chainSaid.contains("\($0.code) \($0.subject)")
      }
      let hostZoneFindings = Self.hostZoneFindings(hostZones, besides: trust)
      let causes = DANEFindings.unique(trust.findings + hostZoneFindings).filter {
        !report.findings.contains($0)
      }
      report.findings = DANEFindings.ordered(
        DANEFindings.merged(DANEFindings.nest(report.findings, under: causes)))
      (report.findings, report.explainingChains) = await explainingFailedLookups(report)
    }
    return report
  }

  /// What the limits left out: the MX hosts past `maximumHosts`, and for each host checked the
  /// addresses past `maximumAddressesPerHost`.
  static func limitFindings(domain: DNSName, resolution: MXResolution, hosts: [HostReport])
    -> [Finding]
  {
    var findings: [Finding] = []
    let targets = resolution.targets
    if targets.count > maximumHosts {
      let first = targets[maximumHosts]
      findings.append(
        Finding(
          FindingCode("MX_HOSTS_LIMITED"), subject: domain.description,
          evidence: [
            Evidence("hosts", String(targets.count)), Evidence("checked", String(maximumHosts)),
            Evidence("next", "\(first.preference) \(first.name)"),
          ]))
    }
    for host in hosts where host.tlsa.tlsPolicy != .deferred {
      let addresses = host.addresses.addresses
      guard addresses.count > maximumAddressesPerHost else { continue }
      findings.append(
        Finding(
          FindingCode("MX_HOST_ADDRESSES_LIMITED"), subject: host.target.name.description,
          evidence: [
            Evidence("addresses", String(addresses.count)),
            Evidence("probed", String(maximumAddressesPerHost)),
            Evidence("next", addresses[maximumAddressesPerHost]),
          ]))
    }
    return findings
  }

  /// The addresses of `host` that are probed: the first `maximumAddressesPerHost`.
  static func probedAddresses(_ host: HostReport) -> [String] {
    Array(host.addresses.addresses.prefix(maximumAddressesPerHost))
  }

  /// The time a whole check's host lookups and probes may take: twelve times the longest step
  /// timeout (120 s with the default 10 s). Each step is bounded on its own, but a domain with
  /// 16 MX hosts of 8 addresses each, every step answered just in time, would otherwise take
  /// many minutes.
  public var timeLimit: Double {
    12 * max(timeouts.connect, timeouts.reply, timeouts.handshake)
  }

  /// `120`, `0.6`: at most six significant digits, no trailing zeros.
  static func seconds(_ value: Double) -> String {
    String(format: "%g", value)
  }

  /// `checkHosts` stopped at `timeLimit`: what is still running then is cancelled (probes stop at
  /// once and report nothing about their server; DNS lookups end as indeterminate), and the
  /// second value says the limit was reached.
  func checkHostsWithinTimeLimit(
    _ targets: [MXTarget], domain: DNSName, mxSecurity: RRsetLookup.Security,
    resolved: Countdown
  ) async -> ([HostReport], Bool) {
    let work = Task {
      await checkHosts(targets, domain: domain, mxSecurity: mxSecurity, resolved: resolved)
    }
    let limit = UInt64(timeLimit * 1_000_000_000)
    let watchdog = Task { () -> Bool in
      do {
        try await Task.sleep(nanoseconds: limit)
      } catch {
        return false
      }
      work.cancel()
      return true
    }
    let hosts = await withTaskCancellationHandler {
      await work.value
    } onCancel: {
      work.cancel()
    }
    watchdog.cancel()
    return (hosts, await watchdog.value)
  }

  /// Every host at once: addresses (A and AAAA together), then TLSA, then its probes, which
  /// start as soon as that host is resolved and share `maxConcurrentProbes` slots with the
  /// probes of every other host. Reports come back in MX order.
  func checkHosts(
    _ targets: [MXTarget], domain: DNSName, mxSecurity: RRsetLookup.Security,
    resolved: Countdown = Countdown(0)
  ) async -> [HostReport] {
    let slots = ProbeSlots(maxConcurrentProbes)
    return await withTaskGroup(of: (Int, HostReport).self) { group in
      for (index, target) in targets.enumerated() {
        group.addTask {
          var host = await resolveHost(target)
          await resolved.arrive(with: host.lookupsUsed)
          host.probes = await probeHost(host, domain: domain, mxSecurity: mxSecurity, slots: slots)
          return (index, host)
        }
      }
      var reports: [(Int, HostReport)] = []
      for await report in group { reports.append(report) }
      return reports.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// The chain of trust of the MX RRset, built once `resolved` reaches zero, then the walks down
  /// to the other zones of the hosts' records (`zoneWalks`).
  func chainSummary(_ domain: DNSName, after resolved: Countdown) async
    -> (ChainReport, [ZonePath])?
  {
    if let zoneWalks {
      await resolved.wait()
      let summary = await zoneWalks.build(name: domain, type: .mx)
      let paths = await Self.walkHostZones(
        signedBy: await resolved.lookups, besides: summary, with: zoneWalks)
      return (summary, paths)
    }
    guard let chainOfTrust else { return nil }
    await resolved.wait()
    return (await chainOfTrust(domain, .mx), [])
  }

  func resolveHost(_ target: MXTarget) async -> HostReport {
    await Self.resolveHost(target, lookup: lookup)
  }

  /// Addresses, then TLSA when they are secure (RFC 7672 §2.2.2, §2.2.3): the CNAME-expanded
  /// name first, then the original one; or, when insecure addresses were reached through a
  /// CNAME that is itself secure, the original name only. `trace` resolves hosts this way too.
  public static func resolveHost(_ target: MXTarget, lookup: DANELookupFunction) async
    -> HostReport
  {
    async let ipv4 = lookup(target.name, .a)
    async let ipv6 = lookup(target.name, .aaaa)
    var addresses = HostAddresses(host: target.name, ipv4: await ipv4, ipv6: await ipv6)
    if addresses.needsInitialCNAME {
      addresses.initialCNAME = await lookup(target.name, .cname)
    }
    guard let candidates = addresses.tlsaBaseDomains else {
      return HostReport(
        target: target, addresses: addresses,
        tlsa: .notQueried(addressSecurity: addresses.security), tlsaLookups: [], probes: [])
    }
    let (tlsa, attempts) = await TLSAResolution.resolve(candidates: candidates, lookup: lookup)
    return HostReport(
      target: target, addresses: addresses, tlsa: tlsa, tlsaLookups: attempts, probes: [])
  }

  /// One probe per address, except for a deferred host (a sender would not connect).
  func probeHost(
    _ host: HostReport, domain: DNSName, mxSecurity: RRsetLookup.Security, slots: ProbeSlots
  ) async -> [ProbeReport] {
    let policy = host.tlsa.tlsPolicy
    if policy == .deferred {
      let reason = deferredReason(host)
      return Self.probedAddresses(host).map {
        ProbeReport(
          address: $0, port: endpoints[host.target.name]?.port ?? port,
          verdict: .deferred(reason: reason), observation: nil)
      }
    }
    // An address that is never a destination is not probed (NonDestinationAddress).
    let addresses = Self.probedAddresses(host)
    let all = makeProbeRequests(host, domain: domain, mxSecurity: mxSecurity)
    let requests = zip(addresses, all).filter { NonDestinationAddress($0.0) == nil }.map(\.1)
    let probe = self.probe
    let observations = await withTaskGroup(of: (Int, ProbeObservation).self) { group in
      for (index, request) in requests.enumerated() {
        group.addTask {
          await slots.acquire()
          let observation = await probe(request)
          await slots.release()
          return (index, observation)
        }
      }
      var results: [(Int, ProbeObservation)] = []
      for await result in group { results.append(result) }
      return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
    var probed = zip(requests, observations).makeIterator()
    return zip(addresses, all).compactMap { address, request in
      if let special = NonDestinationAddress(address) {
        return ProbeReport(
          address: address, port: request.port,
          verdict: .unreachable(reason: special.notProbedReason), observation: nil)
      }
      guard let (request, observation) = probed.next() else { return nil }
      return ProbeReport(
        address: request.address, port: request.port,
        verdict: DANEVerdict.decide(policy: policy, deferredReason: "", probe: observation),
        observation: observation)
    }
  }

  /// The probe requests of one host: its TLSA base domain for SNI and name checks, its usable
  /// records, and the other reference names (RFC 7672 §3.2.2): the MX host name, and the
  /// next-hop domain when the MX RRset is secure.
  func makeProbeRequests(_ host: HostReport, domain: DNSName, mxSecurity: RRsetLookup.Security)
    -> [ProbeRequest]
  {
    let name = host.target.name
    let references = host.otherReferenceNames(nextHop: mxSecurity == .secure ? domain : nil)
    let endpoint = endpoints[name]
    let noRecordsReason = host.tlsa.noRecordsReason(resolved: host)
    return Self.probedAddresses(host).map { address in
      var request = ProbeRequest(
        host: name, address: endpoint?.address ?? address, port: endpoint?.port ?? port,
        tlsaBaseDomain: host.tlsaBaseDomain, usableRecords: host.tlsa.usableRecords,
        additionalReferenceNames: references, timeouts: timeouts)
      request.noRecordsReason = noRecordsReason
      return request
    }
  }

  func deferredReason(_ host: HostReport) -> String { host.deferredReason }
}

extension HostReport {
  /// Why mail to this host is deferred (its TLSA or address lookup failed).
  public var deferredReason: String {
    switch tlsa {
    case .failed(let base, let security):
      let owner = TLSAResolution.owner(of: base)
      return "TLSA lookup at \(owner) is \(security.word): \(security.reason ?? "no reason given")"
    case .notQueried(let security):
      return "address lookup of \(target.name) is \(security.word): "
        + (security.reason ?? "no reason given")
    default:
      return "lookup failed"
    }
  }
}

/// Opens once `arrive()` has been called `count` times; `wait()` returns from then on.
/// `lookups`: those each arrival brought, in the order they came.
actor Countdown {
  private var remaining: Int
  private var waiting: [CheckedContinuation<Void, Never>] = []
  private(set) var lookups: [RRsetLookup] = []

  init(_ count: Int) { remaining = max(0, count) }

  func arrive(with lookups: [RRsetLookup] = []) {
    guard remaining > 0 else { return }
    self.lookups += lookups
    remaining -= 1
    if remaining == 0 {
      waiting.forEach { $0.resume() }
      waiting.removeAll()
    }
  }

  func wait() async {
    if remaining == 0 { return }
    await withCheckedContinuation { waiting.append($0) }
  }
}

/// At most `count` probes in flight across all hosts; the others wait their turn in order.
actor ProbeSlots {
  private var free: Int
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(_ count: Int) { free = max(1, count) }

  func acquire() async {
    if free > 0 {
      free -= 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      free += 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}
