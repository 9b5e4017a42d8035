import ValidationCore

/// The check's `DomainReport` (and the chain engine's reports) as the console shows them.
extension ConsoleReport {
  public init(_ report: DomainReport, chains: [ChainReport]) {
    self.init(
      domain: report.domain.description, mxStatus: Status(report.mx.lookup.security),
      mxNote: Self.note(for: report.mx.resolution), hosts: report.mx.hosts.map {
        Self.host($0, findings: report.findings)
      }, chain: ChainTree.nodes(chains, listed: report.findings), findings: report.findings,
      isComplete: true)
    if let reason = report.incompleteReason { mxNote = "Incomplete: " + reason }
    incompleteReason = report.incompleteReason
    judgedAsOf = report.judgedAsOf
    if case .noSuchDomain = report.mx.resolution { isNoSuchDomain = true }
  }

  private static func note(for resolution: MXResolution) -> String? {
    switch resolution {
    case .hosts(let targets, let nullMXIgnored):
      if targets.first?.isImplicit == true {
        return "No MX records: the domain itself is the mail host (RFC 5321 §5.1)."
      }
      return nullMXIgnored ? "A null MX was listed beside real hosts and left out." : nil
    case .nullMX: return "Null MX (RFC 7505): the domain accepts no mail."
    case .noSuchDomain: return "The domain does not exist (NXDOMAIN)."
    case .failed(let security):
      return "The MX lookup is \(security.word): \(security.reason ?? "no reason given");"
        + " delivery is deferred."
    }
  }

  private static func host(_ host: HostReport, findings: [Finding]) -> Host {
    let name = host.target.name.description
    var addresses = host.probes.map {
      Address(
        text: $0.address, verdict: ProbeVerdict($0.verdict), reason: $0.reason,
        reachedDANEDecision: $0.observation?.daneDecision != nil)
    }
    if addresses.isEmpty {
      addresses = host.addresses.addresses.map { Address(text: $0, verdict: .pending) }
    }
    var shown = Host(
      name: name, preference: Int(host.target.preference),
      addressStatus: Status(host.addresses.security), addresses: addresses,
      tlsa: tlsaSet(host, findings: findings))
    // A host with no address still has `check`'s verdict (unreachable, or deferred).
    if host.addresses.addresses.isEmpty, let verdict = host.unprobedVerdict {
      shown.unprobed = Address(
        text: "(no address)", verdict: ProbeVerdict(verdict), reason: verdict.reason)
    }
    return shown
  }

  private static func tlsaSet(_ host: HostReport, findings: [Finding]) -> TLSASet {
    let owner = TLSAResolution.owner(of: host.tlsa.baseDomain ?? host.target.name).description
    let status: Status
    var note: String?
    switch host.tlsa {
    case .notQueried(let security):
      status = Status(security)
      // The pane's host row says "TLSA not looked up"; the note says why: a host with no
      // address, as `check` words it, else the status of its address records.
      if host.addresses.addresses.isEmpty, !security.isFailure {
        note = "Why: " + host.addresses.absence + ", so no sender connects to it."
      } else {
        note = "Why: the address records are \(security.word)"
          + (security.reason.map { " (\($0))" } ?? "") + "."
      }
    case .records(_, let records):
      status = .secure
      if !records.contains(where: \.isUsable) {
        note = "A secure TLSA set with nothing usable: TLS is mandatory, not authenticated."
      }
    case .secureAbsent:
      status = .secure
      note = "No TLSA records (proven absent): no DANE for this host."
    case .insecure:
      status = .insecure
      note = "The TLSA answer is insecure: it is ignored, no DANE for this host."
    case .failed(_, let security):
      status = Status(security)
      note = "Lookup \(security.word): \(security.reason ?? "no reason given"); delivery is deferred."
    }
    let records = host.tlsaRecords.map { item in
      TLSARecordView(
        usage: item.record.record.usage.rawValue, selector: item.record.record.selector.rawValue,
        matchingType: item.record.record.matchingType.rawValue,
        data: Hex.encode(item.record.record.data), isUsable: item.record.isUsable,
        reason: item.record.unusableReason?.description ?? "",
        matchedDepth: item.matchedDepths.first,
        matchedPlace: (item.anchorNotSent.first?.place).map { "matched " + $0 },
        // A DANE-TA record that matched while the probe still failed (the leaf's names, an
        // expired leaf): as `check` says it.
        failureAfterMatch: item.authenticationFailures.first,
        failurePlacesAfterMatch: item.authenticationFailuresAt.isEmpty
          ? nil : DomainReport.failurePlaces(item.authenticationFailuresAt))
    }.sorted(by: Self.listedBefore)
    // A TLSA_BOGUS listed under the chain engine's root cause (an expired TLSA signature) is
    // still about this set: both are shown, the cause first, also when the cause names the
    // record at the end of a CNAME the owner is (`check` follows it: D-report-3).
    let isAboutSet = { (finding: Finding) in
      finding.subject.contains(owner)
        || finding.subject.hasPrefix(host.target.name.description + " TLSA")
    }
    var related: [Finding] = []
    for top in findings {
      let tree = ChainFindings.flatten([top])
      guard tree.contains(where: isAboutSet) else { continue }
      for finding in [top] + tree.filter(isAboutSet) where !related.contains(finding) {
        related.append(finding)
      }
    }
    var wasLookedUp = true
    if case .notQueried = host.tlsa { wasLookedUp = false }
    return TLSASet(name: owner, status: status, note: note, records: records, findings: related,
      wasLookedUp: wasLookedUp)
  }
}

extension ConsoleReport {
  /// The order the TLSA pane lists a set's records in, the one `check` and its JSON use: by
  /// usage, selector, matching type and data (RFC 4034 §6.3 orders an RRset by its RDATA), the
  /// matched record marked where it stands rather than moved. The answer's own order changes
  /// from one lookup to the next, and a refresh should not shuffle the pane.
  static func listedBefore(_ first: TLSARecordView, _ second: TLSARecordView) -> Bool {
    let key = { (record: TLSARecordView) in
      (record.usage, record.selector, record.matchingType, record.data)
    }
    return key(first) < key(second)
  }
}

extension ConsoleReport.Status {
  init(_ security: SecurityStatus) {
    switch security {
    case .secure: self = .secure
    case .insecure: self = .insecure
    case .bogus: self = .bogus
    case .indeterminate: self = .indeterminate
    }
  }
}

extension ConsoleReport.ProbeVerdict {
  init(_ verdict: DANEVerdict) {
    switch verdict {
    case .verified: self = .verified
    case .failed: self = .failed
    case .tlsUnauthenticated: self = .tlsUnauthenticated
    case .noDANE: self = .noDANE
    case .deferred: self = .deferred
    case .unreachable: self = .unreachable
    case .incomplete: self = .incomplete
    }
  }
}
