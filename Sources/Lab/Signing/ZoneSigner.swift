import FoundationEssentials
import ValidationCore

/// danescope's own zone signer: adds the DNSKEY set, a denial-of-existence chain (NSEC, or NSEC3
/// with no salt, no extra iterations and opt-out off, as RFC 9276 advises) and an RRSIG over every
/// authoritative RRset. Delegation NS sets and glue stay unsigned (RFC 4035 §2.2).
public struct ZoneSigner: Sendable {
  public enum Denial: Sendable, Equatable {
    case nsec
    case nsec3
  }

  /// The signature validity window, in seconds since the epoch.
  public struct Window: Sendable, Equatable {
    public var inception: UInt32
    public var expiration: UInt32

    public init(inception: UInt32, expiration: UInt32) {
      self.inception = inception
      self.expiration = expiration
    }

    /// From an hour before `now` (clock skew) to `days` after it; negative days give a window
    /// that has already ended.
    public static func around(_ now: Date, days: Int = 30) -> Window {
      let seconds = Int64(now.timeIntervalSince1970)
      if days < 0 {
        return Window(
          inception: UInt32(truncatingIfNeeded: seconds + Int64(days - 30) * 86_400),
          expiration: UInt32(truncatingIfNeeded: seconds + Int64(days) * 86_400))
      }
      return Window(
        inception: UInt32(truncatingIfNeeded: seconds - 3_600),
        expiration: UInt32(truncatingIfNeeded: seconds + Int64(days) * 86_400))
    }
  }

  /// Keys with the SEP flag sign the DNSKEY set; the others sign the rest. A zone with only SEP
  /// keys (or only non-SEP keys) signs everything with them (a combined signing key).
  public var keys: [LabKey]
  public var denial: Denial
  public var window: Window

  public init(keys: [LabKey], denial: Denial, window: Window) {
    self.keys = keys
    self.denial = denial
    self.window = window
  }

  public func sign(_ unsigned: LabZone) throws(LabError) -> LabZone {
    guard
      let soa = unsigned.records.first(where: { $0.type == .soa && $0.name == unsigned.origin }),
      case .soa(let soaData) = soa.rdata
    else { throw .zone("\(unsigned.origin) has no SOA at its apex") }
    var zone = unsigned
    for key in keys {
      zone.add(zone.origin, ttl: soa.ttl, .dnskey(try key.dnskey))
    }
    // RFC 9077: denial records live as long as the smaller of the SOA TTL and its minimum.
    let denialTTL = min(soa.ttl, soaData.minimum)
    switch denial {
    case .nsec: zone.records += try nsecChain(zone, ttl: denialTTL)
    case .nsec3:
      zone.add(zone.origin, ttl: soa.ttl, .nsec3param(Self.nsec3Parameters))
      zone.records += try nsec3Chain(zone, ttl: denialTTL)
    }
    let cuts = zone.delegations
    var signed: [ResourceRecord] = []
    for (key, records) in zone.rrsets {
      signed += records
      let isDelegationData = cuts.contains(key.name) && key.type != .ds && key.type != .nsec
      if isDelegationData || zone.isBelowCut(key.name, cuts: cuts) { continue }
      for signer in signers(for: key.type) {
        signed.append(try signature(over: records, key: key, signer: signer, zone: zone.origin))
      }
    }
    zone.records = signed
    return zone
  }

  /// RFC 9276 §3.1: SHA-1, no flags, no additional iterations, no salt.
  public static let nsec3Parameters = NSEC3PARAMData(
    hashAlgorithm: 1, flags: 0, iterations: 0, salt: [])

  private func signers(for type: RRType) -> [LabKey] {
    let sep = keys.filter { $0.flags & DNSKEYData.secureEntryPointFlag != 0 }
    let others = keys.filter { $0.flags & DNSKEYData.secureEntryPointFlag == 0 }
    if sep.isEmpty || others.isEmpty { return keys }
    return type == .dnskey ? sep : others
  }

  /// One RRSIG over one RRset (RFC 4034 §3.1.8.1 signing input, §6.3 record order).
  func signature(
    over records: [ResourceRecord], key: RRSetKey, signer: LabKey, zone: DNSName
  ) throws(LabError) -> ResourceRecord {
    let ttl = records[0].ttl
    let labels = key.name.labelCount - (key.name.isWildcard ? 1 : 0)
    var rrsig = RRSIGData(
      typeCovered: key.type, algorithm: signer.algorithm, labels: UInt8(labels),
      originalTTL: ttl, expiration: window.expiration, inception: window.inception,
      keyTag: try signer.dnskey.keyTag, signerName: zone, signature: [])
    let input = SignatureInput.make(rrsig: rrsig, owner: key.name, records: records)
    rrsig.signature = try signer.sign(input)
    return ResourceRecord(name: key.name, ttl: ttl, rdata: .rrsig(rrsig))
  }

  // MARK: Denial of existence

  /// Authoritative names and delegation points, in canonical order; glue is left out.
  private func ownerNames(_ zone: LabZone) -> [DNSName] {
    let cuts = zone.delegations
    let names = Set(zone.records.map(\.name)).filter {
      $0.isSubdomain(of: zone.origin) && !zone.isBelowCut($0, cuts: cuts)
    }
    return names.sorted()
  }

  private func types(at name: DNSName, in zone: LabZone) -> [RRType] {
    zone.records.filter { $0.name == name }.map(\.type)
  }

  private func nsecChain(_ zone: LabZone, ttl: UInt32) throws(LabError) -> [ResourceRecord] {
    let names = ownerNames(zone)
    return names.enumerated().map { index, name in
      let next = names[(index + 1) % names.count]
      let bitmap = TypeBitMap(types(at: name, in: zone) + [.nsec, .rrsig])
      return ResourceRecord(
        name: name, ttl: ttl, rdata: .nsec(NSECData(nextDomain: next, types: bitmap)))
    }
  }

  private func nsec3Chain(_ zone: LabZone, ttl: UInt32) throws(LabError) -> [ResourceRecord] {
    let cuts = zone.delegations
    var names = Set(ownerNames(zone))
    // Empty non-terminals get NSEC3 records too (RFC 5155 §7.1).
    for name in names {
      var ancestor = name.parent
      while ancestor.isSubdomain(of: zone.origin) && ancestor != zone.origin {
        names.insert(ancestor)
        ancestor = ancestor.parent
      }
    }
    var hashed: [(hash: [UInt8], name: DNSName)] = []
    for name in names {
      let hash = NSEC3Hash.hash(
        name: name, salt: Self.nsec3Parameters.salt,
        iterations: Self.nsec3Parameters.iterations)
      hashed.append((hash, name))
    }
    hashed.sort { $0.hash.lexicographicallyPrecedes($1.hash) }
    var chain: [ResourceRecord] = []
    for (index, entry) in hashed.enumerated() {
      var present = types(at: entry.name, in: zone)
      // RRSIG is listed where some RRset of the name is signed: not at an insecure delegation.
      let isInsecureCut = cuts.contains(entry.name) && !present.contains(.ds)
      if !present.isEmpty && !isInsecureCut { present.append(.rrsig) }
      let next = hashed[(index + 1) % hashed.count].hash
      let owner: DNSName
      do {
        owner = try zone.origin.prepending(Base32Hex.encode(entry.hash))
      } catch {
        throw .zone("NSEC3 owner for \(entry.name) is too long: \(error)")
      }
      let data = NSEC3Data(
        hashAlgorithm: Self.nsec3Parameters.hashAlgorithm, flags: 0,
        iterations: Self.nsec3Parameters.iterations, salt: Self.nsec3Parameters.salt,
        nextHashedOwner: next, types: TypeBitMap(present))
      chain.append(ResourceRecord(name: owner, ttl: ttl, rdata: .nsec3(data)))
    }
    return chain
  }
}
