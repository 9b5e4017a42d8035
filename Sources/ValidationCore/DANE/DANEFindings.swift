import Foundation

/// Turns what the policy and the probes found into findings, one per root cause: a problem seen
/// at several addresses of a host is one finding naming them all.
enum DANEFindings {
  static func make(domain: DNSName, mx: MXSection, clock: any Clock) -> [Finding] {
    var findings = mxFindings(domain: domain, mx: mx)
    for host in mx.hosts {
      findings += hostFindings(host)
      findings += TLSAAdvice.findings(for: host, clock: clock)
      findings += verdictFindings(host)
      findings += nonDestinationFindings(host)
      findings += anchorNotSentFindings(host)
    }
    return ordered(merged(findings))
  }

  /// Errors first, then by code, then from the root down (the same code in `.`, `example.` and
  /// `mail.example.` reads in chain order), then by subject, so that the same check prints the
  /// same way.
  static func ordered(_ findings: [Finding]) -> [Finding] {
    findings.sorted { left, right in
      if left.worstSeverity != right.worstSeverity {
        return left.worstSeverity > right.worstSeverity
      }
      return (left.code, depth(left), left.subject) < (right.code, depth(right), right.subject)
    }
  }

  /// The label count of the name a subject starts with (`example. DS`: 1); 0 for a subject
  /// that does not start with a name.
  private static func depth(_ finding: Finding) -> Int {
    guard let first = finding.subject.split(separator: " ").first,
      let name = try? DNSName(String(first))
    else { return 0 }
    return name.labelCount
  }

  /// The chain engine's root causes with the DANE findings they explain nested under them:
  /// below an insecure delegation (or a name libunbound judges insecure where the engine does
  /// not) every MX, address and TLSA RRset is insecure, so MX_INSECURE, ADDRESS_INSECURE and
  /// TLSA_INSECURE for names at or below it are its consequences, not causes of their own.
  static func nest(_ findings: [Finding], under chainFindings: [Finding]) -> [Finding] {
    var loose = findings
    var causes: [Finding] = []
    // The first error of the chain engine on the way down (an expired signature, a DS matching
    // no key: the highest link that broke, where a validator stops) is why the MX lookup is
    // bogus; a disagreement with libunbound only when the engine found no break.
    let errors = chainFindings.filter {
      $0.worstSeverity == .error && !ChainFindings.leavesChainIntact($0)
    }
    let bogusCause = errors.first { $0.code != .validatorDisagreement } ?? errors.first
    for var cause in chainFindings {
      if cause == bogusCause {
        let bogusMX = loose.filter { $0.code.rawValue == "MX_BOGUS" }
        loose.removeAll { bogusMX.contains($0) }
        cause = cause.adopting(bogusMX)
      }
      if let zone = insecureName(of: cause) {
        let explained = loose.filter { finding in
          guard insecureConsequenceCodes.contains(finding.code.rawValue),
            let name = try? DNSName(finding.subject)
          else { return false }
          return name.isSubdomain(of: zone)
        }
        loose.removeAll { explained.contains($0) }
        cause = cause.adopting(ordered(explained))
      }
      causes.append(cause)
    }
    // The check's own failed lookup is a query of its own, made before the engine's: it stays
    // a finding of its own, never a consequence of the engine's failure higher up (the engine
    // nests its lookups below a failed one, which depends on which of its lookups timed out).
    // Where the engine failed to look up the same RRset, that is the same fact, said once: at
    // the top level, the engine's finding there, else the check's.
    let own = Set(loose.filter(isLookupFailure).map(key))
    causes = causes.map { withoutNested(own, in: $0) }
    let said = Set(causes.map(key))
    loose.removeAll { isLookupFailure($0) && said.contains(key($0)) }
    return causes + loose
  }

  private static func isLookupFailure(_ finding: Finding) -> Bool {
    finding.code.rawValue == "LOOKUP_FAILED"
  }

  private static func key(_ finding: Finding) -> String { "\(finding.code) \(finding.subject)" }

  /// `finding` without the LOOKUP_FAILED consequences (at any depth) whose code and subject are
  /// in `keys`; what they explained stays, under their parent.
  private static func withoutNested(_ keys: Set<String>, in finding: Finding) -> Finding {
    var kept = finding
    kept.consequences = finding.consequences.flatMap { consequence -> [Finding] in
      let inner = withoutNested(keys, in: consequence)
      return isLookupFailure(inner) && keys.contains(key(inner)) ? inner.consequences : [inner]
    }
    return kept
  }

  static let insecureConsequenceCodes: Set<String> = [
    "MX_INSECURE", "ADDRESS_INSECURE", "TLSA_INSECURE",
  ]

  /// The name below which a chain finding makes everything insecure, if it does.
  static func insecureName(of finding: Finding) -> DNSName? {
    switch finding.code.rawValue {
    case "INSECURE_DELEGATION":
      return try? DNSName(finding.subject)
    case "VALIDATOR_DISAGREEMENT":
      let validator = finding.evidence.first { $0.label == "validator" }?.value
      guard validator == "insecure", let name = finding.subject.split(separator: " ").first
      else { return nil }
      return try? DNSName(String(name))
    default:
      return nil
    }
  }

  static func lookupFailure(_ lookup: RRsetLookup, bogusCode: String, subject: String) -> Finding? {
    switch lookup.security {
    case .bogus(let reason):
      return Finding(
        FindingCode(bogusCode), subject: subject, evidence: [Evidence("reason", reason)])
    case .indeterminate(let reason):
      return Finding(
        FindingCode("LOOKUP_FAILED"), subject: "\(lookup.name) \(lookup.type)",
        evidence: [Evidence("reason", reason)])
    case .secure, .insecure:
      return nil
    }
  }

  private static func mxFindings(domain: DNSName, mx: MXSection) -> [Finding] {
    let subject = domain.description
    switch mx.resolution {
    case .failed:
      return [lookupFailure(mx.lookup, bogusCode: "MX_BOGUS", subject: subject)].compactMap { $0 }
    case .noSuchDomain:
      let proof = FindingCatalog.noSuchNameProof(
        mx.lookup.security, optOutZone: mx.lookup.optOutZone)
      return [
        Finding(
          FindingCode("DOMAIN_NOT_FOUND"), subject: subject, evidence: [Evidence("proof", proof)])
      ]
    case .nullMX:
      return [Finding(FindingCode("NULL_MX"), subject: subject)]
    case .hosts(let targets, let nullMXIgnored):
      var findings: [Finding] = []
      if nullMXIgnored { findings.append(Finding(FindingCode("NULL_MX_MIXED"), subject: subject)) }
      if targets.first?.isImplicit == true {
        findings.append(Finding(FindingCode("IMPLICIT_MX"), subject: subject))
      }
      if mx.lookup.security == .insecure {
        findings.append(Finding(FindingCode("MX_INSECURE"), subject: subject))
      }
      return findings
    }
  }

  /// ADDRESS_BOGUS or LOOKUP_FAILED for the first failed address lookup of a host, nil when
  /// neither failed.
  static func addressFailure(_ addresses: HostAddresses) -> Finding? {
    for lookup in addresses.lookups {
      if let failure = lookupFailure(
        lookup, bogusCode: "ADDRESS_BOGUS", subject: addresses.host.description)
      {
        return failure
      }
    }
    return nil
  }

  /// TLSA_BOGUS or LOOKUP_FAILED for a host whose TLSA lookup failed, nil otherwise.
  static func tlsaFailure(_ host: HostReport) -> Finding? {
    guard case .failed(let base, _) = host.tlsa, let lookup = host.tlsaLookups.last else {
      return nil
    }
    return lookupFailure(
      lookup, bogusCode: "TLSA_BOGUS", subject: TLSAResolution.owner(of: base).description)
  }

  private static func hostFindings(_ host: HostReport) -> [Finding] {
    let name = host.target.name.description
    let addresses = host.addresses
    if let failure = addressFailure(addresses) { return [failure] }
    if addresses.isNoSuchName {
      // RFC 7672 §2.2.1: the name itself does not exist; say what was proven, not "no A".
      let proof = FindingCatalog.noSuchNameProof(
        addresses.security, optOutZone: addresses.optOutZone)
      return [
        Finding(
          FindingCode("MX_HOST_NOT_FOUND"), subject: name, evidence: [Evidence("proof", proof)])
      ]
    }
    if addresses.addresses.isEmpty {
      return [Finding(FindingCode("MX_HOST_NO_ADDRESS"), subject: name)]
    }
    var findings: [Finding] = []
    if addresses.security == .insecure {
      guard addresses.isSecureAliasOfInsecureAddresses, let expanded = addresses.expandedName
      else { return [Finding(FindingCode("ADDRESS_INSECURE"), subject: name)] }
      findings.append(
        Finding(
          FindingCode("ADDRESS_INSECURE_BEHIND_SECURE_ALIAS"), subject: name,
          evidence: [Evidence("expanded", expanded.description)]))
    }
    switch host.tlsa {
    case .failed:
      if let failure = tlsaFailure(host) { findings.append(failure) }
    case .secureAbsent:
      findings.append(Finding(FindingCode("TLSA_ABSENT"), subject: name))
    case .insecure(let base):
      findings.append(
        Finding(FindingCode("TLSA_INSECURE"), subject: TLSAResolution.owner(of: base).description))
    case .records(let base, let records):
      let owner = TLSAResolution.owner(of: base).description
      if !records.contains(where: \.isUsable) {
        findings.append(Finding(FindingCode("TLSA_NONE_USABLE"), subject: owner))
      }
      for record in records {
        guard let reason = record.unusableReason else { continue }
        findings.append(
          Finding(
            FindingCode("TLSA_RECORD_UNUSABLE"), subject: owner,
            evidence: [
              Evidence("record", record.description), Evidence("reason", reason.description),
            ]))
      }
      // (Insecure addresses behind a secure alias never had TLSA looked up at the target.)
      if let expanded = addresses.expandedName, base != expanded,
        !addresses.isSecureAliasOfInsecureAddresses
      {
        findings.append(
          Finding(
            FindingCode("TLSA_FROM_ORIGINAL_NAME"), subject: name,
            evidence: [Evidence("expanded", expanded.description)]))
      }
    case .notQueried:
      break
    }
    return findings
  }

  /// One finding per host and cause, naming every address it was seen at.
  private static func verdictFindings(_ host: HostReport) -> [Finding] {
    var byKey: [String: (code: String, evidence: [Evidence], addresses: [String])] = [:]
    var order: [String] = []
    for probe in host.probes where !probe.isNonDestination {
      guard
        let (code, shown) = probe.verdict.cause(
          policy: host.tlsa.tlsPolicy, observation: probe.observation)
      else { continue }
      let key = code + "|" + shown.map { "\($0.label)=\($0.value)" }.joined(separator: "|")
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: (code, shown, [])].addresses.append(probe.address)
    }
    // The probe's own findings (SMTP_*, TLS_*) for the same addresses go under the policy
    // finding as its evidence; those of probes without a policy finding stand on their own.
    var covered: Set<String> = []
    var findings = order.compactMap { key -> Finding? in
      guard let entry = byKey[key] else { return nil }
      covered.formUnion(entry.addresses)
      let details = host.probes.filter { entry.addresses.contains($0.address) }
        .flatMap { $0.observation?.result?.findings ?? [] }
      return Finding(
        FindingCode(entry.code), subject: host.target.name.description,
        evidence: [Evidence("addresses", entry.addresses.joined(separator: ", "))]
          + entry.evidence
      ).adopting(unique(details))
    }
    let loose = host.probes.filter { !covered.contains($0.address) }
      .flatMap { $0.observation?.result?.findings ?? [] }
    findings += unique(loose)
    return findings
  }

  /// MX_ADDRESS_NOT_A_DESTINATION for each address of the host that was not probed because it
  /// is never a destination: an error when the host has no other address to deliver to, a
  /// warning when it does.
  private static func nonDestinationFindings(_ host: HostReport) -> [Finding] {
    let skipped = host.probes.filter(\.isNonDestination)
    let severity: Severity = skipped.count == host.probes.count ? .error : .warning
    return skipped.compactMap { probe in
      NonDestinationAddress(probe.address)?.finding(
        host: host.target.name.description, severity: severity)
    }
  }

  /// DANE_TA_NOT_SENT: the record that verified a probe matched only a trust anchor the server
  /// did not send (RFC 7672 §3.1.2 wants it sent). One warning per record and place, naming
  /// every address where it was so; the verdict stays verified.
  private static func anchorNotSentFindings(_ host: HostReport) -> [Finding] {
    var byKey: [String: (record: TLSAData, place: String, addresses: [String])] = [:]
    var order: [String] = []
    for probe in host.probes {
      guard case .verified(let record, let depth, true) = probe.verdict else { continue }
      let place = TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: true)
      let key = record.zoneText + "|" + place
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: (record, place, [])].addresses.append(probe.address)
    }
    return order.compactMap { byKey[$0] }.map { entry in
      anchorNotSent(
        host: host.target.name.description, record: entry.record, place: entry.place,
        addresses: entry.addresses)
    }
  }

  /// DANE_TA_NOT_SENT about `host`: `record` verified the probes at `addresses` only as a trust
  /// anchor the server did not send, at `place` (TLSAMatcher.place).
  static func anchorNotSent(
    host: String, record: TLSAData, place: String, addresses: [String]
  ) -> Finding {
    Finding(
      FindingCode("DANE_TA_NOT_SENT"), subject: host,
      evidence: [
        Evidence("addresses", addresses.joined(separator: ", ")),
        Evidence("record", AssessedTLSARecord.presentation(record)),
        Evidence("anchor", place),
      ])
  }

  static func unique(_ findings: [Finding]) -> [Finding] {
    var seen: Set<Finding> = []
    return findings.filter { seen.insert($0).inserted }
  }

  /// Findings that say the same thing (code, severity, subject and evidence alike) once, where
  /// the first of them was, with what any of them had under it (once each). Two MX hosts can
  /// share a record set (one is a CNAME to the other, and TLSA is looked up at the expanded
  /// name), and the advice on it would otherwise be listed once per host; findings about each
  /// host or address differ in their subject and all stay.
  static func merged(_ findings: [Finding]) -> [Finding] {
    struct Key: Hashable {
      let code: FindingCode
      let severity: Severity
      let subject: String
      let evidence: [Evidence]
    }
    var kept: [Finding] = []
    var index: [Key: Int] = [:]
    for finding in findings {
      let key = Key(
        code: finding.code, severity: finding.severity, subject: finding.subject,
        evidence: finding.evidence)
      guard let first = index[key] else {
        index[key] = kept.count
        kept.append(finding)
        continue
      }
      kept[first].consequences = unique(kept[first].consequences + finding.consequences)
    }
    return kept
  }
}

/// The finding behind a deferred host, as `check` reports it: `trace`, which resolves one host
/// the same way, prints the same.
extension HostReport {
  /// ADDRESS_BOGUS, TLSA_BOGUS or LOOKUP_FAILED when a lookup of this host failed (its delivery
  /// is deferred), nil otherwise.
  public var deferralFinding: Finding? {
    DANEFindings.addressFailure(addresses) ?? DANEFindings.tlsaFailure(self)
  }
}

extension HostAddresses {
  /// ADDRESS_BOGUS or LOOKUP_FAILED when an address lookup failed, nil otherwise.
  public var failureFinding: Finding? { DANEFindings.addressFailure(self) }

  /// The name does not exist: a lookup that may be used as data says NXDOMAIN (no usable answer
  /// of the other family says otherwise).
  public var isNoSuchName: Bool {
    !security.isFailure && addresses.isEmpty && (ipv4.isNXDOMAIN || ipv6.isNXDOMAIN)
  }

  /// What DNS said of a host that has no address, with the status of the answer:
  /// `the name does not exist (NXDOMAIN, secure)`, `it has no A or AAAA records (NODATA,
  /// insecure)`. Only meaningful when the lookups did not fail and found no address.
  public var absence: String {
    guard isNoSuchName else { return "it has no A or AAAA records (NODATA, \(security.word))" }
    guard let optOutZone, security == .insecure else {
      return "the name does not exist (NXDOMAIN, \(security.word))"
    }
    let proof = FindingCatalog.noSuchNameProof(security, optOutZone: optOutZone)
    return "the name does not exist (NXDOMAIN, insecure: \(proof))"
  }

  /// For an insecure NXDOMAIN: the zone whose opt-out NSEC3 covers the host's name in the
  /// answers (RRsetLookup.optOutZone); nil otherwise.
  public var optOutZone: DNSName? { lookups.lazy.compactMap(\.optOutZone).first }
}

extension DANEVerdict {
  /// DANE_TA_NOT_SENT for one probe verified only by a trust anchor the server did not send, as
  /// `check` words it for `host` at `address` (`trace` prints it); nil for any other verdict.
  public func anchorNotSentFinding(host: String, address: String) -> Finding? {
    guard case .verified(let record, let depth, true) = self else { return nil }
    return DANEFindings.anchorNotSent(
      host: host, record: record,
      place: TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: true),
      addresses: [address])
  }
}
