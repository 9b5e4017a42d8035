/// A DANE-TA(2) record that matched a certificate of the served chain while the leaf carries
/// none of the reference identifiers (RFC 7672 §3.2.2: the TLSA base domain, the MX host name,
/// the next-hop domain). The trust anchor is right; the leaf was issued for the wrong name.
public struct LeafNameMismatch: Sendable, Hashable {
  public let record: TLSAData
  public let depth: Int
  /// The leaf's DNS names (subjectAltName), or its common names when it has none.
  public let leafNames: [CertificateName]
  public let referenceNames: [DNSName]

  /// Nil unless danescope's matcher found a DANE-TA match and the leaf names match no
  /// reference identifier; needs the real probe's result (the chain and the names it checked).
  public init?(_ observation: ProbeObservation) {
    guard let result = observation.result, let leaf = result.peerChain.first,
      let configuration = result.request.daneConfiguration,
      let match = observation.matcherMatches.first(where: { $0.record.usage == .daneTA })
    else { return nil }
    let names = leaf.dnsNames.isEmpty ? leaf.commonNames : leaf.dnsNames
    let references = configuration.referenceNames
    guard !names.contains(where: { Self.matches($0, anyOf: references) }) else { return nil }
    record = match.record
    depth = match.depth
    leafNames = names
    referenceNames = references
  }

  /// `the leaf certificate's names (elsewhere.invalid) include none of mx1.example., example.`:
  /// why the match did not authenticate the server.
  public var failureText: String {
    let names = leafNames.map(\.printable.text)
    return "the leaf certificate's names ("
      + (names.isEmpty ? "none" : names.joined(separator: ", ")) + ") include none of "
      + referenceNames.map(\.description).joined(separator: ", ")
  }

  /// A certificate name against the reference identifiers, without case: an exact match, or a
  /// `*.` wildcard standing for exactly one leftmost label (RFC 6125 §6.4.3) over at least two
  /// more labels (as OpenSSL: `*.org` matches nothing).
  static func matches(_ certificateName: CertificateName, anyOf references: [DNSName]) -> Bool {
    guard let name = certificateName.asciiText?.lowercased().trimmingSuffix(".") else {
      return false
    }
    return references.contains { reference in
      guard let text = reference.tlsReferenceName?.lowercased() else { return false }
      if name == text { return true }
      guard name.hasPrefix("*."), name.dropFirst(2).contains("."),
        let dot = text.firstIndex(of: ".")
      else { return false }
      return name.dropFirst(2) == text[text.index(after: dot)...]
    }
  }
}

extension String {
  fileprivate func trimmingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}
