/// One DNS question as the DANE policy sees it: the security status of the answer, the records
/// in it (CNAMEs included), and whether the name does not exist.
///
/// The policy works on this value rather than on the resolver's answer type so that each rule
/// can be tested with answers built by hand; `RRsetLookup(answer)` converts a resolver answer.
public struct RRsetLookup: Sendable, Hashable {
  /// What DNSSEC says of the answer: the resolver's four states, never merged.
  public typealias Security = SecurityStatus

  public var name: DNSName
  public var type: RRType
  public var security: Security
  /// Answer-section records: the CNAME chain, if any, then the records of `type`. Empty for a
  /// failure (bogus data is never handed to the policy as data).
  public var records: [ResourceRecord]
  public var isNXDOMAIN: Bool
  /// The final name after CNAMEs as the resolver reported it, for when the answer section does
  /// not show the chain.
  public var canonicalName: DNSName?
  /// For a failure whose answer arrived: what it held, which the policy does not use; nil for
  /// a usable answer and for a failure with no answer (timeout, SERVFAIL, resolver error).
  public var unusedAnswer: UnusedAnswer?
  /// For a failure whose answer went through CNAMEs: where they led, as evidence for a report
  /// (the alias a bogus answer came through), never data for the policy; nil otherwise.
  public var unusedAliasTarget: DNSName?
  /// For an insecure NXDOMAIN: the zone whose opt-out NSEC3 covers the next closer name, which
  /// is why the denial proves nothing (RFC 5155 §6); nil otherwise. Read from the answer's
  /// authority section to say why, never to trust the answer more.
  public var optOutZone: DNSName?
  /// For a secure answer: the zones that signed it (the signer names of the RRSIGs in its
  /// answer and authority sections), where its RRsets and any denial live (RFC 4035 §5: each
  /// RRset is validated in the zone that signs it, a CNAME's target too). Empty otherwise.
  public var signers: Set<DNSName> = []

  /// What a bogus or indeterminate answer held, said so that a report does not call an answer
  /// that came back "no answer" (its records are evidence, never data).
  public enum UnusedAnswer: Sendable, Hashable {
    /// The count of records of the asked type (after any CNAME chain).
    case records(Int)
    case nodata
    case nxdomain
  }

  /// `records` of a failure are not kept: `unusedAnswer` is their count when they hold records
  /// of the asked type, else the `unusedAnswer` given (NODATA, NXDOMAIN, or nil for no answer).
  public init(
    name: DNSName, type: RRType, security: Security, records: [ResourceRecord] = [],
    isNXDOMAIN: Bool = false, canonicalName: DNSName? = nil, unusedAnswer: UnusedAnswer? = nil
  ) {
    self.name = name
    self.type = type
    self.security = security
    self.records = security.isFailure ? [] : records
    self.isNXDOMAIN = isNXDOMAIN
    self.canonicalName = canonicalName
    let count = records.filter { $0.type == type }.count
    self.unusedAnswer =
      security.isFailure ? (count > 0 ? .records(count) : unusedAnswer) : nil
    if security.isFailure, type != .cname {
      let end = Self.end(ofAliases: records, from: name)
      self.unusedAliasTarget = end != name ? end : canonicalName.flatMap { $0 != name ? $0 : nil }
    }
  }

  /// Where the CNAME records among `records` lead from `name` (`name` itself when none does);
  /// a loop stops where it would repeat.
  static func end(ofAliases records: [ResourceRecord], from name: DNSName) -> DNSName {
    var current = name
    var seen: Set<DNSName> = [current]
    while let next = records.first(where: { $0.name == current && $0.type == .cname }),
      case .cname(let target) = next.rdata, !seen.contains(target)
    {
      seen.insert(target)
      current = target
    }
    return current
  }

  /// The data of the records of the asked type (after any CNAME chain).
  public var answers: [RData] { records.filter { $0.type == type }.map(\.rdata) }

  /// The name the CNAME chain in the answer leads to, or `name` when there is none. A CNAME
  /// question is answered with the CNAME itself, not followed (RFC 1034 §3.6.2): its records
  /// are at `name`.
  public var expandedName: DNSName {
    guard type != .cname else { return name }
    let current = Self.end(ofAliases: records, from: name)
    if current == name, let canonicalName, !answers.isEmpty { return canonicalName }
    return current
  }

  public var isAlias: Bool { expandedName != name }

  /// No records of the type: NODATA or NXDOMAIN (only meaningful when not a failure).
  public var isEmpty: Bool { !security.isFailure && answers.isEmpty }
}

extension SecurityStatus {
  /// Bogus or indeterminate: a lookup failure, never "no records".
  public var isFailure: Bool { !isUsable }

  /// Ordering for combining several lookups: the worst wins.
  var rank: Int {
    switch self {
    case .secure: return 0
    case .insecure: return 1
    case .indeterminate: return 2
    case .bogus: return 3
    }
  }
}

/// How a query is made: by name and type, answering an `RRsetLookup`. The resolver is wrapped
/// in one of these; tests pass a table of constructed answers.
public typealias DANELookupFunction = @Sendable (DNSName, RRType) async -> RRsetLookup
extension RRsetLookup {
  /// The policy's view of a resolver answer: its status, the answer section (CNAMEs included)
  /// when the answer may be used as data, and NXDOMAIN.
  public init(_ answer: DNSAnswer) {
    // Records of the asked type are counted by `init`; without them, SERVFAIL, REFUSED and the
    // like are no answer, whatever packet held them.
    var unused: UnusedAnswer?
    if answer.message != nil, !answer.status.isUsable {
      switch answer.rcode {
      case .nameError: unused = .nxdomain
      case .noError: unused = .nodata
      default: unused = nil
      }
    }
    self.init(
      name: answer.name, type: answer.type, security: answer.status,
      // A failure's records are not kept (`init`): only what they count and where their
      // CNAMEs lead, as evidence.
      records: answer.evidenceRecords,
      isNXDOMAIN: answer.isNXDOMAIN, canonicalName: answer.canonicalName, unusedAnswer: unused)
    if answer.status == .secure {
      signers = Set(
        (answer.evidenceRecords + answer.evidenceAuthority).compactMap { record in
          guard case .rrsig(let signature) = record.rdata else { return nil }
          return signature.signerName
        })
    }
    if answer.isNXDOMAIN, answer.status == .insecure {
      optOutZone = Self.optOutZone(covering: answer.name, in: answer.evidenceAuthority)
    }
  }

  /// The zone of the NSEC3 records in `authority` when they hold a closest encloser proof for
  /// `name` whose next closer name an opt-out NSEC3 covers.
  static func optOutZone(covering name: DNSName, in authority: [ResourceRecord]) -> DNSName? {
    let zones = Set(authority.filter { $0.type == .nsec3 }.map(\.name.parent))
    for zone in zones {
      let proof = NSEC3Proof(zone: zone, records: authority)
      if proof.closestEncloserProof(name)?.cover?.data.isOptOut == true { return zone }
    }
    return nil
  }
}

extension DANECheck {
  /// Asks every question through `resolver`.
  public static func lookup(through resolver: any Resolver) -> DANELookupFunction {
    { name, type in RRsetLookup(await resolver.query(name, type)) }
  }
}
