import ValidationCore

/// One lesson of the lab: a mail domain under the lab TLD built to show one DANE situation, what
/// to look at in each pane, and the verdicts RFC 7672 reasoning expects (written down before the
/// lab was ever run, and checked by the tests against danescope, libunbound, delv and
/// posttls-finger).
public struct Scenario: Sendable {
  /// The first label of the scenario's domain: `ee-valid` is `ee-valid.example.`.
  public let name: String
  public let title: String
  /// What the scenario teaches, in two or three sentences.
  public let lesson: String
  public let look: PaneNotes
  public let expected: Expectation
  let layout: ScenarioLayout

  public var domain: DNSName { Lab.domain(for: name) }

  init(
    _ name: String, title: String, lesson: String, look: PaneNotes, expected: Expectation,
    layout: ScenarioLayout
  ) {
    self.name = name
    self.title = title
    self.lesson = lesson
    self.look = look
    self.expected = expected
    self.layout = layout
  }
}

/// What to look at in each console pane, and why.
public struct PaneNotes: Sendable, Equatable {
  public let chain: String
  public let tlsa: String
  public let handshake: String
  public let findings: String
}

/// The expected outcome: the DNSSEC status of the MX set, and per MX host the status of its
/// address records and TLSA set and the DANE verdict for its first address.
public struct Expectation: Sendable, Equatable {
  public let mxStatus: ExpectedStatus
  public let hosts: [HostExpectation]
  /// Why, in RFC 7672 terms.
  public let reasoning: String
  /// For a zone signed with an algorithm danescope's validator (libunbound as Debian 12 builds
  /// it) does not implement: the status a validator that implements it gives instead (the
  /// unbound daemon, delv). Nil when every validator agrees.
  public var statusWhereAlgorithmSupported: ExpectedStatus? = nil
}

public struct HostExpectation: Sendable, Equatable {
  /// The MX exchange name as the MX record gives it (before any CNAME).
  public let name: DNSName
  public let tlsaStatus: ExpectedStatus
  public let verdict: ExpectedVerdict
  /// The status of the host's address records. Only when they are secure does `check` look
  /// TLSA up (RFC 7672 §2.2.2); `tlsaStatus` is then what DNS says (delv), not what check read.
  public var addressStatus: ExpectedStatus = .secure
  /// The host name is a secure CNAME to insecure addresses: TLSA is looked up at the host name
  /// anyway (RFC 7672 §2.2.2), and `tlsaStatus` is the status there.
  public var behindSecureAlias = false

  /// Whether `check` looks TLSA up for this host.
  public var tlsaLookedUp: Bool { addressStatus == .secure || behindSecureAlias }
}

/// DNSSEC statuses as danescope's reports spell them.
public enum ExpectedStatus: String, Sendable, Equatable, CaseIterable {
  case secure, insecure, bogus, indeterminate
}

/// DANE verdicts as danescope's reports spell them.
public enum ExpectedVerdict: String, Sendable, Equatable, CaseIterable {
  case verified, failed, deferred, unreachable
  case tlsUnauthenticated = "tls-unauthenticated"
  case noDANE = "no-dane"
}

// MARK: How a scenario is built

/// The shape of a scenario's zones, certificates and servers.
struct ScenarioLayout: Sendable {
  var algorithm: DNSSECAlgorithm = .ecdsaP256SHA256
  var denial: ZoneSigner.Denial = .nsec
  var delegation: Delegation = .signed
  var hosts: [HostLayout]

  enum Delegation: Sendable {
    /// DS in the TLD matching the zone's key.
    case signed
    /// No DS and an unsigned zone: an insecure delegation, proven by the TLD's NSEC3 chain.
    case unsigned
    /// A DS for a key the zone does not publish: the zone is bogus.
    case dsMatchesNoKey
  }
}

struct HostLayout: Sendable {
  var label = "mx1"
  var preference: UInt16 = 10
  /// Where the host's A and TLSA records live.
  var zone: HostZone = .scenario
  /// When set, the MX record names this alias, a CNAME to the host.
  var alias: String?
  /// The TLSA records are published at the alias (in the scenario's signed zone) instead of at
  /// the host.
  var tlsaAtAlias = false
  var certificate: CertificateKind = .issuedByIntermediate
  var tlsa: [TLSASpec]
  var server: ServerBehaviour = .normal
  var tlsaSignature: SignatureState = .valid

  enum HostZone: Sendable {
    case scenario
    /// An unsigned child zone `hosts.<scenario>` delegated without DS.
    case unsignedChild
  }

  enum SignatureState: Sendable {
    case valid
    case corrupted
    /// Signed with a window that ended two days before the lab's "now".
    case expired
  }
}

enum CertificateKind: Sendable, Equatable {
  /// Leaf for the host name, issued by the lab intermediate (itself issued by the lab CA).
  case issuedByIntermediate
  /// Same, but the leaf names another host.
  case wrongName
  case selfSigned
  /// Self-signed and past its notAfter.
  case expiredSelfSigned
  /// The server presents a renewal: same key, new certificate; TLSA records may describe the
  /// old one.
  case renewed
}

/// How the lab's STARTTLS server for a host behaves.
public enum ServerBehaviour: Sendable, Equatable {
  case normal
  /// EHLO does not list STARTTLS.
  case noSTARTTLS
  /// STARTTLS is listed but answered with 454.
  case refuseSTARTTLS
  /// Only the leaf is sent, not the intermediate.
  case omitIntermediate
}

/// One TLSA record to publish: its fields and which certificate it describes.
struct TLSASpec: Sendable {
  var usage: TLSAUsage
  var selector: TLSASelector
  var matching: TLSAMatchingType
  var subject: Subject
  /// Compute the data with this selector instead of the one the record states.
  var dataSelector: TLSASelector?

  enum Subject: Sendable {
    case leaf
    /// The certificate before the renewal (same key).
    case previousLeaf
    /// A key made for the next certificate, not yet in use.
    case nextKey
    case intermediate
    case authority
  }

  init(
    _ usage: UInt8, _ selector: UInt8, _ matching: UInt8, _ subject: Subject = .leaf,
    dataSelector: UInt8? = nil
  ) {
    self.usage = TLSAUsage(rawValue: usage)
    self.selector = TLSASelector(rawValue: selector)
    self.matching = TLSAMatchingType(rawValue: matching)
    self.subject = subject
    self.dataSelector = dataSelector.map(TLSASelector.init(rawValue:))
  }
}

extension HostExpectation {
  /// What `check` reads for the host, in a few words: `TLSA secure`, or, when the addresses are
  /// not secure, `addresses insecure, TLSA not looked up`.
  public var lookups: String {
    if addressStatus == .secure { return "TLSA \(tlsaStatus.rawValue)" }
    if behindSecureAlias {
      return
        "addresses \(addressStatus.rawValue) behind a secure alias, TLSA \(tlsaStatus.rawValue)"
    }
    return "addresses \(addressStatus.rawValue), TLSA not looked up"
  }
}
