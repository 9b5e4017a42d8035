/// Judges one zone's link in the chain: the DS set at the parent (or the trust anchor), the
/// DS-to-DNSKEY match, and the signatures over the DNSKEY set.
struct ZoneEvaluator {
  let judge: SignatureJudge
  let signatureFindings: SignatureFindings
  let denials: DenialChecker

  /// What the zone link came to.
  struct Result {
    var report: ZoneReport
    /// The zone's keys that may validate what the zone signs (provisional when not secure).
    var keys: [ZoneKey]
    var findings: [Finding]
  }

  /// The DS records that vouch for the zone, with where they came from.
  enum Authority {
    /// DS records published by the parent, with the parent's keys.
    case parent(zone: DNSName, keys: [ZoneKey], lookup: ChainLookup)
    /// Trust anchors: DS records, or DNSKEY records trusted as they are.
    case anchor(ds: [DSData], keys: [DNSKEYData])
  }

  func evaluate(zone: DNSName, authority: Authority, dnskeyLookup: ChainLookup) -> Result {
    var report = ZoneReport(
      name: zone, status: .secure, reason: nil, isTrustAnchor: false, dsSet: nil, ds: [],
      dsDenial: nil, dnskeySet: nil, keys: [])
    var findings: [Finding] = []
    // 1. The DS set: signed by the parent, or denied, or given as a trust anchor.
    guard let (dsRecords, anchorKeys) = dsStage(zone, authority, &report, &findings) else {
      return Result(report: report, keys: [], findings: findings)
    }
    findings += digestPolicyFindings(dsRecords, zone: zone)
    // 2. The DNSKEY set, its link to the DS set, and its signatures.
    let keys = keyStage(zone, dsRecords, anchorKeys, dnskeyLookup, &report, &findings)
    if report.isTrustAnchor {
      // A trust anchor has no parent: the DS that names no key is the anchor itself. What
      // breaks the link also names the anchor's DS records libunbound set aside.
      let setAside = Self.setAsideEvidence(report.ds)
      findings = findings.map { finding in
        let isLinkCause =
          finding.code == .dsNoMatchingDNSKEY
          || (finding.code == .dsDigestMismatch && !ChainFindings.leavesChainIntact(finding))
        guard isLinkCause else { return finding }
        return Finding(
          finding.code == .dsDigestMismatch ? .dsDigestMismatch : .trustAnchorNoMatchingDNSKEY,
          subject: finding.subject, evidence: finding.evidence + setAside,
          consequences: finding.consequences)
      }
    }
    return Result(report: report, keys: keys.filter(\.mayValidate), findings: findings)
  }

  /// The DS records that vouch for the zone and the DNSKEY anchors, or nil when the zone is
  /// settled without its keys (a proven or unproven absence of DS).
  private func dsStage(
    _ zone: DNSName, _ authority: Authority, _ report: inout ZoneReport, _ findings: inout [Finding]
  ) -> (ds: [DSData], anchorKeys: [DNSKEYData])? {
    guard case .parent(let parent, let parentKeys, let lookup) = authority else {
      guard case .anchor(let ds, let keys) = authority else { return nil }
      report.isTrustAnchor = true
      return (ds, keys)
    }
    let records = lookup.answerRecords(zone, .ds)
    guard !records.isEmpty else {
      let denial = denials.check(
        lookup, zone: parent, keys: parentKeys, claim: .noDS, name: zone, type: .ds)
      report.dsDenial = denial.report
      findings += denial.findings
      if denial.report.isProven {
        report.status = .insecure
        report.reason =
          denial.report.isOptOut
          ? "opt-out NSEC3 at \(parent): no signed delegation" : "\(parent) proves there is no DS"
        findings.append(
          Finding(
            .insecureDelegation, subject: "\(zone)",
            evidence: [
              FindingCatalog.insecureDelegationProof(
                parent: parent, isOptOut: denial.report.isOptOut)
            ]))
      } else {
        report.status = .bogus
        report.reason = "no DS, and no valid proof that none exists"
      }
      return nil
    }
    let signatures = judge.check(
      records: records, owner: zone, signatures: lookup.signatures(over: zone, .ds), zone: parent,
      keys: parentKeys)
    let dsSet = RRsetReport(
      key: RRSetKey(name: zone, type: .ds), records: records, signatures: signatures,
      status: signatures.contains(where: \.isUsable) ? .secure : .bogus)
    report.dsSet = dsSet
    findings += signatureFindings.findings(for: dsSet, zoneAlgorithms: [])
    if dsSet.status == .bogus {
      report.status = .bogus
      report.reason = "the DS set has no valid signature from \(parent)"
    }
    let ds = records.compactMap { record -> DSData? in
      if case .ds(let ds) = record.rdata { return ds } else { return nil }
    }
    return (ds, [])
  }

  /// Reads the DNSKEY set, matches it against the DS set and judges its signatures; returns the
  /// zone's keys.
  private func keyStage(
    _ zone: DNSName, _ dsRecords: [DSData], _ anchorKeys: [DNSKEYData], _ lookup: ChainLookup,
    _ report: inout ZoneReport, _ findings: inout [Finding]
  ) -> [ZoneKey] {
    if let failure = lookup.failure {
      report.status = .indeterminate
      report.reason = "the DNSKEY lookup failed: \(failure)"
      findings.append(
        Finding(
          FindingCode("LOOKUP_FAILED"), subject: "\(zone) DNSKEY",
          evidence: [Evidence("reason", failure)]))
      return []
    }
    let keyRecords = lookup.answerRecords(zone, .dnskey)
    let keys = keyRecords.compactMap { record -> ZoneKey? in
      if case .dnskey(let key) = record.rdata { return ZoneKey(key) } else { return nil }
    }
    guard !keys.isEmpty else {
      report.status = .bogus
      report.reason = "no DNSKEY records"
      findings.append(Finding(.dnskeyMissing, subject: "\(zone)"))
      return []
    }
    let link = DSLinker(zone: zone, keys: keys)
    report.ds = dsRecords.map(link.report)
    if report.isTrustAnchor { report.ds = DSLinker.settingAside(report.ds) }
    var matched = Set(report.ds.filter(\.authenticates).map(\.ds.keyTag))
    for key in keys where anchorKeys.contains(key.data) { matched.insert(key.tag) }
    let signatures = judge.check(
      records: keyRecords, owner: zone, signatures: lookup.signatures(over: zone, .dnskey),
      zone: zone, keys: keys)
    let byDSKey = signatures.filter { $0.isUsable && matched.contains($0.rrsig.keyTag) }
    let dnskeySet = RRsetReport(
      key: RRSetKey(name: zone, type: .dnskey), records: keyRecords, signatures: signatures,
      status: byDSKey.isEmpty ? .bogus : .secure)
    report.dnskeySet = dnskeySet
    report.keys = keyReports(keys, zone: zone, matched: matched, signatures: signatures)
    let linkFindings = link.findings(
      report.ds, anchorMatched: !anchorKeys.isEmpty && !matched.isEmpty)
    findings += linkFindings.findings
    if dsRecords.isEmpty, !anchorKeys.isEmpty, matched.isEmpty {
      // DNSKEY trust anchors, none of which the zone still publishes.
      let tags = anchorKeys.map { "\($0.keyTag)/\($0.algorithm.rawValue)" }
      findings.append(
        Finding(
          .dsNoMatchingDNSKEY, subject: "\(zone)",
          evidence: [
            Evidence("trust anchor key tags", tags.joined(separator: ", ")),
            Evidence("DNSKEY key tags", keys.map { "\($0.tag)" }.joined(separator: ", ")),
          ]))
    }
    defer { findings += keyPolicyFindings(keys, zone: zone) }
    if linkFindings.isInsecure, report.status == .secure {
      report.status = .insecure
      report.reason = "no DS uses an algorithm and digest danescope can check"
      return keys
    }
    let algorithms = Set(report.ds.filter(\.authenticates).map(\.ds.algorithm))
    let signed = signatureFindings.findings(for: dnskeySet, zoneAlgorithms: algorithms)
    guard byDSKey.isEmpty else {
      if !report.isTrustAnchor, let sha1Only = link.sha1OnlyMatchFinding(report.ds) {
        let cause = report.ds.first {
          $0.state == .digestMismatch && DSLinker.preferredDigests.contains($0.ds.digestType)
        }
        let mismatch = cause.map { link.mismatchFinding($0, among: report.ds) }
        findings = Self.nest(sha1Only, under: mismatch, in: findings)
      }
      findings += signed
      return keys
    }
    if report.status == .secure {
      report.status = .bogus
      let vouching = report.isTrustAnchor ? "the trust anchor" : "a DS"
      report.reason =
        matched.isEmpty
        ? "no DNSKEY matches \(vouching)"
        : "no key matched by \(vouching) signs the DNSKEY set validly"
      if let favourite = report.ds.first(where: { $0.setAsideFor != nil })?.setAsideFor {
        report.reason! += FindingCatalog.setAsideReason(favourite)
      }
    }
    if matched.isEmpty {
      findings = Self.nestMissingKeySignatures(
        signed, into: findings, dsTags: Set(dsRecords.map(\.keyTag)), keys: keys)
    } else {
      findings += rootCause(
        signed, zone: zone, matched: matched, isTrustAnchor: report.isTrustAnchor)
    }
    return keys
  }

  /// The trust anchor's DS records that libunbound does not use, and the digest type it uses.
  private static func setAsideEvidence(_ reports: [DSReport]) -> [Evidence] {
    let setAside = reports.filter { $0.setAsideFor != nil }
    guard let favourite = setAside.first?.setAsideFor else { return [] }
    let names = setAside.map {
      "\($0.ds.keyTag)/\($0.ds.algorithm.rawValue) \($0.ds.digestType)"
    }
    return [
      Evidence(FindingCatalog.setAsideDSLabel, names.joined(separator: ", ")),
      Evidence("digest type used", "\(favourite)"),
    ]
  }

  /// DS_SHA1_ONLY_MATCH follows from the wrong SHA-256 or SHA-384 DS that leaves SHA-1 alone
  /// (its DS_DIGEST_MISMATCH, `cause`): it goes under it, or stands alone when the preferred DS
  /// names a key the child does not serve.
  private static func nest(_ sha1Only: Finding, under cause: Finding?, in findings: [Finding])
    -> [Finding]
  {
    guard let cause, let index = findings.firstIndex(of: cause) else {
      return [sha1Only] + findings
    }
    var out = findings
    out[index] = out[index].adopting([sha1Only])
    return out
  }

  /// No DNSKEY matches a DS: a signature over the DNSKEY set by a key the DS names but the
  /// zone no longer serves fails for that same reason (the key was removed), so it goes under
  /// DS_NO_MATCHING_DNSKEY; any other signature problem is a fact of its own.
  private static func nestMissingKeySignatures(
    _ signed: [Finding], into findings: [Finding], dsTags: Set<UInt16>, keys: [ZoneKey]
  ) -> [Finding] {
    guard let index = findings.firstIndex(where: { $0.code == .dsNoMatchingDNSKEY }) else {
      return findings + signed
    }
    let served = Set(keys.map(\.tag))
    var out = findings
    var rest: [Finding] = []
    for finding in signed {
      let tag = finding.evidence.first { $0.label == "key tag" }.flatMap { UInt16($0.value) }
      if finding.severity == .error, let tag, dsTags.contains(tag), !served.contains(tag) {
        out[index] = out[index].adopting([finding])
      } else {
        rest.append(finding)
      }
    }
    return out + rest
  }

  /// The DNSKEY set lacks a valid signature from a DS-matched key. The most exact cause leads:
  /// a DS-matched key's signature that is expired, not yet valid or invalid; otherwise
  /// DNSKEY_NOT_SIGNED_BY_DS_KEY. The other errors are listed under it.
  private func rootCause(
    _ signed: [Finding], zone: DNSName, matched: Set<UInt16>, isTrustAnchor: Bool
  ) -> [Finding] {
    let errors = signed.filter { $0.severity == .error }
    let notSigned = Finding(
      .dnskeyNotSignedByDSKey, subject: "\(zone)",
      evidence: [Evidence("authenticator", isTrustAnchor ? "the trust anchor" : "a DS record")])
    let byDSKey = errors.firstIndex { finding in
      finding.evidence.contains { $0.label == "key tag" && matched.contains(UInt16($0.value) ?? 0) }
    }
    var root: Finding
    var rest = errors
    if let byDSKey {
      root = rest.remove(at: byDSKey)
      root.consequences = [notSigned] + rest
    } else {
      root = notSigned
      root.consequences = rest
    }
    return [root] + signed.filter { $0.severity != .error }
  }

  private func keyReports(
    _ keys: [ZoneKey], zone: DNSName, matched: Set<UInt16>, signatures: [SignatureReport]
  )
    -> [KeyReport]
  {
    let zoneKeys = keys.filter { $0.data.isZoneKey && !$0.data.isRevoked }
    let isCombined = zoneKeys.count == 1 && zoneKeys[0].data.isSecureEntryPoint
    let reports = keys.map { key in
      let role: KeyRole =
        key.data.isRevoked
        ? .revoked
        : !key.data.isZoneKey
          ? .notZoneKey
          : key.data.isSecureEntryPoint ? (isCombined ? .csk : .ksk) : .zsk
      let signedDNSKEY = signatures.contains { $0.rrsig.keyTag == key.tag && $0.verdict == .valid }
      return KeyReport(
        key: key.data, keyTag: key.tag, bits: key.publicKey?.bits, role: role,
        isDSMatched: matched.contains(key.tag) && key.mayValidate,
        signed: signedDNSKEY ? [RRSetKey(name: zone, type: .dnskey)] : [])
    }
    // Entry points first, then by tag: the order servers send a DNSKEY set in varies.
    return reports.sorted {
      ($0.role.isEntryPoint ? 0 : 1, $0.keyTag) < ($1.role.isEntryPoint ? 0 : 1, $1.keyTag)
    }
  }

  /// RFC 8624 on the algorithms the keys use, and RFC 5011 revoked keys.
  private func keyPolicyFindings(_ keys: [ZoneKey], zone: DNSName) -> [Finding] {
    var out: [Finding] = []
    var seen = Set<DNSSECAlgorithm>()
    for key in keys where seen.insert(key.data.algorithm).inserted {
      let evidence = [Evidence("algorithm", "\(key.data.algorithm)")]
      switch key.data.algorithm.signingRecommendation {
      case .deprecated:
        out.append(Finding(.algorithmDeprecated, subject: "\(zone)", evidence: evidence))
      case .prohibited:
        out.append(Finding(.algorithmProhibited, subject: "\(zone)", evidence: evidence))
      default: break
      }
    }
    for key in keys where key.data.isRevoked {
      out.append(
        Finding(.dnskeyRevoked, subject: "\(zone)", evidence: [Evidence("key tag", "\(key.tag)")]))
    }
    for key in keys where key.publicKey == nil && key.data.algorithm.isSupportedByEngine {
      out.append(
        Finding(
          .dnskeyUnusable, subject: "\(zone)",
          evidence: [
            Evidence("key tag", "\(key.tag)"), Evidence("algorithm", "\(key.data.algorithm)"),
            Evidence("reason", key.problem ?? "unreadable"),
          ]))
    }
    return out
  }

  /// RFC 8624 §3.3 on the DS digest types.
  private func digestPolicyFindings(_ records: [DSData], zone: DNSName) -> [Finding] {
    guard !records.isEmpty else { return [] }
    var out: [Finding] = []
    if records.allSatisfy({ $0.digestType == .sha1 }) {
      out.append(Finding(.dsSHA1Only, subject: "\(zone)"))
    }
    for ds in records where ds.digestType == .gostR341194 {
      out.append(
        Finding(
          .digestProhibited, subject: "\(zone)",
          evidence: [
            Evidence("key tag", "\(ds.keyTag)"), Evidence("digest type", "\(ds.digestType)"),
          ]))
    }
    return out
  }
}
