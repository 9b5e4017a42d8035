import ValidationCore

/// One zone of the lab: its origin and its records (signed or not).
public struct LabZone: Sendable {
  public var origin: DNSName
  public var records: [ResourceRecord]

  public init(origin: DNSName, records: [ResourceRecord]) {
    self.origin = origin
    self.records = records
  }

  /// The zone in master-file form, as unbound's auth-zone and ldns-verify-zone read it.
  public var text: String { LabZoneText.format(records, origin: origin) }

  /// The file name the lab writes the zone under (`root.zone` for the root).
  public var fileName: String {
    origin.isRoot ? "root.zone" : String(origin.description.dropLast()) + ".zone"
  }

  /// Records grouped into RRsets, in canonical order of owner, then type.
  var rrsets: [(key: RRSetKey, records: [ResourceRecord])] {
    var groups: [RRSetKey: [ResourceRecord]] = [:]
    for record in records { groups[record.rrsetKey, default: []].append(record) }
    return groups.sorted { lhs, rhs in
      lhs.key.name == rhs.key.name ? lhs.key.type < rhs.key.type : lhs.key.name < rhs.key.name
    }.map { ($0.key, $0.value) }
  }

  /// Names with NS records below the apex: the zone cuts to children.
  var delegations: Set<DNSName> {
    Set(records.filter { $0.type == .ns && $0.name != origin }.map(\.name))
  }

  /// True when `name` lies strictly below a zone cut (glue, or stale data under a child).
  func isBelowCut(_ name: DNSName, cuts: Set<DNSName>) -> Bool {
    var candidate = name
    while candidate != origin && !candidate.isRoot {
      candidate = candidate.parent
      if cuts.contains(candidate) && candidate != origin { return true }
    }
    return false
  }

  // MARK: Edits the scenarios make

  public mutating func add(_ name: DNSName, ttl: UInt32 = LabZone.defaultTTL, _ rdata: RData) {
    records.append(ResourceRecord(name: name, ttl: ttl, rdata: rdata))
  }

  /// Flips one bit in the signature of every RRSIG covering `type` at `name`: the record still
  /// parses, the signature no longer verifies.
  public mutating func corruptSignatures(covering type: RRType, at name: DNSName) {
    for index in records.indices {
      guard records[index].name == name, case .rrsig(var rrsig) = records[index].rdata,
        rrsig.typeCovered == type, !rrsig.signature.isEmpty
      else { continue }
      rrsig.signature[rrsig.signature.count / 2] ^= 0x01
      records[index].rdata = .rrsig(rrsig)
    }
  }

  /// Replaces the RRSIGs over `type` at `name` with ones `signer` makes (another window).
  mutating func resign(_ type: RRType, at name: DNSName, with signer: ZoneSigner) throws(LabError) {
    let key = RRSetKey(name: name, type: type)
    let set = records.filter { $0.rrsetKey == key }
    records.removeAll {
      guard $0.name == name, case .rrsig(let rrsig) = $0.rdata else { return false }
      return rrsig.typeCovered == type
    }
    for key in signer.keys {
      records.append(
        try signer.signature(
          over: set, key: RRSetKey(name: name, type: type), signer: key, zone: origin))
    }
  }

  public static let defaultTTL: UInt32 = 3600
}
