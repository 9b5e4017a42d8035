/// Matches the DS records that vouch for a zone against the zone's DNSKEYs (RFC 4035 §5.2).
struct DSLinker {
  let zone: DNSName
  let keys: [ZoneKey]

  func report(_ ds: DSData) -> DSReport {
    guard ds.algorithm.isSupportedByEngine else {
      return DSReport(ds: ds, state: .unsupportedAlgorithm, computed: nil)
    }
    guard ds.digestType.isSupportedByEngine else {
      return DSReport(ds: ds, state: .unsupportedDigest, computed: nil)
    }
    var mismatch: [UInt8]?
    for key in keys {
      switch DSDigest.match(ds, owner: zone, key: key.data, keyTag: key.tag) {
      case .matches(let computed):
        return DSReport(ds: ds, state: .matches, computed: computed)
      case .digestMismatch(let computed):
        mismatch = computed
      case .failed(let reason):
        return DSReport(ds: ds, state: .failed(reason: reason), computed: nil)
      case .otherKey, .unsupportedDigest:
        continue
      }
    }
    if let mismatch { return DSReport(ds: ds, state: .digestMismatch, computed: mismatch) }
    return DSReport(ds: ds, state: .noSuchKey, computed: nil)
  }

  struct Outcome {
    var findings: [Finding]
    /// No DS could be checked at all: the zone is insecure (RFC 4035 §5.2).
    var isInsecure: Bool
  }

  /// Findings about the DS set as a whole. An unsupported algorithm or digest is only a
  /// warning; a zone whose every DS is unsupported is insecure. A DS that names a key of the
  /// child (tag and algorithm) with a digest that does not match is DS_DIGEST_MISMATCH, each
  /// one, also when another DS authenticates the key: the parent publishes a wrong record.
  func findings(_ reports: [DSReport], anchorMatched: Bool) -> Outcome {
    var out: [Finding] = []
    for report in reports {
      switch report.state {
      case .unsupportedAlgorithm:
        out.append(
          Finding(
            .algorithmUnsupported, subject: "\(zone) DS \(report.ds.keyTag)",
            evidence: [Evidence("algorithm", "\(report.ds.algorithm)")]))
      case .unsupportedDigest:
        out.append(
          Finding(
            .digestUnsupported, subject: "\(zone) DS \(report.ds.keyTag)",
            evidence: [Evidence("digest type", "\(report.ds.digestType)")]))
      default:
        break
      }
    }
    let mismatches = reports.filter { $0.state == .digestMismatch }.map {
      mismatchFinding($0, among: reports)
    }
    let checkable = reports.filter {
      $0.state != .unsupportedAlgorithm && $0.state != .unsupportedDigest && $0.setAsideFor == nil
    }
    if anchorMatched { return Outcome(findings: mismatches + out, isInsecure: false) }
    if checkable.isEmpty { return Outcome(findings: out, isInsecure: !reports.isEmpty) }
    guard !checkable.contains(where: { $0.state == .matches }) else {
      return Outcome(findings: mismatches + out, isInsecure: false)
    }
    // No checkable DS matches: the link is broken. A digest mismatch is the more exact cause.
    guard mismatches.isEmpty else { return Outcome(findings: mismatches + out, isInsecure: false) }
    let tags = checkable.map { "\($0.ds.keyTag)/\($0.ds.algorithm.rawValue)" }.joined(
      separator: ", ")
    let keyTags = keys.map { "\($0.tag)/\($0.data.algorithm.rawValue)" }.joined(separator: ", ")
    let noKey = Finding(
      .dsNoMatchingDNSKEY, subject: "\(zone)",
      evidence: [Evidence("DS key tags", tags), Evidence("DNSKEY key tags", keyTags)])
    return Outcome(findings: [noKey] + out, isInsecure: false)
  }

  /// DS_DIGEST_MISMATCH for `report`, one DS of the set `reports`. When other DS records of the
  /// set match, the evidence names them (`matching DS`): the link holds through them, and the
  /// wrong record is not what breaks a chain (`ChainFindings.leavesChainIntact`).
  func mismatchFinding(_ report: DSReport, among reports: [DSReport]) -> Finding {
    var evidence = [
      Evidence("key tag", "\(report.ds.keyTag)"),
      Evidence("digest type", "\(report.ds.digestType)"),
      Evidence("published", Hex.encode(report.ds.digest)),
      Evidence("computed", Hex.encode(report.computed ?? [])),
    ]
    let matching = reports.filter(\.authenticates).map {
      "\($0.ds.keyTag)/\($0.ds.algorithm.rawValue) \($0.ds.digestType)"
    }
    if !matching.isEmpty {
      evidence.append(Evidence(ChainFindings.matchingDSLabel, matching.joined(separator: ", ")))
    }
    return Finding(.dsDigestMismatch, subject: "\(zone)", evidence: evidence)
  }

  /// Sets aside the DS records of a trust anchor that libunbound 1.17 does not use: it takes the
  /// highest-numbered digest type among the DS records it can check (SHA-384 over SHA-256 over
  /// SHA-1) and uses only the DS records of that type (measured, D-chain-4). Which algorithms
  /// and digests can be checked is the engine's list: libunbound's lacks Ed448 (D-lab-4).
  static func settingAside(_ reports: [DSReport]) -> [DSReport] {
    let usable = reports.filter {
      $0.ds.algorithm.isSupportedByEngine && $0.ds.digestType.isSupportedByEngine
    }
    guard let favourite = usable.map(\.ds.digestType).max(by: { $0.rawValue < $1.rawValue })
    else { return reports }
    return reports.map { report in
      var out = report
      let isUsable = usable.contains(report)
      if isUsable, report.ds.digestType != favourite { out.setAsideFor = favourite }
      return out
    }
  }

  /// The digest types RFC 4509 §3 prefers to SHA-1: a validator that follows it ignores the
  /// SHA-1 DS records of a set that holds one of these (BIND's does, for SHA-384 too).
  static let preferredDigests: Set<DSDigestType> = [.sha256, .sha384]

  /// DS_SHA1_ONLY_MATCH for a zone secure only through SHA-1 DS records while its DS set holds
  /// a SHA-256 or SHA-384 DS that authenticates no key (a wrong digest, or a key the child does
  /// not serve): validators that follow RFC 4509 §3 ignore the SHA-1 DS records and, left with
  /// DS records that match nothing, find the zone bogus (RFC 4035 §5.2). libunbound uses any
  /// DS that matches. Nil otherwise. For a DS set at the parent, not a trust anchor.
  func sha1OnlyMatchFinding(_ reports: [DSReport]) -> Finding? {
    let matched = reports.filter { $0.state == .matches }
    guard !matched.isEmpty, matched.allSatisfy({ $0.ds.digestType == .sha1 }) else { return nil }
    let preferred = reports.filter {
      Self.preferredDigests.contains($0.ds.digestType) && $0.state != .unsupportedAlgorithm
    }
    guard !preferred.isEmpty else { return nil }
    let unmatched = preferred.map { report in
      let why: String
      switch report.state {
      case .digestMismatch: why = "digest mismatch"
      case .failed(let reason): why = "not computed: \(reason)"
      default: why = "no DNSKEY with this tag and algorithm"
      }
      return "\(report.ds.keyTag)/\(report.ds.algorithm.rawValue) \(report.ds.digestType): \(why)"
    }
    return Finding(
      .dsSHA1OnlyMatch, subject: "\(zone)",
      evidence: [
        Evidence("SHA-1 DS", matched.map { "\($0.ds.keyTag)/\($0.ds.algorithm.rawValue)" }
          .joined(separator: ", ")),
        Evidence("unmatched DS", unmatched.joined(separator: "; ")),
      ])
  }
}
