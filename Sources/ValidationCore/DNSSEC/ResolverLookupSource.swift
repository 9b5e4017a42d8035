/// Feeds the chain engine from a `Resolver` (libunbound in danescope): every lookup is an
/// ordinary query, and the answer packet's sections are the evidence, whatever the verdict.
public struct ResolverLookupSource: ChainLookupSource {
  let resolver: any Resolver

  public init(_ resolver: any Resolver) {
    self.resolver = resolver
  }

  public func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    let answer = await resolver.query(name, type)
    var failure: String?
    if case .indeterminate(let reason) = answer.status {
      failure = reason
    } else if answer.message == nil {
      failure = answer.packetError ?? "no answer packet"
    }
    return ChainLookup(
      rcode: answer.rcode.map { Int($0.rawValue) } ?? -1, answer: answer.evidenceRecords,
      authority: answer.evidenceAuthority, validatorStatus: answer.status.word,
      validatorReason: answer.status.reason, failure: failure)
  }
}
