import FoundationEssentials

/// Checks, before anything else, that the upstream resolvers let danescope validate: it asks
/// for the root DNSKEY set, which validates from the root trust anchor only when the upstream
/// passes DNSKEY records and their RRSIGs through.
public enum UpstreamCheck {
  /// True for the configurations that forward to an upstream and validate from the root trust
  /// anchor (`.system` without `--recursive`, `--forwarder` without `--trust-anchor`).
  public static func applies(to configuration: ResolverConfiguration) -> Bool {
    switch configuration {
    case .system(let recursive): return !recursive
    case .forwarders(_, let trustAnchorFile): return trustAnchorFile == nil
    case .custom, .inProcess: return false
    }
  }

  /// One finding when the upstream cannot be validated through, nil when it can, or when the
  /// answer shows that the upstream is not at fault. `upstream` names the servers in the finding
  /// ("127.0.0.1@53", "the resolvers in …"); `trustAnchors` are the root anchors libunbound
  /// validates with (ChainTrustAnchors), to tell the two causes of a bogus root DNSKEY set apart:
  /// - the answer lacks the DNSKEY set or its RRSIGs (the upstream strips them, ignores the DO
  ///   bit, or answers from a tree without DNSSEC): UPSTREAM_STRIPS_DNSSEC;
  /// - the DNSKEY set and its RRSIGs are there, but no key is an anchored one (another root
  ///   served, such as a lab's, or a stale anchor): not the upstream's doing. Nil: the chain
  ///   engine reports it as TRUST_ANCHOR_NO_MATCHING_DNSKEY with both sets of key tags.
  public static func run(
    _ resolver: Resolver, upstream: String, trustAnchors: [ResourceRecord] = []
  ) async -> Finding? {
    let answer = await resolver.query(.root, .dnskey)
    let evidence = { (reason: String) -> [Evidence] in
      [Evidence("upstream", upstream), Evidence("reason", reason)]
    }
    switch answer.status {
    case .secure:
      return nil
    case .bogus(let reason):
      if isSignedByAnotherRoot(answer, trustAnchors: trustAnchors) { return nil }
      return Finding(.upstreamStripsDNSSEC, subject: ". DNSKEY", evidence: evidence(reason))
    case .insecure:
      // With a root trust anchor libunbound never calls the root insecure; without one there
      // is nothing to validate from, which makes every verdict meaningless in the same way.
      return Finding(
        .upstreamStripsDNSSEC, subject: ". DNSKEY",
        evidence: evidence("the answer could not be validated from a root trust anchor"))
    case .indeterminate(let reason):
      return Finding(.upstreamUnreachable, subject: ". DNSKEY", evidence: evidence(reason))
    }
  }

  /// True when the root DNSKEY set came with RRSIGs over it, and none of its keys is one the
  /// trust anchors name (by DS digest, or as the same DNSKEY).
  static func isSignedByAnotherRoot(_ answer: DNSAnswer, trustAnchors: [ResourceRecord]) -> Bool {
    guard !trustAnchors.isEmpty else { return false }
    let keys = answer.evidenceRecords.compactMap { record -> DNSKEYData? in
      guard record.name == .root, case .dnskey(let key) = record.rdata else { return nil }
      return key
    }
    guard !keys.isEmpty, !answer.evidenceRRSIGs(covering: .dnskey).isEmpty else { return false }
    let anchored = trustAnchors.contains { anchor in
      guard anchor.name == .root else { return false }
      switch anchor.rdata {
      case .ds(let ds):
        return keys.contains { key in
          if case .matches = DSDigest.match(ds, owner: .root, key: key, keyTag: key.keyTag) {
            return true
          }
          return false
        }
      case .dnskey(let anchorKey):
        return keys.contains(anchorKey)
      default:
        return false
      }
    }
    return !anchored
  }

  /// How to name the upstream of a configuration in a finding.
  public static func upstreamDescription(
    for configuration: ResolverConfiguration, resolvConf: String = "/etc/resolv.conf"
  ) -> String {
    switch configuration {
    case .system(recursive: false):
      let servers = nameservers(inResolvConf: resolvConf)
      let list = servers.isEmpty ? "" : " (\(servers.joined(separator: ", ")))"
      return "the resolvers in \(resolvConf)\(list)"
    case .system(recursive: true):
      return "the root servers"
    case .forwarders(let servers, _):
      return servers.map(\.description).joined(separator: ", ")
    case .custom(let file):
      return "the servers configured in \(file)"
    case .inProcess:
      return "the in-process zones"
    }
  }

  /// The `nameserver` addresses of a resolv.conf, read as every resolver file is
  /// (UnboundContext.readFile): none when it cannot be.
  static func nameservers(inResolvConf path: String) -> [String] {
    guard let text = try? UnboundContext.readFile(path, role: "resolver list") else { return [] }
    return text.split(whereSeparator: \.isNewline)
      .compactMap { line -> String? in
        let words = line.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, words[0] == "nameserver" else { return nil }
        return String(words[1])
      }
  }
}
