import FoundationEssentials
import ValidationCore

/// One MX host of the lab: its name, its loopback address, what its server presents and how it
/// behaves.
public struct LabHost: Sendable {
  public let scenario: String
  public let name: DNSName
  /// Names that are CNAMEs of this host (an MX record may name one of them).
  public let aliases: [DNSName]
  public let address: String
  public let chain: [LabCertificate]
  public let behaviour: ServerBehaviour
}

/// Builds the lab's DNS tree: the lab root (its own trust anchor), the TLD `example.` and one
/// zone per scenario, all signed by danescope's own signer, plus the MX hosts they name.
struct LabHierarchy {
  let keys: LabKeyCache
  let pki: LabPKI
  let window: ZoneSigner.Window
  let hostAddresses = HostAddresses()

  struct Result {
    var zones: [LabZone]
    var trustAnchor: DSData
    var hosts: [LabHost]
  }

  static let nameServer = Lab.name("ns1.example.")
  static let soaMinimum: UInt32 = 300

  func build(_ scenarios: [Scenario]) throws(LabError) -> Result {
    var zones: [LabZone] = []
    var hosts: [LabHost] = []
    var tld = Self.skeleton(Lab.tld)
    tld.add(Self.nameServer, .a(IPv4Address(octets: [127, 0, 0, 1])!))
    for scenario in scenarios {
      let built = try buildScenario(scenario)
      zones += built.zones
      hosts += built.hosts
      tld.add(scenario.domain, .ns(Self.nameServer))
      if let ds = built.ds { tld.add(scenario.domain, .ds(ds)) }
    }
    let tldSigner = ZoneSigner(
      keys: [
        try keys.key("tld-ksk", .ecdsaP256SHA256, flags: 257),
        try keys.key("tld-zsk", .ecdsaP256SHA256, flags: 256),
      ], denial: .nsec3, window: window)
    let tldKSK = try tldSigner.keys[0].dnskey
    zones.insert(try tldSigner.sign(tld), at: 0)

    var root = Self.skeleton(.root)
    root.add(Lab.tld, .ns(Self.nameServer))
    root.add(Self.nameServer, .a(IPv4Address(octets: [127, 0, 0, 1])!))
    root.add(Lab.tld, .ds(try LabDNSSECMath.ds(for: tldKSK, owner: Lab.tld)))
    let rootSigner = ZoneSigner(
      keys: [
        try keys.key("root-ksk", .rsaSHA256, flags: 257),
        try keys.key("root-zsk", .rsaSHA256, flags: 256),
      ], denial: .nsec, window: window)
    zones.insert(try rootSigner.sign(root), at: 0)
    let anchor = try LabDNSSECMath.ds(for: try rootSigner.keys[0].dnskey, owner: .root)
    return Result(zones: zones, trustAnchor: anchor, hosts: hosts)
  }

  /// A zone with its SOA and NS at the apex.
  static func skeleton(_ origin: DNSName) -> LabZone {
    var zone = LabZone(origin: origin, records: [])
    let soa = SOAData(
      mname: nameServer, rname: Lab.name("hostmaster.example."), serial: 1, refresh: 3600,
      retry: 900, expire: 604_800, minimum: soaMinimum)
    zone.add(origin, .soa(soa))
    zone.add(origin, .ns(nameServer))
    return zone
  }

  // MARK: Scenario zones

  private struct ScenarioZones {
    var zones: [LabZone]
    var hosts: [LabHost]
    var ds: DSData?
  }

  private func buildScenario(_ scenario: Scenario) throws(LabError) -> ScenarioZones {
    let layout = scenario.layout
    let domain = scenario.domain
    var zones = HostZones(
      scenario: Self.skeleton(domain), hosts: Self.skeleton(Lab.child("hosts", of: domain)))
    var hosts: [LabHost] = []
    var damaged: [(DNSName, HostLayout.SignatureState)] = []
    for host in layout.hosts {
      let placed = try place(host, of: scenario.name, in: &zones)
      hosts.append(placed)
      let tlsaName = Lab.child("_25", of: Lab.child("_tcp", of: placed.name))
      if host.tlsaSignature != .valid { damaged.append((tlsaName, host.tlsaSignature)) }
    }
    var built: [LabZone] = []
    if layout.hosts.contains(where: { $0.zone == .unsignedChild }) {
      zones.scenario.add(zones.hosts.origin, .ns(Self.nameServer))
      built.append(zones.hosts)
    }
    if layout.delegation == .unsigned {
      return ScenarioZones(zones: [zones.scenario] + built, hosts: hosts, ds: nil)
    }
    let key = try keys.key("\(scenario.name)-csk", layout.algorithm, flags: 257)
    var signed = try ZoneSigner(keys: [key], denial: layout.denial, window: window)
      .sign(zones.scenario)
    for (name, state) in damaged {
      switch state {
      case .valid: break
      case .corrupted: signed.corruptSignatures(covering: .tlsa, at: name)
      case .expired:
        let expired = ZoneSigner.Window.around(pki.now, days: -2)
        try signed.resign(
          .tlsa, at: name, with: ZoneSigner(keys: [key], denial: layout.denial, window: expired))
      }
    }
    var dsKey = try key.dnskey
    if layout.delegation == .dsMatchesNoKey {
      dsKey = try keys.key("\(scenario.name)-retired", layout.algorithm, flags: 257).dnskey
    }
    return ScenarioZones(
      zones: [signed] + built, hosts: hosts, ds: try LabDNSSECMath.ds(for: dsKey, owner: domain))
  }

  /// The scenario's zone and its unsigned `hosts.` child, filled host by host.
  private struct HostZones {
    var scenario: LabZone
    var hosts: LabZone
  }

  /// Adds one MX host to the zones (MX, alias, A and TLSA records) with its certificates and
  /// address, and returns it.
  private func place(_ host: HostLayout, of scenario: String, in zones: inout HostZones)
    throws(LabError) -> LabHost
  {
    let domain = zones.scenario.origin
    let name = Lab.child(host.label, of: host.zone == .scenario ? domain : zones.hosts.origin)
    let alias = host.alias.map { Lab.child($0, of: domain) }
    zones.scenario.add(domain, .mx(MXData(preference: host.preference, exchange: alias ?? name)))
    if let alias { zones.scenario.add(alias, .cname(name)) }
    let address = hostAddresses.next()
    guard let ipv4 = IPv4Address(octets: address.octets) else {
      throw .zone("no IPv4 address left for \(name)")
    }
    let material = try pki.material(
      for: String(name.description.dropLast()), kind: host.certificate)
    var records = [ResourceRecord(name: name, ttl: LabZone.defaultTTL, rdata: .a(ipv4))]
    let tlsaBase = host.tlsaAtAlias ? (alias ?? name) : name
    let tlsaName = Lab.child("_25", of: Lab.child("_tcp", of: tlsaBase))
    var tlsaRecords: [ResourceRecord] = []
    for spec in host.tlsa {
      let data = pki.tlsa(spec, for: material)
      tlsaRecords.append(
        ResourceRecord(name: tlsaName, ttl: LabZone.defaultTTL, rdata: .tlsa(data)))
    }
    if host.tlsaAtAlias {
      zones.scenario.records += tlsaRecords
    } else {
      records += tlsaRecords
    }
    if host.zone == .scenario {
      zones.scenario.records += records
    } else {
      zones.hosts.records += records
    }
    return LabHost(
      scenario: scenario, name: name, aliases: alias.map { [$0] } ?? [], address: address.text,
      chain: host.server == .omitIntermediate ? [material.leaf] : material.chain,
      behaviour: host.server)
  }
}

/// Hands out 127.0.0.2, 127.0.0.3, … to the lab's MX hosts (Linux routes all of 127/8 to lo).
final class HostAddresses: @unchecked Sendable {
  // @unchecked: the counter is guarded by the lock.
  private let lock = Lock()
  private var last = 1

  struct Address {
    let octets: [UInt8]
    var text: String { octets.map(String.init).joined(separator: ".") }
  }

  func next() -> Address {
    lock.withLock {
      last += 1
      return Address(octets: [127, 0, UInt8(last >> 8), UInt8(last & 0xFF)])
    }
  }
}
