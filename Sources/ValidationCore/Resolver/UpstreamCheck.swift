import Foundation

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

  /// One finding when the root DNSKEY set is not secure through `resolver`, nil when it is.
  /// `upstream` names the servers in the finding ("127.0.0.1@53", "the resolvers in …").
  public static func run(_ resolver: Resolver, upstream: String) async -> Finding? {
    let answer = await resolver.query(.root, .dnskey)
    let evidence = { (reason: String) -> [Evidence] in
      [Evidence("upstream", upstream), Evidence("reason", reason)]
    }
    switch answer.status {
    case .secure:
      return nil
    case .bogus(let reason):
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

  /// The `nameserver` addresses of a resolv.conf (at most 64 KiB read).
  static func nameservers(inResolvConf path: String) -> [String] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: 1 << 16)) ?? Data()
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
      .compactMap { line -> String? in
        let words = line.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, words[0] == "nameserver" else { return nil }
        return String(words[1])
      }
  }
}
