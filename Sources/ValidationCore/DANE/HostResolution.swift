/// The addresses of one MX host and what DNSSEC says of them (RFC 7672 §2.2.2).
public struct HostAddresses: Sendable, Hashable {
  public let host: DNSName
  public let ipv4: RRsetLookup
  public let ipv6: RRsetLookup
  /// The CNAME at the host name itself, asked for only when the addresses are insecure and were
  /// reached through an alias: a secure alias still lets TLSA be looked up at the host name.
  public var initialCNAME: RRsetLookup?

  public init(
    host: DNSName, ipv4: RRsetLookup, ipv6: RRsetLookup, initialCNAME: RRsetLookup? = nil
  ) {
    self.host = host
    self.ipv4 = ipv4
    self.ipv6 = ipv6
    self.initialCNAME = initialCNAME
  }

  /// The lookups behind the addresses: A, AAAA, and the CNAME at the host when it was asked.
  public var lookups: [RRsetLookup] { [ipv4, ipv6] + (initialCNAME.map { [$0] } ?? []) }

  /// The worst of the lookups: one bogus or failed family makes the host's addresses
  /// untrustworthy, and one insecure family is enough for an attacker to steer the sender. A
  /// bogus or failed answer to the CNAME question counts too: it is never "no alias" (RFC 7672
  /// §2.1.1), so the host is deferred rather than tried without DANE.
  public var security: RRsetLookup.Security {
    lookups.map(\.security).max { $0.rank < $1.rank } ?? .indeterminate(reason: "no lookup")
  }

  /// IPv4 then IPv6 addresses, in answer order, without repeats.
  public var addresses: [String] {
    var seen: Set<String> = []
    var out: [String] = []
    for data in ipv4.answers + ipv6.answers {
      let text: String
      switch data {
      case .a(let address): text = address.description
      case .aaaa(let address): text = address.description
      default: continue
      }
      if seen.insert(text).inserted { out.append(text) }
    }
    return out
  }

  /// The CNAME-expanded name of the host, when its address lookup went through an alias.
  public var expandedName: DNSName? {
    let names = [ipv4, ipv6].filter { !$0.answers.isEmpty }.map(\.expandedName)
    return names.first { $0 != host }
  }

  /// Where the host name's CNAME chain leads, as a report shows it: `expandedName`, else the
  /// alias an answer with no address went through (NODATA or NXDOMAIN at the target), else the
  /// one a bogus or failed answer went through (evidence, never data: RFC 7672 §2.1.1). Never
  /// used by the policy.
  public var shownAliasTarget: DNSName? {
    if let expandedName { return expandedName }
    for lookup in [ipv4, ipv6] {
      let target = lookup.security.isFailure ? lookup.unusedAliasTarget : lookup.expandedName
      if let target, target != host { return target }
    }
    return nil
  }

  /// True when the addresses must be asked about their alias (see `initialCNAME`): they are
  /// insecure, and were reached through a CNAME.
  public var needsInitialCNAME: Bool {
    security == .insecure && expandedName != nil && !addresses.isEmpty
  }

  /// RFC 7672 §2.2.2 "Insecure CNAME": the addresses are insecure, but the host name is a
  /// secure CNAME to the name that holds them.
  public var isSecureAliasOfInsecureAddresses: Bool {
    guard needsInitialCNAME, let initialCNAME, initialCNAME.security == .secure else {
      return false
    }
    return initialCNAME.records.contains { $0.name == host && $0.type == .cname }
  }

  /// RFC 7672 §2.2.2, §2.2.3 and RFC 7671 §7: TLSA base domains to try, in order, or nil when
  /// TLSA must not be looked up at all. Secure addresses: the CNAME-expanded name, then the
  /// original one. Insecure addresses behind a secure CNAME: the original name only. Any other
  /// insecure, bogus or failed address lookup: none.
  public var tlsaBaseDomains: [DNSName]? {
    guard !addresses.isEmpty else { return nil }
    if security == .secure {
      if let expandedName { return [expandedName, host] }
      return [host]
    }
    return isSecureAliasOfInsecureAddresses ? [host] : nil
  }
}

/// What the TLSA lookup for one MX host gave (RFC 7672 §2.2.3).
public enum TLSAResolution: Sendable, Hashable {
  /// Not looked up: the host's address records are not secure (or there are none).
  case notQueried(addressSecurity: RRsetLookup.Security)
  /// A secure TLSA RRset at `baseDomain`. It may hold nothing usable.
  case records(baseDomain: DNSName, [AssessedTLSARecord])
  /// Securely shown not to exist at every candidate base domain.
  case secureAbsent
  /// In an unsigned zone (the last candidate tried): ignored.
  case insecure(baseDomain: DNSName)
  /// Bogus or indeterminate: never "no TLSA"; delivery to this host is deferred.
  case failed(baseDomain: DNSName, RRsetLookup.Security)

  /// `_25._tcp.<base>`: the owner name of the TLSA records of a base domain (for display; a base
  /// domain too long for it is shown as it is, and `resolve` fails it).
  public static func owner(of baseDomain: DNSName, port: UInt16 = 25) -> DNSName {
    (try? baseDomain.prepending("_tcp").prepending("_\(port)")) ?? baseDomain
  }

  /// Tries each candidate in order: the first secure TLSA RRset wins; a failure stops the search
  /// (a failed lookup is not "no records"); secure denial or an insecure answer moves on to the
  /// next candidate (the original MX name after the CNAME-expanded one).
  public static func resolve(
    candidates: [DNSName], port: UInt16 = 25, lookup: DANELookupFunction
  ) async -> (TLSAResolution, [RRsetLookup]) {
    var attempts: [RRsetLookup] = []
    var outcome = TLSAResolution.secureAbsent
    for base in candidates {
      guard let owner = try? base.prepending("_tcp").prepending("_\(port)") else {
        // `_25._tcp.` in front would pass 255 octets: no query can be made, and a lookup that
        // cannot be made is a failure, never "no TLSA".
        let reason = "\(base) is too long to look TLSA up at _\(port)._tcp.\(base)"
        attempts.append(RRsetLookup(name: base, type: .tlsa, security: .indeterminate(reason: reason)))
        return (.failed(baseDomain: base, .indeterminate(reason: reason)), attempts)
      }
      let answer = await lookup(owner, .tlsa)
      attempts.append(answer)
      switch answer.security {
      case .bogus, .indeterminate:
        return (.failed(baseDomain: base, answer.security), attempts)
      case .insecure:
        outcome = .insecure(baseDomain: base)
      case .secure:
        // In RDATA order (RFC 4034 §6.3), not the answer's, which the validator may rotate from
        // one lookup to the next: the findings about the records then come in a stable order.
        let records: [AssessedTLSARecord] = answer.answers.compactMap {
          if case .tlsa(let data) = $0 { return data }
          return nil
        }.sorted(by: Self.rdataPrecedes).map(AssessedTLSARecord.init)
        if !records.isEmpty { return (.records(baseDomain: base, records), attempts) }
        outcome = .secureAbsent
      }
    }
    return (outcome, attempts)
  }

  /// Usage, selector and matching type are the first three octets of TLSA RDATA, the data the
  /// rest: comparing them in turn is comparing the RDATA.
  static func rdataPrecedes(_ first: TLSAData, _ second: TLSAData) -> Bool {
    let fields = { (record: TLSAData) in
      [record.usage.rawValue, record.selector.rawValue, record.matchingType.rawValue]
    }
    if fields(first) != fields(second) {
      return fields(first).lexicographicallyPrecedes(fields(second))
    }
    return first.data.lexicographicallyPrecedes(second.data)
  }

  public var usableRecords: [TLSAData] {
    if case .records(_, let records) = self { return records.filter(\.isUsable).map(\.record) }
    return []
  }

  public var baseDomain: DNSName? {
    switch self {
    case .records(let base, _), .insecure(let base), .failed(let base, _): return base
    case .notQueried, .secureAbsent: return nil
    }
  }

  /// What the sender's TLS policy for this host is.
  public var tlsPolicy: TLSPolicy {
    switch self {
    case .failed: return .deferred
    case .notQueried(let security) where security.isFailure: return .deferred
    case .records(_, let records):
      return records.contains(where: \.isUsable) ? .daneAuthenticated : .mandatoryUnauthenticated
    case .notQueried, .secureAbsent, .insecure: return .opportunistic
    }
  }

  /// The status word the report shows for the TLSA records of the host.
  public var statusWord: String {
    switch self {
    case .notQueried(let security): return security.word
    case .records, .secureAbsent: return "secure"
    case .insecure: return "insecure"
    case .failed(_, let security): return security.word
    }
  }
}

/// The sender's TLS policy for one MX host, from its TLSA lookup (RFC 7672 §2.2).
public enum TLSPolicy: Sendable, Hashable {
  /// Usable TLSA records: STARTTLS mandatory, the certificate must match one of them.
  case daneAuthenticated
  /// A secure TLSA RRset with nothing usable: TLS mandatory, not authenticated.
  case mandatoryUnauthenticated
  /// No (secure) TLSA records: opportunistic TLS, plaintext if need be.
  case opportunistic
  /// A lookup failed or was bogus: no delivery to this host now.
  case deferred
}

/// The names a probe of one resolved host checks the certificate against (RFC 7672 §3.2.2,
/// RFC 7671 §7): `check` and `trace` both take them from here.
extension HostReport {
  /// The TLSA base domain: where the records came from, else the CNAME-expanded name, else the
  /// host name. It is the SNI name and the first reference identifier.
  public var tlsaBaseDomain: DNSName {
    tlsa.baseDomain ?? addresses.expandedName ?? target.name
  }

  /// The other reference identifiers: the host name as the MX record gives it, and the next-hop
  /// domain when given (`check` gives it when the MX RRset is secure); none twice, none equal to
  /// the base domain.
  public func otherReferenceNames(nextHop: DNSName? = nil) -> [DNSName] {
    let base = tlsaBaseDomain
    var unique: [DNSName] = []
    for reference in [target.name] + (nextHop.map { [$0] } ?? [])
    where reference != base && !unique.contains(reference) {
      unique.append(reference)
    }
    return unique
  }
}
