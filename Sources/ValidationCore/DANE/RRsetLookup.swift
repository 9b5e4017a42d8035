/// One DNS question as the DANE policy sees it: the security status of the answer, the records
/// in it (CNAMEs included), and whether the name does not exist.
///
/// The policy works on this value rather than on the resolver's answer type so that each rule
/// can be tested with answers built by hand; `RRsetLookup(answer)` converts a resolver answer.
public struct RRsetLookup: Sendable, Hashable {
  /// What DNSSEC says of the answer. Kept apart: secure, insecure, bogus (validation failed) and
  /// indeterminate (no answer could be had: SERVFAIL, timeout, network error).
  public enum Security: Sendable, Hashable {
    case secure
    case insecure
    case bogus(reason: String)
    case indeterminate(reason: String)

    /// The word the report and JSON use.
    public var word: String {
      switch self {
      case .secure: return "secure"
      case .insecure: return "insecure"
      case .bogus: return "bogus"
      case .indeterminate: return "indeterminate"
      }
    }

    /// Bogus or indeterminate: a lookup failure, never "no records".
    public var isFailure: Bool {
      switch self {
      case .bogus, .indeterminate: return true
      case .secure, .insecure: return false
      }
    }

    public var reason: String? {
      switch self {
      case .bogus(let reason), .indeterminate(let reason): return reason
      case .secure, .insecure: return nil
      }
    }

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

  public var name: DNSName
  public var type: RRType
  public var security: Security
  /// Answer-section records: the CNAME chain, if any, then the records of `type`. Empty for a
  /// failure (bogus data is never handed to the policy as data).
  public var records: [ResourceRecord]
  public var isNXDOMAIN: Bool

  public init(
    name: DNSName, type: RRType, security: Security, records: [ResourceRecord] = [],
    isNXDOMAIN: Bool = false
  ) {
    self.name = name
    self.type = type
    self.security = security
    self.records = security.isFailure ? [] : records
    self.isNXDOMAIN = isNXDOMAIN
  }

  /// The data of the records of the asked type (after any CNAME chain).
  public var answers: [RData] { records.filter { $0.type == type }.map(\.rdata) }

  /// The name the CNAME chain in the answer leads to, or `name` when there is none.
  public var expandedName: DNSName {
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

  public var isAlias: Bool { expandedName != name }

  /// No records of the type: NODATA or NXDOMAIN (only meaningful when not a failure).
  public var isEmpty: Bool { !security.isFailure && answers.isEmpty }
}

/// How a query is made: by name and type, answering an `RRsetLookup`. The resolver is wrapped
/// in one of these; tests pass a table of constructed answers.
public typealias DANELookupFunction = @Sendable (DNSName, RRType) async -> RRsetLookup
