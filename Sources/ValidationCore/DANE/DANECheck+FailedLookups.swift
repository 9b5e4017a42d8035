/// Why a host's lookup failed: the chain engine's root cause over the check's own finding. The
/// check acts on libunbound's verdict for each lookup, whose reason is one line ("signature
/// expired"); the engine rebuilds that record's chain and names the signature, its key and its
/// dates, or the delegation that has no DS. Only lookups that failed validation are rebuilt: a
/// healthy check builds no chain beyond the MX one.
extension DANECheck {
  /// One record whose chain explains a finding of the check.
  struct FailedLookup {
    let name: DNSName
    let type: RRType
    /// The check's finding (ADDRESS_BOGUS, TLSA_BOGUS, ADDRESS_INSECURE, TLSA_INSECURE).
    let finding: Finding
    /// The CNAME targets its chain followed (set once the chain is built): an unsigned
    /// delegation above the name or any of them explains an insecure answer.
    var reached: [DNSName] = []
    var isBogus: Bool { finding.code.rawValue.hasSuffix("_BOGUS") }
  }

  /// The failed lookups behind the check's top-level findings, in MX order: for each host, the
  /// first bogus address lookup (A, AAAA or the CNAME at its name) behind ADDRESS_BOGUS, the
  /// TLSA lookup behind TLSA_BOGUS, and the first insecure address or TLSA lookup behind an
  /// ADDRESS_INSECURE or TLSA_INSECURE that no cause above explains yet (below an insecure MX
  /// RRset, the MX chain's unsigned delegation already does).
  static func failedLookups(_ report: DomainReport) -> [FailedLookup] {
    let loose = report.findings
    func finding(_ code: String, _ subject: String) -> Finding? {
      loose.first { $0.code.rawValue == code && $0.subject == subject }
    }
    var failed: [FailedLookup] = []
    for host in report.mx.hosts {
      let name = host.target.name.description
      let addressLookups = host.addresses.lookups
      if let found = finding("ADDRESS_BOGUS", name),
        let lookup = addressLookups.first(where: {
          if case .bogus = $0.security { return true }
          return false
        })
      {
        failed.append(FailedLookup(name: lookup.name, type: lookup.type, finding: found))
      }
      if let found = finding("ADDRESS_INSECURE", name),
        let lookup = addressLookups.first(where: { $0.security == .insecure })
      {
        failed.append(FailedLookup(name: lookup.name, type: lookup.type, finding: found))
      }
      guard let lookup = host.tlsaLookups.last else { continue }
      let owner = lookup.name.description
      if let found = finding("TLSA_BOGUS", owner) ?? finding("TLSA_INSECURE", owner) {
        failed.append(FailedLookup(name: lookup.name, type: lookup.type, finding: found))
      }
    }
    return failed
  }

  /// The report's findings with the chain engine's root cause of each failed lookup on top and
  /// the check's finding under it, one finding per cause (two hosts below one unsigned
  /// delegation share it). A lookup whose chain finds no cause keeps its finding as it was.
  /// `chains`: the chains built for it, held to the check's lookups, in the order built (the
  /// report keeps them, so that the console's chain pane shows these and builds them no more).
  func explainingFailedLookups(_ report: DomainReport) async
    -> (findings: [Finding], chains: [ChainReport])
  {
    let failed = Self.failedLookups(report)
    guard let chainOfTrust, !failed.isEmpty else { return (report.findings, []) }
    var loose = report.findings
    var causes: [Finding] = []
    var chains: [ChainReport] = []
    let listed = Set(ChainFindings.flatten(report.findings))
    for var lookup in failed {
      // Another host's cause may already cover this one (the same unsigned delegation).
      if !lookup.isBogus, let index = causes.firstIndex(where: { Self.explains($0, lookup) }) {
        causes[index] = causes[index].adopting([lookup.finding])
        loose.removeAll { $0 == lookup.finding }
        continue
      }
      let chain = report.heldToLookups(await chainOfTrust(lookup.name, lookup.type))
      chains.append(chain)
      lookup.reached = chain.cnameTargets.map(\.name)
      let found = ChainFindings.flatten(Self.findingsAlongAliases(chain))
        .map(Self.withoutConsequences).filter { !listed.contains($0) }
      guard let cause = Self.cause(in: found, of: lookup) else { continue }
      loose.removeAll { $0 == lookup.finding }
      if let index = causes.firstIndex(where: { Self.withoutConsequences($0) == cause }) {
        causes[index] = causes[index].adopting([lookup.finding])
      } else {
        causes.append(cause.adopting([lookup.finding]))
      }
      // A bogus chain's other errors are root causes too (two signatures that fail).
      guard lookup.isBogus else { continue }
      for other in found where other.severity == .error && other != cause {
        if !causes.contains(where: { Self.withoutConsequences($0) == other }) {
          causes.append(other)
        }
      }
    }
    return (DANEFindings.ordered(causes + loose), chains)
  }

  /// The chain's own findings, then those of each CNAME target it followed, in order: the
  /// record that failed may lie at the end of an alias (a TLSA owner that is a CNAME to a set
  /// whose signature expired), and its chain's findings are the target's (RFC 4035 §5: each
  /// RRset is validated in the zone that signs it).
  static func findingsAlongAliases(_ chain: ChainReport) -> [Finding] {
    chain.findings + chain.cnameTargets.flatMap(\.findings)
  }

  /// The engine's finding that says why the lookup failed: for a bogus one, its first error on
  /// the way down (where a validator stops), a disagreement with libunbound only when the engine
  /// found no break; for an insecure one, the unsigned delegation above the name.
  static func cause(in found: [Finding], of lookup: FailedLookup) -> Finding? {
    guard lookup.isBogus else { return found.first { explains($0, lookup) } }
    let errors = found.filter { $0.severity == .error && !ChainFindings.leavesChainIntact($0) }
    return errors.first { $0.code != .validatorDisagreement } ?? errors.first
  }

  /// True when `cause` makes the insecure lookup insecure: an unsigned delegation (or
  /// libunbound's insecure where the engine differs) at or above its name or a CNAME target it
  /// reached.
  static func explains(_ cause: Finding, _ lookup: FailedLookup) -> Bool {
    guard let zone = DANEFindings.insecureName(of: cause) else { return false }
    return ([lookup.name] + lookup.reached).contains { $0.isSubdomain(of: zone) }
  }

  /// The finding alone: the engine's nesting is its own chain's, not the check's.
  static func withoutConsequences(_ finding: Finding) -> Finding {
    Finding(
      finding.code, subject: finding.subject, evidence: finding.evidence,
      severity: finding.severity)
  }
}
