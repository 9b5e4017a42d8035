import FoundationEssentials
import ValidationCore

/// What the console shows about one mail domain: the rows of every pane are made from this.
/// It is filled from the validation core's report (see `ConsoleReport+DomainReport.swift`) and
/// may be partial while lookups and handshakes run.
public struct ConsoleReport: Sendable, Equatable {
  /// The DNSSEC status of an answer. `pending` means not known yet; it is never shown as a
  /// verdict, only as "looking up".
  public enum Status: String, Sendable, Equatable {
    case secure, insecure, bogus, indeterminate, pending
  }

  public var domain: String
  public var mxStatus: Status
  /// Why the MX answer has its status (null MX, no MX so the domain itself, lookup failure…).
  public var mxNote: String?
  /// The domain does not exist (NXDOMAIN): `mxStatus` then says how well that is proven.
  public var isNoSuchDomain = false
  public var hosts: [Host]
  /// The chain of trust, from the root down, to every RRset that matters for mail.
  public var chain: [ChainNode]
  /// Root causes, each with its consequences under it.
  public var findings: [Finding]
  /// The check has ended: nothing more is coming for this report but the extra chains. A check
  /// that could not complete (the MX lookup got no answer) has ended too; `mxNote` says why.
  public var isComplete: Bool
  /// Why the check could not complete (`check`'s "The check could not complete:" and exit
  /// status 3), nil when it did. With MX hosts listed, `mxNote` is not shown: the status line
  /// says it.
  public var incompleteReason: String?
  /// `--at TIME`: DNSSEC and certificates are judged as of this time, not now (the header says
  /// so, as `check` says "Judged as of … (--at)"). Nil for a check judged as of now.
  public var judgedAsOf: Date?

  public init(
    domain: String, mxStatus: Status = .pending, mxNote: String? = nil, hosts: [Host] = [],
    chain: [ChainNode] = [], findings: [Finding] = [], isComplete: Bool = false
  ) {
    self.domain = domain
    self.mxStatus = mxStatus
    self.mxNote = mxNote
    self.hosts = hosts
    self.chain = chain
    self.findings = findings
    self.isComplete = isComplete
  }

  /// One MX host: its addresses with their probes, and its TLSA set.
  public struct Host: Sendable, Equatable {
    public var name: String
    public var preference: Int
    public var addressStatus: Status
    public var addresses: [Address]
    public var tlsa: TLSASet
    /// For a host with no address to probe: `check`'s verdict for it (unreachable: the name
    /// does not exist or has no A or AAAA records; deferred: an address lookup failed). It is
    /// no address: the tree lists nothing under the host, and no handshake is shown.
    public var unprobed: Address?

    public init(
      name: String, preference: Int, addressStatus: Status, addresses: [Address], tlsa: TLSASet
    ) {
      self.name = name
      self.preference = preference
      self.addressStatus = addressStatus
      self.addresses = addresses
      self.tlsa = tlsa
    }
  }

  public struct Address: Sendable, Equatable {
    public var text: String
    public var verdict: ProbeVerdict
    /// Why the verdict is what it is, in one line.
    public var reason: String
    /// The probe's TLS handshake got as far as the DANE decision, so the host's records were
    /// held against a certificate chain. A probe that ended before TLS (STARTTLS not offered or
    /// refused, no connection) fails without having matched anything.
    public var reachedDANEDecision: Bool

    public init(
      text: String, verdict: ProbeVerdict, reason: String = "", reachedDANEDecision: Bool = false
    ) {
      self.text = text
      self.verdict = verdict
      self.reason = reason
      self.reachedDANEDecision = reachedDANEDecision
    }
  }

  /// The TLSA set of one host at `_25._tcp.HOST`.
  public struct TLSASet: Sendable, Equatable {
    public var name: String
    public var status: Status
    /// "no TLSA records", "lookup failed: …", "Why: the address records are insecure" (under
    /// "TLSA not looked up"): nothing there, nothing usable and lookup failed are different.
    public var note: String?
    public var records: [TLSARecordView]
    public var findings: [Finding]
    /// False when the check made no TLSA lookup (the addresses are not secure, RFC 7672
    /// §2.2.2): the pane then shows no owner and no status, only that it was not looked up.
    public var wasLookedUp: Bool

    public init(
      name: String, status: Status, note: String? = nil, records: [TLSARecordView] = [],
      findings: [Finding] = [], wasLookedUp: Bool = true
    ) {
      self.wasLookedUp = wasLookedUp
      self.name = name
      self.status = status
      self.note = note
      self.records = records
      self.findings = findings
    }
  }

  public struct TLSARecordView: Sendable, Equatable {
    public var usage: UInt8
    public var selector: UInt8
    public var matchingType: UInt8
    /// The association data in hex.
    public var data: String
    public var isUsable: Bool
    /// Why it is usable or not (RFC 7672 §3.1).
    public var reason: String
    /// The certificate depth it matched in the last handshake, if it matched.
    public var matchedDepth: Int?
    /// Set instead of the plain depth wording when the match was a trust anchor the server did
    /// not send: `matched the trust-anchor key, not sent, that signed depth 0`.
    public var matchedPlace: String?
    /// Why the handshake failed after this record matched: a DANE-TA match whose leaf names
    /// none of the reference identifiers (`the leaf certificate's names (…) include none of …`).
    public var failureAfterMatch: String?
    /// Where and why, as `check` says it: `at [192.0.2.1]:25: <reason>` (each reason once, after
    /// the addresses it happened at), so that a host with several addresses says which failed.
    public var failurePlacesAfterMatch: String?

    public init(
      usage: UInt8, selector: UInt8, matchingType: UInt8, data: String, isUsable: Bool,
      reason: String, matchedDepth: Int? = nil, matchedPlace: String? = nil,
      failureAfterMatch: String? = nil, failurePlacesAfterMatch: String? = nil
    ) {
      self.failureAfterMatch = failureAfterMatch
      self.failurePlacesAfterMatch = failurePlacesAfterMatch
      self.matchedPlace = matchedPlace
      self.usage = usage
      self.selector = selector
      self.matchingType = matchingType
      self.data = data
      self.isUsable = isUsable
      self.reason = reason
      self.matchedDepth = matchedDepth
    }
  }

  /// The verdict of one MX × address, as RFC 7672 makes a sending server decide.
  public enum ProbeVerdict: String, Sendable, Equatable {
    case pending
    case verified
    case failed
    case tlsUnauthenticated = "tls-unauthenticated"
    case noDANE = "no-dane"
    case deferred
    case unreachable
    /// Stopped before the end of its dialogue (the check's time limit).
    case incomplete
  }
}

/// One node of the chain of trust: a zone, a DS link, a key, a signature, a denial proof or an
/// RRset. `title` is its one-line description; selecting it shows `records` (zone-file form),
/// `digests` and `findings`.
public struct ChainNode: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable {
    case zone, ds, dnskey, rrsig, denial, rrset, note
  }

  public var id: String
  public var kind: Kind
  public var title: String
  public var status: ConsoleReport.Status
  /// A word to show instead of the status word: a signature is "valid" or "expired", not
  /// "secure" (only a chain is secure).
  public var statusWord: String?
  public var records: [String]
  public var digests: [DigestComparison]
  public var notes: [String]
  public var findings: [Finding]
  public var children: [ChainNode]

  public init(
    id: String, kind: Kind, title: String, status: ConsoleReport.Status, statusWord: String? = nil,
    records: [String] = [],
    digests: [DigestComparison] = [], notes: [String] = [], findings: [Finding] = [],
    children: [ChainNode] = []
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.status = status
    self.statusWord = statusWord
    self.records = records
    self.digests = digests
    self.notes = notes
    self.findings = findings
    self.children = children
  }

  /// A DS digest as published in the parent beside the one computed from the child's DNSKEY.
  public struct DigestComparison: Sendable, Equatable {
    public var label: String
    public var published: String
    public var computed: String?

    public init(label: String, published: String, computed: String?) {
      self.label = label
      self.published = published
      self.computed = computed
    }

    public var matches: Bool { computed.map { $0.lowercased() == published.lowercased() } ?? false }
  }

  /// This node and every node under it, depth first.
  public func flattened() -> [ChainNode] { [self] + children.flatMap { $0.flattened() } }
}
