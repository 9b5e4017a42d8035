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
  /// warning; a zone whose every DS is unsupported is insecure.
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
    let checkable = reports.filter {
      $0.state != .unsupportedAlgorithm && $0.state != .unsupportedDigest
    }
    if anchorMatched { return Outcome(findings: out, isInsecure: false) }
    if checkable.isEmpty { return Outcome(findings: out, isInsecure: !reports.isEmpty) }
    guard !checkable.contains(where: { $0.state == .matches }) else {
      return Outcome(findings: out, isInsecure: false)
    }
    // No checkable DS matches: the link is broken. A digest mismatch is the more exact cause.
    if let wrong = checkable.first(where: { $0.state == .digestMismatch }) {
      out.insert(
        Finding(
          .dsDigestMismatch, subject: "\(zone)",
          evidence: [
            Evidence("key tag", "\(wrong.ds.keyTag)"),
            Evidence("digest type", "\(wrong.ds.digestType)"),
            Evidence("published", Hex.encodeUppercase(wrong.ds.digest)),
            Evidence("computed", Hex.encodeUppercase(wrong.computed ?? [])),
          ]), at: 0)
    } else {
      let tags = checkable.map { "\($0.ds.keyTag)/\($0.ds.algorithm.rawValue)" }.joined(
        separator: ", ")
      let keyTags = keys.map { "\($0.tag)/\($0.data.algorithm.rawValue)" }.joined(separator: ", ")
      out.insert(
        Finding(
          .dsNoMatchingDNSKEY, subject: "\(zone)",
          evidence: [
            Evidence("DS key tags", tags), Evidence("DNSKEY key tags", keyTags),
          ]), at: 0)
    }
    return Outcome(findings: out, isInsecure: false)
  }
}
