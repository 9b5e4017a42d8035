/// One resource record: owner, class, TTL and typed data. The type is the data's type.
public struct ResourceRecord: Sendable, Hashable, CustomStringConvertible {
  public var name: DNSName
  public var rrClass: RRClass
  public var ttl: UInt32
  public var rdata: RData

  public init(name: DNSName, rrClass: RRClass = .in, ttl: UInt32, rdata: RData) {
    self.name = name
    self.rrClass = rrClass
    self.ttl = ttl
    self.rdata = rdata
  }

  public var type: RRType { rdata.type }

  /// Zone-file form: `owner TTL CLASS TYPE rdata`, tab separated (as ldns prints it).
  public var description: String {
    "\(name)\t\(ttl)\t\(rrClass)\t\(type)\t\(rdata.presentation)"
  }
}

/// Records sharing owner, class and type (RFC 2181 §5).
public struct RRSetKey: Sendable, Hashable, CustomStringConvertible {
  public var name: DNSName
  public var type: RRType
  public var rrClass: RRClass

  public init(name: DNSName, type: RRType, rrClass: RRClass = .in) {
    self.name = name
    self.type = type
    self.rrClass = rrClass
  }

  public var description: String { "\(name) \(type)" }
}

extension ResourceRecord {
  public var rrsetKey: RRSetKey {
    // Keyed by the record's own type: RRSIG records group together under RRSIG, not under the
    // type they cover (match them to a set through `RRSIGData.typeCovered`).
    RRSetKey(name: name, type: type, rrClass: rrClass)
  }
}
