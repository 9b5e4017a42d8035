/// The zones of the MX hosts' records that the chain summary does not list. The summary walks
/// the zones down to the MX RRset only; an MX host often lives in a provider's zone, its TLSA
/// set or a CNAME's target in yet another. libunbound's verdict on each lookup is the one the
/// check acts on, but some of the engine's findings are facts to fix that libunbound's verdict
/// does not show (`ChainFindings.leavesChainIntact`: a wrong DS beside a matching one, a zone
/// that RFC 4509 §3 validators find bogus), and `check` reports those for these zones too.
extension DANECheck {
  /// The zones whose keys signed the secure lookups among `lookups` (`RRsetLookup.signers`), but
  /// no zone the summary lists (its own and its CNAME targets'), each walked down to with
  /// `builder`, one after another so that each reuses what the ones before looked up and
  /// judged. Only secure lookups count: an insecure or bogus one has its own findings. Hosts in
  /// the zones of the MX RRset, the usual case, walk nothing.
  static func walkHostZones(
    signedBy lookups: [RRsetLookup], besides summary: ChainReport, with builder: ChainBuilder
  ) async -> [ZonePath] {
    var walked = summaryZones(summary)
    let signers = lookups.filter { $0.security == .secure }.flatMap(\.signers)
    var paths: [ZonePath] = []
    for apex in Set(signers).sorted() where !walked.contains(apex) {
      let path = await builder.walk(toZone: apex)
      walked.formUnion(path.zones.map(\.name))
      walked.insert(apex)
      paths.append(path)
    }
    return paths
  }

  /// The zones of the summary: the MX name's and those of each CNAME target it followed.
  static func summaryZones(_ summary: ChainReport) -> Set<DNSName> {
    Set(summary.zones.map(\.name) + summary.cnameTargets.flatMap { $0.zones.map(\.name) })
  }

  /// The findings of the walked zones that leave libunbound's chain intact, with what the engine
  /// listed under them, once each, for zones the summary does not list (it says its own).
  static func hostZoneFindings(_ paths: [ZonePath], besides summary: ChainReport) -> [Finding] {
    let listed = summaryZones(summary)
    let found = paths.flatMap(\.findings).filter { finding in
      guard ChainFindings.leavesChainIntact(finding),
        let zone = try? DNSName(finding.subject.split(separator: " ").first.map(String.init) ?? "")
      else { return false }
      return !listed.contains(zone)
    }
    return DANEFindings.unique(found)
  }
}
