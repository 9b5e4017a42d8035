/// danescope's own TLSA matching (RFC 6698 §2.1, RFC 7671 §5): for every certificate of a peer
/// chain, which records its certificate or public key matches where the record's usage puts it
/// (an end-entity usage at the leaf, a trust-anchor usage above it, as OpenSSL matches). Whether
/// a match authenticates (DANE-TA needs a valid chain and names) is the policy's question. It
/// exists to explain OpenSSL's decision and to check it.
public enum TLSAMatcher {
  /// One record matching one certificate of the chain, or the trust anchor above it.
  public struct Match: Sendable, Hashable {
    public let record: TLSAData
    /// 0 is the leaf, counting up the chain as the server sent it. A trust anchor the server
    /// did not send sits one above the top certificate it signed: its depth is the length of
    /// the served chain.
    public let depth: Int
    /// The record is a DANE-TA(2) key (`2 1 0`) or certificate (`2 0 0`) that the server did not
    /// send, whose key signed the topmost served certificate (RFC 7671 §5.2.2, §5.2.3).
    public let isAnchorNotSent: Bool

    public init(record: TLSAData, depth: Int, isAnchorNotSent: Bool = false) {
      self.record = record
      self.depth = depth
      self.isAnchorNotSent = isAnchorNotSent
    }

    /// Where it matched: `depth 1`, or `the trust-anchor key, not sent, that signed depth 0`.
    public var place: String {
      TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: isAnchorNotSent)
    }
  }

  /// The one wording of where a record matched, for every report, pane and trace line.
  public static func place(of record: TLSAData, depth: Int, isAnchorNotSent: Bool) -> String {
    guard isAnchorNotSent else { return "depth \(depth)" }
    let what = record.selector == .fullCertificate ? "certificate" : "key"
    return "the trust-anchor \(what), not sent, that signed depth \(depth - 1)"
  }

  /// Every (record, depth) pair that matches, by depth then record order; then the records that
  /// are a trust anchor the server did not send.
  public static func matches(chain: [CertificateFacts], records: [TLSAData]) -> [Match] {
    let served = sameOctets(chain: chain, records: records)
    let inChain = served.filter { record, certificate in
      counts(record, at: certificate)
    }.map { Match(record: $0.record, depth: $0.certificate.depth) }
    let seen = Set(served.map(\.record))
    // An unsent anchor sits one above the certificate it signed: the top of the chain as it
    // links up from the leaf, which is below the end of what was served when the server sent
    // certificates that do not link.
    guard let top = topOfIssuedChain(chain) else { return inChain }
    let unsent = records.filter { !seen.contains($0) }.filter { record in
      signedTopOfChain(record, chain: chain)
    }.map { Match(record: $0, depth: top.depth + 1, isAnchorNotSent: true) }
    return inChain + unsent
  }

  /// Whether `record` is a full DANE-TA(2) key or certificate whose key verifies the signature
  /// of the topmost certificate of the chain, as OpenSSL takes a `2 1 0` bare key (its
  /// check_dane_pkeys) and a `2 0 0` certificate it adds to the chain it builds. The top is
  /// found from the leaf up, through the certificates that issued each one.
  static func signedTopOfChain(_ record: TLSAData, chain: [CertificateFacts]) -> Bool {
    guard record.usage == .daneTA, record.matchingType == .full,
      let top = topOfIssuedChain(chain)
    else { return false }
    switch record.selector {
    case .subjectPublicKeyInfo:
      return CertificateIssuance.isSigned(certificate: top.der, byKey: record.data)
    case .fullCertificate:
      return CertificateIssuance.problem(certificate: top.der, issuer: record.data) == nil
    case .privateUse, .unassigned:
      return false
    }
  }

  /// The last certificate reached from the leaf by following, each time, a served certificate
  /// that issued the current one; nil for an empty chain.
  private static func topOfIssuedChain(_ chain: [CertificateFacts]) -> CertificateFacts? {
    guard var current = chain.first else { return nil }
    var used: Set<Int> = [current.depth]
    while !current.isSelfIssued,
      let issuer = chain.first(where: { candidate in
        !used.contains(candidate.depth)
          && CertificateIssuance.problem(certificate: current.der, issuer: candidate.der) == nil
      })
    {
      used.insert(issuer.depth)
      current = issuer
    }
    return current
  }

  /// Records whose octets equal a certificate of the chain at a place their usage does not
  /// allow, and that match nowhere else: a `2 1 1` made from the leaf's key, a `3 1 1` from the
  /// intermediate's. They authenticate nothing (RFC 7671 §5.1, §5.2).
  public static func misplacedMatches(chain: [CertificateFacts], records: [TLSAData]) -> [Match] {
    let counted = Set(matches(chain: chain, records: records).map(\.record))
    return sameOctets(chain: chain, records: records).filter { record, certificate in
      !counted.contains(record) && !counts(record, at: certificate)
    }.map { Match(record: $0.record, depth: $0.certificate.depth) }
  }

  /// Whether a record whose octets equal `certificate` matches there, as OpenSSL decides it:
  /// end-entity usages (DANE-EE(3), PKIX-EE(1)) describe the leaf, trust-anchor usages
  /// (DANE-TA(2), PKIX-TA(0)) a certificate above it. One exception: a `2 1 0` record is a bare
  /// public key that OpenSSL takes as a trust anchor of its own, so it also covers a self-issued
  /// leaf signed by that key.
  static func counts(_ record: TLSAData, at certificate: CertificateFacts) -> Bool {
    switch record.usage {
    case .daneEE, .pkixEE:
      return certificate.depth == 0
    case .daneTA, .pkixTA:
      if certificate.depth > 0 { return true }
      return record.usage == .daneTA && record.selector == .subjectPublicKeyInfo
        && record.matchingType == .full && certificate.isSelfIssued
    case .privateUse, .unassigned:
      return false
    }
  }

  /// Every (record, certificate) pair with equal octets, by depth then record order.
  private static func sameOctets(chain: [CertificateFacts], records: [TLSAData])
    -> [(record: TLSAData, certificate: CertificateFacts)]
  {
    var found: [(record: TLSAData, certificate: CertificateFacts)] = []
    for certificate in chain {
      for record in records where associationData(of: certificate, for: record) == record.data {
        found.append((record, certificate))
      }
    }
    return found
  }

  /// What `record` would have to contain to match `certificate`: the selected octets (the
  /// whole certificate's DER, or its SubjectPublicKeyInfo DER as `i2d_X509_PUBKEY` writes it),
  /// as they are or hashed. Nil for selectors and matching types RFC 6698 does not define.
  public static func associationData(of certificate: CertificateFacts, for record: TLSAData)
    -> [UInt8]?
  {
    associationData(
      of: certificate, selector: record.selector, matchingType: record.matchingType)
  }

  public static func associationData(
    of certificate: CertificateFacts, selector: TLSASelector, matchingType: TLSAMatchingType
  ) -> [UInt8]? {
    let selected: [UInt8]
    switch selector {
    case .fullCertificate: selected = certificate.der
    case .subjectPublicKeyInfo: selected = certificate.spkiDER
    case .privateUse, .unassigned: return nil
    }
    switch matchingType {
    case .full: return selected
    case .sha256: return CertificateDigest.sha256(selected)
    case .sha512: return CertificateDigest.sha512(selected)
    case .privateUse, .unassigned: return nil
    }
  }

  /// Where danescope's matching and OpenSSL's decision cannot both be right.
  public enum Disagreement: Sendable, Hashable {
    /// OpenSSL says this record at this depth authenticated the chain; the octets do not match.
    case openSSLVerifiedWithoutMatch(record: TLSAData, depth: Int)
    /// A DANE-EE(3) record matches the leaf, which alone authenticates it (RFC 7672 §3.1.1), yet
    /// OpenSSL did not verify.
    case leafMatchNotVerified(record: TLSAData, reason: String)
  }

  /// Compares OpenSSL's decision with the matches found here. `authorityDepth` is where in the
  /// served chain the certificate OpenSSL matched sits (nil when it is not in it): OpenSSL's own
  /// depth counts the chain it built. A DANE-TA match that OpenSSL did not accept is no
  /// disagreement: chain signatures, dates and names also count there.
  public static func disagreement(
    openSSL outcome: DANEOutcome, matches: [Match], authorityDepth: Int?
  ) -> Disagreement? {
    switch outcome {
    case .verified(let record, let depth):
      if let authorityDepth, matches.contains(Match(record: record, depth: authorityDepth)) {
        return nil
      }
      // A `2 x 0` trust anchor may be absent from the served chain: OpenSSL then takes it from
      // the record itself, and the matcher must have found it signing the top of the chain
      // (or, for a self-issued leaf, the leaf's own key at the depth OpenSSL gives).
      if authorityDepth == nil,
        matches.contains(where: {
          $0.record == record && ($0.isAnchorNotSent || $0.depth == depth)
        })
      {
        return nil
      }
      return .openSSLVerifiedWithoutMatch(record: record, depth: authorityDepth ?? depth)
    case .failed(let reason):
      if let leafMatch = matches.first(where: { $0.depth == 0 && $0.record.usage == .daneEE }) {
        return .leafMatchNotVerified(record: leafMatch.record, reason: reason)
      }
      return nil
    case .notAttempted:
      return nil
    }
  }
}

/// TLSA records in presentation form, one formatter for all of danescope's output.
extension TLSAData {
  /// `3 1 1 0123ab…` (RFC 6698 §2.2: numbers, then the data in hex).
  public var zoneText: String {
    "\(usage.rawValue) \(selector.rawValue) \(matchingType.rawValue) \(Hex.encode(data))"
  }
}
