import FoundationEssentials
import ValidationCore

/// The chain engine's reports as the Chain of trust pane's tree: the zones of every chain merged
/// into one tree from the trust anchor down, each zone with its DS links, keys, signatures and
/// denial proofs, and each RRset that matters for mail under the zone that holds it.
enum ChainTree {
  /// `listed`: the findings the Findings pane lists (the check's, as its text and JSON report
  /// list them); a node carries only those of the engine's findings, so that the pane never
  /// shows one that the Findings pane and the status line leave out, and carries each as listed
  /// (once, however many chains reach it, with the report's severity: a root cause is raised to
  /// its consequences' level, D-report-1). Nil: every finding of the reports (no check behind
  /// them).
  static func nodes(_ reports: [ChainReport], listed: [Finding]? = nil) -> [ChainNode] {
    var builder = Builder()
    builder.listed = listed.map { findings in
      var byKey: [String: Finding] = [:]
      for finding in ChainFindings.flatten(findings) where byKey[Builder.key(finding)] == nil {
        byKey[Builder.key(finding)] = finding
      }
      return byKey
    }
    for report in reports {
      for chain in [report] + report.cnameTargets { builder.add(chain) }
    }
    return builder.roots()
  }

  /// Collects zones by name (the first report to reach a zone describes it) and the RRsets
  /// under each, then assembles the tree.
  private struct Builder {
    var zones: [String: ZoneReport] = [:]
    var parent: [String: String] = [:]
    var order: [String] = []
    var leaves: [String: [ChainNode]] = [:]
    /// Per zone, the subjects of the RRsets shown under it: their findings are on their own
    /// rows, not on the zone's too (the MX of a zone's apex starts with the zone's name).
    var rrsetSubjects: [String: Set<String>] = [:]
    var findings: [Finding] = []
    var listed: [String: Finding]?
    var judgedAt = Date()

    static func key(_ finding: Finding) -> String { "\(finding.code) \(finding.subject)" }

    mutating func add(_ chain: ChainReport) {
      judgedAt = chain.judgedAt
      for finding in chain.findings {
        let shown: Finding?
        if let listed { shown = listed[Self.key(finding)] } else { shown = finding }
        // Two chains through one zone report its findings twice: the pane shows them once.
        if let shown, !findings.contains(where: { Self.key($0) == Self.key(shown) }) {
          findings.append(shown)
        }
      }
      var above: String?
      for zone in chain.zones {
        let name = zone.name.description
        if zones[name] == nil {
          zones[name] = zone
          order.append(name)
          parent[name] = above
        }
        above = name
      }
      guard let holder = above else { return }
      if let answer = chain.answer {
        // The RRset's own verdict: a CNAME does not take the status of where it leads (its
        // target has its own node, under its own zone), as `chain` shows it.
        let own = chain.ownVerdict
        var validator = chain.validatorStatus.map { "libunbound says: " + $0 }
        if chain.followsCNAME {
          // libunbound answers the question asked, wherever the CNAME leads.
          validator? += " (for \(chain.name) \(chain.type), targets included)"
        }
        let node = rrsetNode(answer, title: "\(answer.key.name) \(answer.key.type)",
          status: own.status, reason: own.reason, validatorNote: validator)
        if !(leaves[holder] ?? []).contains(where: { $0.id == node.id }) {
          leaves[holder, default: []].append(node)
          rrsetSubjects[holder, default: []].insert("\(answer.key.name) \(answer.key.type)")
        }
      }
      if let denial = chain.denial {
        // A proof takes the chain's own verdict as an answer does (held to the check's lookup:
        // libunbound's insecure for an algorithm it cannot validate), so that no "proven" reads
        // secure where the lookup the check acted on is not.
        leaves[holder, default: []].append(
          denialNode(denial, judgedAt: judgedAt, heldTo: chain.ownVerdict))
      }
    }

    func roots() -> [ChainNode] {
      order.filter { parent[$0] == nil }.map { node(forZone: $0) }
    }

    private func node(forZone name: String) -> ChainNode {
      let zone = zones[name]!
      // Sorted (KSKs first, then by tag) so that the tree does not change order between runs.
      var children: [ChainNode] = zone.ds.sorted { $0.ds.keyTag < $1.ds.keyTag }
        .map { dsNode($0, zone: zone) }
      if let dsSet = zone.dsSet {
        children += sortedSignatures(dsSet.signatures).map { signatureNode($0, over: dsSet.key) }
      }
      if let denial = zone.dsDenial { children.append(denialNode(denial, judgedAt: judgedAt)) }
      children += zone.keys.sorted {
        ($0.role.isEntryPoint ? 0 : 1, $0.keyTag) < ($1.role.isEntryPoint ? 0 : 1, $1.keyTag)
      }.map { keyNode($0, zone: zone) }
      if let keys = zone.dnskeySet {
        children += sortedSignatures(keys.signatures).map { signatureNode($0, over: keys.key) }
      }
      children += leaves[name] ?? []
      children += order.filter { parent[$0] == name }.map { node(forZone: $0) }
      var title = name
      if zone.isTrustAnchor { title += "  (trust anchor)" }
      var notes: [String] = []
      if let reason = zone.reason { notes.append("Why: " + reason) }
      var records: [String] = []
      if let keys = zone.dnskeySet { records += keys.records.map(zoneLine).sorted() }
      if let ds = zone.dsSet { records += ds.records.map(zoneLine).sorted() }
      return ChainNode(
        id: "zone " + name, kind: .zone, title: title, status: status(zone.status),
        records: records, notes: notes,
        findings: findingsAbout(name).filter { !(rrsetSubjects[name] ?? []).contains($0.subject) },
        children: children)
    }

    private func dsNode(_ report: DSReport, zone: ZoneReport) -> ChainNode {
      let ds = report.ds
      var link: String
      var linkStatus: ConsoleReport.Status
      switch report.state {
      case .matches: (link, linkStatus) = ("→ DNSKEY \(ds.keyTag)", .secure)
      case .digestMismatch: (link, linkStatus) = ("digest differs from DNSKEY \(ds.keyTag)", .bogus)
      case .noSuchKey: (link, linkStatus) = ("matches no DNSKEY", .bogus)
      case .unsupportedDigest: (link, linkStatus) = ("digest type not supported", .insecure)
      case .unsupportedAlgorithm: (link, linkStatus) = ("algorithm not supported", .insecure)
      case .failed(let reason): (link, linkStatus) = ("failed: \(reason)", .indeterminate)
      }
      if let favourite = report.setAsideFor {
        (link, linkStatus) = (FindingCatalog.setAsideNote(favourite), .insecure)
      }
      var status = linkStatus
      var notes: [String] = []
      // A DS that matches its key is a secure link only when the DS set itself validated
      // (RFC 4035 §5.2): under a DS set that did not, the match authenticates nothing.
      if linkStatus == .secure, let (dsStatus, why) = unvalidatedDSSet(zone) {
        status = dsStatus
        notes.append(
          ChainTree.sentence("This DS record matches DNSKEY \(ds.keyTag), but the link is not"
            + " secure: \(why)"))
      }
      // Nor is it secure when the DNSKEY set it leads to did not validate (RFC 4035 §5.2: a
      // matched key authenticates the set only through a valid signature over it). This holds
      // for a trust anchor's DS as well: trusted as configured, it still vouches for nothing
      // when the anchored zone's DNSKEY set fails as of the time judged.
      if status == .secure, let (keyStatus, why) = unvalidatedDNSKEYSet(zone) {
        status = keyStatus
        notes.append(
          ChainTree.sentence("This DS record matches DNSKEY \(ds.keyTag), but the link is not"
            + " secure: \(why)"))
      }
      // A link into keys held to libunbound's lookup is held with them (D-lab-4): it says the
      // DS authenticates a key that libunbound does not call secure.
      if status == .secure,
        let held = heldNote(zone, lead: "This DS record matches its key, but its zone")
      {
        status = self.status(zone.status)
        notes.append(held)
      }
      let digest = ChainNode.DigestComparison(
        label: ds.digestType.description, published: Hex.encode(ds.digest),
        computed: report.computed.map(Hex.encode))
      return ChainNode(
        id: "ds \(zone.name) \(ds.keyTag) \(ds.digestType)", kind: .ds,
        title: "DS \(ds.keyTag) \(ds.algorithm) \(ds.digestType) \(link)", status: status,
        records: (zone.dsSet?.records ?? []).filter {
          if case .ds(let data) = $0.rdata { return data == ds }
          return false
        }.map(zoneLine),
        digests: [digest], notes: notes, findings: findingsAbout("\(zone.name) DS"))
    }

    /// The status and the reason of a zone's DS set when it did not validate: its signatures
    /// do not (expired, invalid, no key), or the zone that signed it is not secure itself. Nil
    /// for a validated DS set and for a trust anchor's DS records, which are trusted as given.
    private func unvalidatedDSSet(_ zone: ZoneReport) -> (ConsoleReport.Status, String)? {
      guard !zone.isTrustAnchor else { return nil }
      guard let dsSet = zone.dsSet else {
        return (status(zone.status), "the DS set of \(zone.name) was not validated")
      }
      if dsSet.status != .secure {
        let why = zone.reason ?? "its signatures do not validate"
        return (status(dsSet.status), "the DS set is \(dsSet.status.word): \(why)")
      }
      if let above = parent[zone.name.description], let signer = zones[above],
        signer.status != .secure
      {
        return (status(signer.status),
          "the DS set is signed by \(above), which is \(signer.status.word)")
      }
      return nil
    }

    /// The status and the reason of a zone's DNSKEY set when it did not validate (no valid
    /// signature by a key a DS or the trust anchor names, as of the time judged); nil when it
    /// did.
    private func unvalidatedDNSKEYSet(_ zone: ZoneReport) -> (ConsoleReport.Status, String)? {
      guard let keys = zone.dnskeySet, keys.status != .secure else { return nil }
      let shown = zone.status == .secure ? keys.status : zone.status
      let why = zone.reason ?? "no key it names signs the set validly"
      return (status(shown), "the DNSKEY set of \(zone.name) is \(keys.status.word): \(why)")
    }

    private func keyNode(_ key: KeyReport, zone: ZoneReport) -> ChainNode {
      var title = "DNSKEY \(key.keyTag) \(key.role) \(key.key.algorithm)"
      if let bits = key.bits { title += " \(bits) bits" }
      if key.isDSMatched { title += " (DS)" }
      var notes: [String] = []
      if !key.signed.isEmpty {
        notes.append("Signs: " + key.signed.map(\.description).joined(separator: ", "))
      }
      // A key is only as good as its zone: in a bogus zone it is not "secure" whatever it signs.
      var status = self.status(zone.status)
      var word: String?
      if key.role == .revoked {
        status = .bogus
        word = "revoked"
      } else if status == .secure, !key.isDSMatched, key.signed.isEmpty {
        word = "unused"
      }
      if let held = heldNote(zone, lead: "This key's zone") { notes.append(held) }
      return ChainNode(
        id: "key \(zone.name) \(key.keyTag) \(key.key.algorithm)", kind: .dnskey, title: title,
        status: status, statusWord: word,
        records: (zone.dnskeySet?.records ?? []).filter {
          if case .dnskey(let data) = $0.rdata { return data == key.key }
          return false
        }.map(zoneLine),
        notes: notes)
    }

    private func signatureNode(_ signature: SignatureReport, over key: RRSetKey) -> ChainNode {
      let rrsig = signature.rrsig
      var title = "RRSIG \(key.type) by \(rrsig.keyTag) "
      var status: ConsoleReport.Status
      var word = "valid"
      switch signature.window {
      case .valid(let remaining): title += "expires in " + ChainTree.span(remaining)
      case .expired(let since): title += "expired " + ChainTree.span(since) + " ago"
      case .notYetValid(let wait): title += "valid in " + ChainTree.span(wait)
      }
      switch signature.verdict {
      case .valid?:
        status = signature.isUsable ? .secure : .bogus
        if case .expired = signature.window { word = "expired" }
        if case .notYetValid = signature.window { word = "not yet valid" }
      case .invalid(let reason)?:
        status = .bogus
        word = "invalid"
        title += " (\(reason))"
      case .unsupportedAlgorithm?:
        status = .insecure
        word = "unsupported"
      case .unusableKey(let reason)?:
        status = .bogus
        word = "unusable key"
        title += " (\(reason))"
      case nil:
        status = .bogus
        word = "no such key"
      }
      if signature.isWildcardExpansion { title += " wildcard" }
      var notes = [
        "Signer \(rrsig.signerName), key tag \(rrsig.keyTag), \(rrsig.algorithm)",
        "Valid \(ChainTree.day(signature.inception)) to \(ChainTree.day(signature.expiration))",
        "Labels \(rrsig.labels), original TTL \(rrsig.originalTTL)",
      ]
      // "valid" stays a fact about the signature, which verifies; its status is the signer
      // zone's, held to libunbound's lookups (D-lab-4).
      if status == .secure, let signer = zones[rrsig.signerName.description] {
        if let held = heldNote(signer, lead: "This signature is valid, but its zone") {
          status = self.status(signer.status)
          notes.append(held)
        } else if signer.status != .secure {
          // A signature by a key of a zone that is not secure (its DS set did not validate,
          // say) authenticates nothing, however well it verifies.
          status = self.status(signer.status)
          notes.append(ChainTree.sentence("This signature verifies, but its zone \(signer.name)"
            + " is \(signer.status.word)" + (signer.reason.map { ": \($0)" } ?? "")))
        }
      }
      return ChainNode(
        id: "rrsig \(key) \(rrsig.keyTag) \(rrsig.algorithm)", kind: .rrsig, title: title,
        status: status, statusWord: word, notes: notes,
        findings: findingsAbout("\(key.name) \(key.type)").filter { Self.isAbout(rrsig, $0) })
    }

    private func rrsetNode(
      _ rrset: RRsetReport, title: String, status chainStatus: ChainStatus, reason: String?,
      validatorNote: String?
    ) -> ChainNode {
      var notes: [String] = []
      if let reason { notes.append("Why: " + reason) }
      if let validatorNote { notes.append(validatorNote) }
      return ChainNode(
        id: "rrset \(rrset.key)", kind: .rrset, title: title, status: status(chainStatus),
        records: rrset.records.map(zoneLine), notes: notes,
        findings: findingsAbout("\(rrset.key.name) \(rrset.key.type)"),
        children: sortedSignatures(rrset.signatures).map { signatureNode($0, over: rrset.key) })
    }

    private func sortedSignatures(_ signatures: [SignatureReport]) -> [SignatureReport] {
      signatures.sorted { $0.rrsig.keyTag < $1.rrsig.keyTag }
    }

    /// `heldTo`: the verdict of the chain the proof answers, which a proof that holds cannot
    /// read better than.
    private func denialNode(
      _ denial: DenialReport, judgedAt: Date, heldTo verdict: ChainReport.Verdict? = nil
    ) -> ChainNode {
      let kind = denial.kind?.description ?? "no"
      var title = "\(kind) proof: \(denial.name) \(denial.type) \(denial.claim)"
      if denial.isOptOut { title += " (opt-out)" }
      var status: ConsoleReport.Status = denial.isProven ? .secure : .bogus
      var notes = denial.steps
      if denial.isProven, let verdict, verdict.status != .secure {
        status = self.status(verdict.status)
        notes.insert("Why: " + (verdict.reason ?? "the lookup is \(verdict.status.word)"), at: 0)
      }
      if let problem = denial.problem { notes.append("Problem: " + problem) }
      if let parameters = denial.nsec3Parameters {
        notes.append("NSEC3 iterations \(parameters.iterations), salt "
          + (parameters.salt.isEmpty ? "none" : Hex.encode(parameters.salt)))
      }
      return ChainNode(
        id: "denial \(denial.name) \(denial.type) \(denial.claim)", kind: .denial, title: title,
        status: status, statusWord: denial.isProven ? "proven" : "not proven",
        records: denial.rrsets.flatMap(\.records).map(zoneLine), notes: notes,
        children: denial.rrsets.flatMap { set in set.signatures.map { signatureNode($0, over: set.key) } })
    }

    /// What a DS link, key or signature of a zone held to libunbound's lookups says about it;
    /// nil when the zone keeps the engine's verdict.
    /// `lead` names the node and ends with "zone", e.g. "This key's zone".
    private func heldNote(_ zone: ZoneReport, lead: String) -> String? {
      guard zone.isBoundedByLookup else { return nil }
      return "\(lead) \(zone.name) is held \(zone.status.word) to libunbound's status for the"
        + " lookups that fetched the zone's DS and DNSKEY sets (see the zone's Why)."
    }

    private func findingsAbout(_ subject: String) -> [Finding] {
      findings.filter { $0.subject == subject || $0.subject.hasPrefix(subject + " ") }
    }

    /// Whether a finding about the RRset `rrsig` covers is about that signature: its evidence
    /// names the signature's key tag (and algorithm), or, for an algorithm that cannot be
    /// checked, its algorithm. A finding about the RRset as a whole (the validators disagreeing
    /// on it, its TTL, an algorithm no signature uses) is the RRset's row's alone: on the row of
    /// a signature that verifies it read as that signature's own error (`alg16`).
    static func isAbout(_ rrsig: RRSIGData, _ finding: Finding) -> Bool {
      let algorithm = finding.evidence.first { $0.label == "algorithm" }?.value
      if algorithm.map({ $0 != "\(rrsig.algorithm)" }) ?? false { return false }
      if let tag = finding.evidence.first(where: { $0.label == "key tag" })?.value {
        return tag == "\(rrsig.keyTag)"
      }
      return finding.code == .algorithmUnsupported && algorithm != nil
    }

    private func status(_ status: ChainStatus) -> ConsoleReport.Status {
      switch status {
      case .secure: return .secure
      case .insecure: return .insecure
      case .bogus: return .bogus
      case .indeterminate: return .indeterminate
      }
    }
  }

  /// `text` ended with a full stop, unless it ends with one already (a reason that ends with
  /// the root's name, `from .`).
  static func sentence(_ text: String) -> String { text.hasSuffix(".") ? text : text + "." }

  /// Zone-file form with the tabs turned to spaces (the cell grid shows no tabs).
  static func zoneLine(_ record: ResourceRecord) -> String {
    record.description.replacing("\t", with: " ")
  }

  /// "3 d", "5 h", "12 min": a signature window the way a person says it.
  static func span(_ seconds: TimeInterval) -> String {
    let value = abs(seconds)
    if value >= 2 * 86_400 { return "\(Int(value / 86_400)) d" }
    if value >= 2 * 3600 { return "\(Int(value / 3600)) h" }
    return "\(Int(value / 60)) min"
  }

  static func day(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false))
  }
}
