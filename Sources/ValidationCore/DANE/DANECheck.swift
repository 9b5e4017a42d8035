import Foundation

/// The whole RFC 7672 check of one mail domain: MX, addresses and TLSA of every host (hosts in
/// parallel), then a STARTTLS probe of every address of every host, at most
/// `maxConcurrentProbes` at a time, and the report.
public struct DANECheck: Sendable {
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

  public init(
    lookup: @escaping DANELookupFunction, probe: @escaping DANEProbeFunction,
    clock: any Clock = SystemClock()
  ) {
    self.lookup = lookup
    self.probe = probe
    self.clock = clock
  }

  public func run(domain: DNSName) async -> DomainReport {
    let started = clock.now
    async let chainReport = chainOfTrust?(domain, .mx)
    let mxLookup = await lookup(domain, .mx)
    let resolution = MXResolution.from(mxLookup, domain: domain)
    var hosts = await resolveHosts(resolution.targets)
    let requests = makeProbeRequests(hosts, domain: domain, mxSecurity: mxLookup.security)
    let observations = await runProbes(requests.map(\.request))
    for (index, host) in hosts.enumerated() {
      hosts[index].probes = makeProbeReports(
        host, hostIndex: index, requests: requests, observations: observations)
    }
    let mx = MXSection(lookup: mxLookup, resolution: resolution, hosts: hosts)
    var chain = [ChainLink(mxLookup)]
    for host in hosts {
      chain += [ChainLink(host.addresses.ipv4), ChainLink(host.addresses.ipv6)]
      chain += host.tlsaLookups.map(ChainLink.init)
    }
    var incomplete: String?
    if case .indeterminate(let reason) = mxLookup.security {
      incomplete = "the MX lookup of \(domain) got no answer: \(reason)"
    }
    var report = DomainReport(
      domain: domain, checkedAt: started, chain: chain, mx: mx,
      findings: DANEFindings.make(domain: domain, mx: mx, clock: clock),
      incompleteReason: incomplete)
    if let trust = await chainReport {
      report.chainOfTrust = trust
      // The chain engine's findings are the DNSSEC root causes (a DS matching no key, an
      // expired signature) behind a bogus MX; they join the report's list.
      report.findings = DANEFindings.ordered(
        DANEFindings.unique(report.findings + trust.findings))
    }
    return report
  }

  /// Addresses (A and AAAA together) then TLSA, for every host at once.
  func resolveHosts(_ targets: [MXTarget]) async -> [HostReport] {
    let lookup = self.lookup
    return await withTaskGroup(of: (Int, HostReport).self) { group in
      for (index, target) in targets.enumerated() {
        group.addTask {
          async let ipv4 = lookup(target.name, .a)
          async let ipv6 = lookup(target.name, .aaaa)
          let addresses = HostAddresses(host: target.name, ipv4: await ipv4, ipv6: await ipv6)
          guard let candidates = addresses.tlsaBaseDomains else {
            let report = HostReport(
              target: target, addresses: addresses,
              tlsa: .notQueried(addressSecurity: addresses.security), tlsaLookups: [], probes: [])
            return (index, report)
          }
          let (tlsa, attempts) = await TLSAResolution.resolve(
            candidates: candidates, lookup: lookup)
          return (
            index,
            HostReport(
              target: target, addresses: addresses, tlsa: tlsa, tlsaLookups: attempts, probes: [])
          )
        }
      }
      var reports: [(Int, HostReport)] = []
      for await report in group { reports.append(report) }
      return reports.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  struct PlannedProbe {
    let hostIndex: Int
    let dnsAddress: String
    let request: ProbeRequest
  }

  /// One request per host and address, except for deferred hosts (a sender would not connect).
  func makeProbeRequests(_ hosts: [HostReport], domain: DNSName, mxSecurity: RRsetLookup.Security)
    -> [PlannedProbe]
  {
    var planned: [PlannedProbe] = []
    for (index, host) in hosts.enumerated() where host.tlsa.tlsPolicy != .deferred {
      let name = host.target.name
      let base = host.tlsa.baseDomain ?? host.addresses.expandedName ?? name
      var references = [name]
      if mxSecurity == .secure { references.append(domain) }
      var unique: [DNSName] = []
      for reference in references where reference != base && !unique.contains(reference) {
        unique.append(reference)
      }
      let endpoint = endpoints[name]
      for address in host.addresses.addresses {
        let request = ProbeRequest(
          host: name, address: endpoint?.address ?? address, port: endpoint?.port ?? port,
          tlsaBaseDomain: base, usableRecords: host.tlsa.usableRecords,
          additionalReferenceNames: unique, timeouts: timeouts)
        planned.append(PlannedProbe(hostIndex: index, dnsAddress: address, request: request))
      }
    }
    return planned
  }

  /// Runs the probes with at most `maxConcurrentProbes` in flight; results in request order.
  func runProbes(_ requests: [ProbeRequest]) async -> [ProbeObservation] {
    let probe = self.probe
    let limit = max(1, maxConcurrentProbes)
    return await withTaskGroup(of: (Int, ProbeObservation).self) { group in
      var results = [ProbeObservation?](repeating: nil, count: requests.count)
      var next = 0
      while next < min(limit, requests.count) {
        let index = next
        group.addTask { (index, await probe(requests[index])) }
        next += 1
      }
      while let (index, observation) = await group.next() {
        results[index] = observation
        if next < requests.count {
          let index = next
          group.addTask { (index, await probe(requests[index])) }
          next += 1
        }
      }
      return results.enumerated().map { index, observation in
        observation
          ?? ProbeObservation(
            address: requests[index].address, port: requests[index].port,
            stage: .sessionFailed("the probe did not report"))
      }
    }
  }

  func makeProbeReports(
    _ host: HostReport, hostIndex: Int, requests: [PlannedProbe], observations: [ProbeObservation]
  ) -> [ProbeReport] {
    let policy = host.tlsa.tlsPolicy
    if policy == .deferred {
      let reason = deferredReason(host)
      return host.addresses.addresses.map {
        ProbeReport(
          address: $0, port: endpoints[host.target.name]?.port ?? port,
          verdict: .deferred(reason: reason), observation: nil)
      }
    }
    return zip(requests, observations).filter { $0.0.hostIndex == hostIndex }.map {
      planned, observation in
      let verdict = DANEVerdict.decide(policy: policy, deferredReason: "", probe: observation)
      return ProbeReport(
        address: planned.request.address, port: planned.request.port, verdict: verdict,
        observation: observation)
    }
  }

  func deferredReason(_ host: HostReport) -> String {
    switch host.tlsa {
    case .failed(let base, let security):
      let owner = TLSAResolution.owner(of: base)
      return "TLSA lookup at \(owner) is \(security.word): \(security.reason ?? "no reason given")"
    case .notQueried(let security):
      return "address lookup of \(host.target.name) is \(security.word): "
        + (security.reason ?? "no reason given")
    default:
      return "lookup failed"
    }
  }
}
