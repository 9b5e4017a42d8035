/// The zones from the trust anchor down to a name: where they are, and how each link holds.
struct ZoneWalk: Sendable {
  var zones: [ZoneReport] = []
  var keysByZone: [DNSName: [ZoneKey]] = [:]
  /// The status of the deepest zone, which the answer inherits.
  var status: ChainStatus = .secure
  var reason: String?
  /// The name whose SOA lookup failed: whether it or a name below it is a zone apex is unknown,
  /// so no zone of the walk may be taken to hold a name at or below it.
  var unknownCutsFrom: DNSName?
}

extension ChainBuilder {
  /// The zone apexes between `anchor` and `name`: a name is an apex when its SOA query is
  /// answered with an SOA owned by the name itself.
  func zoneCuts(from anchor: DNSName, to name: DNSName, findings: inout [Finding]) async
    -> (cuts: [DNSName], failed: (name: DNSName, reason: String)?)
  {
    var cuts = [anchor]
    let candidates = name.lineage.filter { $0.labelCount > anchor.labelCount }
    source.prefetch(candidates.map { ($0, .soa) } + [(anchor, .dnskey)])
    for candidate in candidates {
      let lookup = await source.lookup(candidate, .soa)
      if let failure = lookup.failure {
        findings.append(lookupFailed("\(candidate) SOA", failure))
        return (cuts, (candidate, "the SOA lookup for \(candidate) failed: \(failure)"))
      }
      if lookup.answer.contains(where: { $0.type == .soa && $0.name == candidate }) {
        cuts.append(candidate)
      }
      // Nothing exists below a name that does not exist.
      if lookup.isNameError { break }
    }
    return (cuts, nil)
  }

  func walkZones(from anchor: DNSName, to name: DNSName, findings: inout [Finding]) async
    -> ZoneWalk
  {
    var walk = ZoneWalk()
    // A failed SOA lookup is recorded after the zones above it are judged: findings run from
    // the root down, so that the first error is the highest link that broke (ChainFindings).
    var cutFindings: [Finding] = []
    let (cuts, failed) = await zoneCuts(from: anchor, to: name, findings: &cutFindings)
    walk.unknownCutsFrom = failed?.name
    source.prefetch(cuts.dropFirst().flatMap { [($0, .ds), ($0, .dnskey)] })
    var parent: (zone: DNSName, keys: [ZoneKey])?
    for zone in cuts {
      if walk.status == .insecure || walk.status == .indeterminate {
        walk.zones.append(
          inherited(zone, walk.status, reason: "below \(walk.zones.last?.name ?? anchor)"))
        continue
      }
      let authority: ZoneEvaluator.Authority
      var dsLookupStatus: SecurityStatus?
      if let parent {
        let dsLookup = await source.lookup(zone, .ds)
        dsLookupStatus = dsLookup.security
        if let failure = dsLookup.failure {
          findings.append(lookupFailed("\(zone) DS", failure))
          walk.zones.append(
            inherited(zone, .indeterminate, reason: "the DS lookup failed: \(failure)"))
          walk.status = .indeterminate
          walk.reason = "the DS lookup for \(zone) failed"
          continue
        }
        authority = .parent(zone: parent.zone, keys: parent.keys, lookup: dsLookup)
      } else {
        authority = .anchor(
          ds: anchorDS(at: zone), keys: anchorKeys(at: zone))
      }
      let dnskeyLookup = await source.lookup(zone, .dnskey)
      let evaluator = ZoneEvaluator(
        judge: judge, signatureFindings: signatureFindings, denials: denials)
      let evaluate = {
        evaluator.evaluate(zone: zone, authority: authority, dnskeyLookup: dnskeyLookup)
      }
      var result = memo?.link(zone, below: parent?.zone, evaluate: evaluate) ?? evaluate()
      findings += result.findings
      result.report.dsLookupStatus = dsLookupStatus
      result.report.dnskeyLookupStatus = dnskeyLookup.security
      // A zone below a broken link is bogus too, whatever its own link says.
      if walk.status == .bogus, result.report.status != .bogus {
        result.report.status = .bogus
        result.report.reason = "the chain above is broken (\(walk.reason ?? "bogus"))"
      } else if result.report.status != .secure, walk.status == .secure {
        walk.status = result.report.status
        walk.reason = "\(zone): \(result.report.reason ?? result.report.status.word)"
      }
      walk.zones.append(result.report)
      walk.keysByZone[zone] = result.keys
      if let parent {
        noteSigners(
          [result.report.dsSet].compactMap { $0 } + (result.report.dsDenial?.rrsets ?? []),
          zone: parent.zone, walk: &walk)
      }
      parent = (zone, result.keys)
    }
    findings += cutFindings
    if let failed, walk.status == .secure {
      walk.status = .indeterminate
      walk.reason = failed.reason
    }
    return walk
  }

  private func inherited(_ zone: DNSName, _ status: ChainStatus, reason: String) -> ZoneReport {
    ZoneReport(
      name: zone, status: status, reason: reason, isTrustAnchor: false, dsSet: nil, ds: [],
      dsDenial: nil, dnskeySet: nil, keys: [])
  }

  func lookupFailed(_ subject: String, _ reason: String) -> Finding {
    Finding(FindingCode("LOOKUP_FAILED"), subject: subject, evidence: [Evidence("reason", reason)])
  }

  func anchorDS(at zone: DNSName) -> [DSData] {
    anchors.compactMap { record in
      guard record.name == zone, case .ds(let ds) = record.rdata else { return nil }
      return ds
    }
  }

  func anchorKeys(at zone: DNSName) -> [DNSKEYData] {
    anchors.compactMap { record in
      guard record.name == zone, case .dnskey(let key) = record.rdata else { return nil }
      return key
    }
  }
}
