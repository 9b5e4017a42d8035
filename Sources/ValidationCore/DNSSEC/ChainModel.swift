import FoundationEssentials

/// The engine's verdict for a link, a zone or the whole chain. The same four words as
/// libunbound's `SecurityStatus`, so the two can be compared and shown side by side.
public enum ChainStatus: String, Sendable, Hashable, CustomStringConvertible {
  case secure, insecure, bogus, indeterminate

  public var word: String { rawValue }
  public var description: String { rawValue }
}

/// What a DNSKEY does in its zone.
public enum KeyRole: String, Sendable, Hashable, CustomStringConvertible {
  /// Secure entry point flag set (usually the key the parent's DS names).
  case ksk = "KSK"
  case zsk = "ZSK"
  /// Secure entry point flag set and no other zone key beside it: one combined key that signs
  /// the DNSKEY set and the zone's data alike.
  case csk = "CSK"
  case revoked = "revoked"
  /// Zone key flag clear: not a DNSSEC zone key, never used to validate.
  case notZoneKey = "not a zone key"

  public var description: String { rawValue }

  /// The key a DS or trust anchor is meant to name: a KSK or a combined key.
  public var isEntryPoint: Bool { self == .ksk || self == .csk }
}

/// One DNSKEY of a zone, as the console shows it.
public struct KeyReport: Sendable, Hashable {
  public let key: DNSKEYData
  public let keyTag: UInt16
  public let bits: Int?
  public let role: KeyRole
  /// A DS at the parent (or a trust anchor) authenticates it.
  public var isDSMatched: Bool
  /// The RRsets this key signed with a signature that verifies.
  public var signed: [RRSetKey]
}

/// How one DS record of the parent relates to the child's keys.
public enum DSLinkState: Sendable, Hashable {
  case matches
  case digestMismatch
  case noSuchKey
  case unsupportedDigest
  case unsupportedAlgorithm
  case failed(reason: String)
}

public struct DSReport: Sendable, Hashable {
  public let ds: DSData
  public let state: DSLinkState
  /// The digest computed over the child's key with this tag and algorithm, when there is one.
  public let computed: [UInt8]?
  /// A trust anchor's DS that libunbound sets aside: the digest type it uses instead, for it
  /// uses only an anchor's DS records of its favourite digest type (D-chain-4). Nil when used.
  public var setAsideFor: DSDigestType? = nil

  /// The DS matches a key and is used: it authenticates that key.
  public var authenticates: Bool { state == .matches && setAsideFor == nil }
}

/// Where a signature's validity window stands against the clock.
public enum SignatureWindow: Sendable, Hashable {
  case valid(expiresIn: TimeInterval)
  case expired(since: TimeInterval)
  case notYetValid(startsIn: TimeInterval)
}

/// One RRSIG over an RRset and what became of it.
public struct SignatureReport: Sendable, Hashable {
  public let rrsig: RRSIGData
  public let inception: Date
  public let expiration: Date
  public let window: SignatureWindow
  /// Nil when no DNSKEY of the signer has this tag and algorithm.
  public let verdict: SignatureVerdict?
  /// The labels field is below the owner's label count: synthesised from a wildcard.
  public let isWildcardExpansion: Bool

  /// Verifies and is inside its window.
  public var isUsable: Bool {
    guard verdict == .valid, case .valid = window else { return false }
    return true
  }
}

/// An RRset with its signatures.
public struct RRsetReport: Sendable, Hashable {
  public let key: RRSetKey
  public let records: [ResourceRecord]
  public let signatures: [SignatureReport]
  public let status: ChainStatus

  public var ttl: UInt32 { records.map(\.ttl).min() ?? 0 }
}

/// A proof that something does not exist (RFC 4035 §5.4, RFC 5155 §8).
public struct DenialReport: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CustomStringConvertible {
    case nsec = "NSEC"
    case nsec3 = "NSEC3"
    public var description: String { rawValue }
  }

  /// What was to be proved.
  public enum Claim: String, Sendable, Hashable, CustomStringConvertible {
    case nameError = "no such name"
    case noData = "no such type"
    case noDS = "no DS (unsigned delegation)"
    case wildcard = "no exact match (wildcard answer)"
    public var description: String { rawValue }
  }

  public let kind: Kind?
  public let claim: Claim
  public let name: DNSName
  public let type: RRType
  /// The NSEC/NSEC3 RRsets used, with their signatures.
  public let rrsets: [RRsetReport]
  /// Each step of the proof in words ("NSEC a.example. → c.example. covers b.example.").
  public let steps: [String]
  public let isProven: Bool
  /// Why the proof fails, when it does.
  public let problem: String?
  /// NSEC3 parameters (hash algorithm, iterations, salt) when NSEC3 was used.
  public let nsec3Parameters: NSEC3PARAMData?
  /// An NSEC3 opt-out span covers the name: the delegation is unsigned, not proven absent.
  public let isOptOut: Bool
  /// The NSEC3 iterations exceed what validators accept (RFC 9276 §3.2): the proof, though
  /// sound, makes the answer insecure.
  public var exceedsIterationLimit: Bool = false

  /// A proof that holds but leaves the answer insecure (opt-out, too many iterations).
  public var makesInsecure: Bool { isProven && (isOptOut || exceedsIterationLimit) }
}

/// One zone on the way from the trust anchor to the name.
public struct ZoneReport: Sendable, Hashable {
  public let name: DNSName
  public var status: ChainStatus
  /// Why the zone is not secure, in words.
  public var reason: String?
  /// The trust anchor authenticates its keys (no DS link above it).
  public var isTrustAnchor: Bool
  public var dsSet: RRsetReport?
  public var ds: [DSReport]
  public var dsDenial: DenialReport?
  public var dnskeySet: RRsetReport?
  public var keys: [KeyReport]
  /// libunbound's status for the lookups that fetched the DS set (nil at a trust anchor) and
  /// the DNSKEY set, when the source gave one: its verdict on the same data as the engine's.
  public var dsLookupStatus: SecurityStatus? = nil
  public var dnskeyLookupStatus: SecurityStatus? = nil
  /// `check`: the status was lowered to libunbound's for one of those lookups (`reason` says
  /// why and keeps the engine's verdict; `DomainReport.heldToLookups`).
  public var isBoundedByLookup = false
}

/// The chain of trust for one name and type, as `ChainBuilder` rebuilt it.
public typealias ChainOfTrust = ChainReport

/// The chain of trust for one name and type.
public struct ChainReport: Sendable, Hashable {
  public let name: DNSName
  public let type: RRType
  public var zones: [ZoneReport]
  /// The answer RRset (or the CNAME that stands in for it).
  public var answer: RRsetReport?
  /// The proof when the answer is a denial, or when a wildcard produced it.
  public var denial: DenialReport?
  /// One chain per CNAME target, in order, each a link with its own verdict (`asLink`): a
  /// target that is an alias in turn is judged on its own CNAME, and its targets follow it here.
  public var cnameTargets: [ChainReport]
  /// The verdict of the question asked: the name's own (`ownVerdict`) combined with its CNAME
  /// targets', the weakest link (RFC 4035 §5). In `cnameTargets`, the target's own verdict.
  public var status: ChainStatus
  /// Why the status is not secure, as what happened (`Cause`); `reason` says it in words.
  public var cause: Cause?
  /// Why the status is not secure, in words. Setting it states a cause in words only: a cause
  /// that a report must recognise (the failed lookup of the question) is set as `cause`.
  public var reason: String? {
    get { cause?.words }
    set { cause = newValue.map(Cause.stated) }
  }
  /// The verdict on the name's own zones and answer (the CNAME itself, say) before the chains of
  /// its CNAME targets were combined into `status` and `reason`; nil when none was.
  public var beforeTargets: Verdict?
  /// In `cnameTargets`, for a target that is an alias in turn: its verdict with the chains of
  /// its own targets combined, which is what libunbound's `validatorStatus` for its name and
  /// type judges (libunbound follows the CNAMEs); nil otherwise.
  public var withTargets: Verdict?
  /// `check`: the status was lowered to that of the check's own MX lookup (`reason` says why);
  /// the zones keep the engine's verdicts.
  public var isBoundedByLookup = false
  /// libunbound's verdict on the same question, when a resolver gave one.
  public var validatorStatus: String?
  public var findings: [Finding]
  /// The time the windows were judged against.
  public let judgedAt: Date

  /// Why a chain is not secure. Most reasons are only words; the failure of the lookup of the
  /// chain's own name and type is kept apart, so that a report that acts on another lookup of
  /// that RRset can tell it from every other reason without reading the words
  /// (`DANECheck.agreeing`).
  public enum Cause: Sendable, Hashable {
    case stated(String)
    /// Looking up `name` and `type` failed; `failure` is what the lookup source said.
    case lookupFailed(name: DNSName, type: RRType, failure: String)

    public var words: String {
      switch self {
      case .stated(let words): words
      case .lookupFailed(let name, let type, let failure):
        "the \(type) lookup for \(name) failed: \(failure)"
      }
    }
  }

  /// A status and why it is not secure.
  public struct Verdict: Sendable, Hashable {
    public let status: ChainStatus
    public let reason: String?
  }

  /// What the name's own RRset is, apart from where its CNAMEs lead: a signed CNAME in a signed
  /// zone is secure even when its target lies in an unsigned zone.
  public var ownVerdict: Verdict { beforeTargets ?? Verdict(status: status, reason: reason) }

  /// True when the name is an alias whose targets the chain followed: then `validatorStatus`,
  /// libunbound's verdict on the name and type, covers the targets too.
  public var followsCNAME: Bool { beforeTargets != nil || withTargets != nil }

  /// This chain as a link of a longer one, to be listed beside its targets: its own verdict
  /// (the CNAME's, for an alias), the combined one kept in `withTargets`, no targets of its own.
  public var asLink: ChainReport {
    var link = self
    link.cnameTargets = []
    guard let own = beforeTargets else { return link }
    link.withTargets = Verdict(status: status, reason: reason)
    link.status = own.status
    link.reason = own.reason
    link.beforeTargets = nil
    return link
  }
}

extension ChainReport {
  /// A chain whose reason is given in words (or none).
  init(
    name: DNSName, type: RRType, zones: [ZoneReport], answer: RRsetReport?,
    denial: DenialReport?, cnameTargets: [ChainReport], status: ChainStatus, reason: String?,
    validatorStatus: String?, findings: [Finding], judgedAt: Date
  ) {
    self.init(
      name: name, type: type, zones: zones, answer: answer, denial: denial,
      cnameTargets: cnameTargets, status: status, cause: reason.map(Cause.stated),
      validatorStatus: validatorStatus, findings: findings, judgedAt: judgedAt)
  }

  /// A chain whose reason is `cause` (a failed lookup, say).
  init(
    name: DNSName, type: RRType, zones: [ZoneReport], answer: RRsetReport?,
    denial: DenialReport?, cnameTargets: [ChainReport], status: ChainStatus, reason: Cause,
    validatorStatus: String?, findings: [Finding], judgedAt: Date
  ) {
    self.init(
      name: name, type: type, zones: zones, answer: answer, denial: denial,
      cnameTargets: cnameTargets, status: status, cause: reason,
      validatorStatus: validatorStatus, findings: findings, judgedAt: judgedAt)
  }
}
