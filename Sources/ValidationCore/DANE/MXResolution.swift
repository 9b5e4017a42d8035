/// One host a sender would try, from the MX RRset or, without one, the domain itself.
public struct MXTarget: Sendable, Hashable {
  public let name: DNSName
  public let preference: UInt16
  /// True for the implicit MX (RFC 5321 §5.1): no MX records, the domain is its own host.
  public let isImplicit: Bool

  public init(name: DNSName, preference: UInt16, isImplicit: Bool = false) {
    self.name = name
    self.preference = preference
    self.isImplicit = isImplicit
  }
}

/// What the MX lookup of the next-hop domain means for delivery (RFC 7672 §2.2.1, RFC 5321
/// §5.1, RFC 7505).
public enum MXResolution: Sendable, Hashable {
  /// Hosts to try, by preference (then name); `nullMXIgnored` when a "." exchange was listed
  /// beside real hosts and so left out.
  case hosts([MXTarget], nullMXIgnored: Bool)
  /// RFC 7505: a single `0 .` record: the domain accepts no mail.
  case nullMX
  /// The domain does not exist (NXDOMAIN): nothing to deliver to.
  case noSuchDomain
  /// Bogus or indeterminate: delivery is deferred, never downgraded (RFC 7672 §2.1.1).
  case failed(RRsetLookup.Security)

  /// Reads the MX lookup of `domain`.
  public static func from(_ lookup: RRsetLookup, domain: DNSName) -> MXResolution {
    if lookup.security.isFailure { return .failed(lookup.security) }
    if lookup.isNXDOMAIN { return .noSuchDomain }
    let exchanges: [MXData] = lookup.answers.compactMap {
      if case .mx(let data) = $0 { return data }
      return nil
    }
    if exchanges.isEmpty {
      // NODATA: the domain itself is the one host, at an implied preference of 0.
      return .hosts([MXTarget(name: domain, preference: 0, isImplicit: true)], nullMXIgnored: false)
    }
    let isNull = { (data: MXData) in data.exchange.isRoot }
    if exchanges.count == 1, let only = exchanges.first, isNull(only) { return .nullMX }
    var seen: Set<DNSName> = []
    var targets: [MXTarget] = []
    let ordered = exchanges.filter { !isNull($0) }.sorted {
      ($0.preference, $0.exchange) < ($1.preference, $1.exchange)
    }
    for data in ordered where seen.insert(data.exchange).inserted {
      targets.append(MXTarget(name: data.exchange, preference: data.preference))
    }
    return .hosts(targets, nullMXIgnored: exchanges.contains(where: isNull))
  }

  public var targets: [MXTarget] {
    if case .hosts(let targets, _) = self { return targets }
    return []
  }

  /// The word used for the kind of answer in the report.
  public var kind: String {
    switch self {
    case .hosts(let targets, _):
      return targets.first?.isImplicit == true ? "implicit" : "mx"
    case .nullMX: return "null-mx"
    case .noSuchDomain: return "nxdomain"
    case .failed: return "failed"
    }
  }
}
