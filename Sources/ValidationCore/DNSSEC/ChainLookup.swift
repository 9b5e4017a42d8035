/// What the chain engine needs from one DNS lookup: the records of the answer and authority
/// sections (RRSIGs and NSEC/NSEC3 proofs included, also when the answer is bogus), the RCODE,
/// and the validator's own verdict.
public struct ChainLookup: Sendable, Hashable {
  public var rcode: Int
  public var answer: [ResourceRecord]
  public var authority: [ResourceRecord]
  /// libunbound's verdict word (secure, insecure, bogus, indeterminate), when known.
  public var validatorStatus: String?
  /// libunbound's reason for bogus or indeterminate.
  public var validatorReason: String?
  /// Set when no answer could be judged (timeout, SERVFAIL without data, unreachable).
  public var failure: String?

  public static let nameErrorRCode = 3

  public init(
    rcode: Int, answer: [ResourceRecord], authority: [ResourceRecord],
    validatorStatus: String? = nil, validatorReason: String? = nil, failure: String? = nil
  ) {
    self.rcode = rcode
    self.answer = answer
    self.authority = authority
    self.validatorStatus = validatorStatus
    self.validatorReason = validatorReason
    self.failure = failure
  }

  public var isNameError: Bool { rcode == Self.nameErrorRCode }

  /// libunbound's verdict as a `SecurityStatus`, nil when the source gave none.
  public var security: SecurityStatus? {
    switch validatorStatus {
    case "secure": return .secure
    case "insecure": return .insecure
    case "bogus": return .bogus(reason: validatorReason ?? "no reason given")
    case "indeterminate":
      return .indeterminate(reason: validatorReason ?? failure ?? "no reason given")
    default: return nil
    }
  }

  /// The records of one RRset in the answer section (RRSIGs excluded).
  public func answerRecords(_ name: DNSName, _ type: RRType) -> [ResourceRecord] {
    answer.filter { $0.name == name && $0.type == type }
  }

  /// The RRSIGs over one RRset, in either section.
  public func signatures(over name: DNSName, _ type: RRType) -> [RRSIGData] {
    (answer + authority).compactMap { record in
      guard record.name == name, case .rrsig(let sig) = record.rdata, sig.typeCovered == type
      else { return nil }
      return sig
    }
  }

  /// Every RRset of `type` in the authority section, grouped by owner.
  public func authorityRRsets(_ type: RRType) -> [(owner: DNSName, records: [ResourceRecord])] {
    var order: [DNSName] = []
    var groups: [DNSName: [ResourceRecord]] = [:]
    for record in authority where record.type == type {
      if groups[record.name] == nil { order.append(record.name) }
      groups[record.name, default: []].append(record)
    }
    return order.map { ($0, groups[$0]!) }
  }
}

/// Where the engine's lookups go. `UnboundResolver` answers them in danescope; anything that
/// can return the sections of a validated answer will do.
public protocol ChainLookupSource: Sendable {
  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup
  /// Starts lookups the engine is about to ask for; a source may ignore this.
  func prefetch(_ lookups: [(name: DNSName, type: RRType)])
}

extension ChainLookupSource {
  public func prefetch(_ lookups: [(name: DNSName, type: RRType)]) {}
}
