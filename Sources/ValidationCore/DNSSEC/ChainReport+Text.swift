/// The chain as a readable tree: zones, keys, DS links, signatures with their windows, proofs,
/// then the findings with their consequences. Everything that came from the network goes
/// through `ChainTextTree.clean`, which hands it to `SanitizedText`.
public struct ChainTextTree {
  struct Glyphs {
    let branch: String
    let last: String
    let pipe: String
    let space = "   "
    var isASCII = false

    static let unicode = Glyphs(branch: "├─ ", last: "└─ ", pipe: "│  ")
    static let ascii = Glyphs(branch: "|- ", last: "`- ", pipe: "|  ", isASCII: true)
  }

  /// A line of the tree and its children.
  struct Node {
    var text: String
    var children: [Node] = []
  }

  let glyphs: Glyphs

  public init(ascii: Bool = false) {
    glyphs = ascii ? .ascii : .unicode
  }

  public func render(_ report: ChainReport) -> String {
    var lines: [String] = []
    for (index, chain) in ([report] + report.cnameTargets).enumerated() {
      if index > 0 { lines.append("") }
      lines += draw(node(for: chain, leadsTo: index == 0 ? report.cnameTargets.last : nil))
    }
    let findings = report.findings + report.cnameTargets.flatMap(\.findings)
    lines.append("")
    if findings.isEmpty {
      lines.append("Findings: none")
    } else {
      lines.append("Findings:")
      lines += draw(Node(text: "", children: findings.map(findingNode)), indent: "  ").dropFirst()
    }
    let text = lines.joined(separator: "\n")
    // `--ascii` promises pure ASCII: what the glyphs do not cover is spelled in ASCII too.
    return glyphs.isASCII ? ASCIIText.spelled(text) : text
  }

  /// The claim of a secure denial that is the whole answer (no such name, or no such type).
  static func provenDenial(_ chain: ChainReport) -> DenialReport.Claim? {
    guard chain.status == .secure, chain.answer == nil, let claim = chain.denial?.claim,
      claim == .nameError || claim == .noData
    else { return nil }
    return claim
  }

  static func clean(_ text: String) -> String {
    // Tabs (zone-file separators) become spaces; the rest is the one sanitiser's.
    let spaced = text.split(separator: "\t", omittingEmptySubsequences: false)
    return SanitizedText(prose: spaced.joined(separator: " ")).text
  }

  // MARK: Building nodes

  /// `leadsTo`: for the name asked about, the last name its CNAMEs or DNAMEs lead to, whose
  /// proven denial is then the answer for the name asked about too.
  func node(for chain: ChainReport, leadsTo end: ChainReport? = nil) -> Node {
    var head = "\(chain.name) \(chain.type): \(chain.status.word.uppercased())"
    if let claim = Self.provenDenial(chain) {
      // "SECURE" alone beside a name that does not exist reads as good news about the name.
      head += " (proven: \(claim))"
    } else if chain.status == .secure, let end, let claim = Self.provenDenial(end) {
      head += " (proven: \(claim) at \(end.name))"
    }
    if let validator = chain.validatorStatus {
      // libunbound follows the CNAMEs: for an alias listed as a target, its verdict is not the
      // alias's own, shown in the head.
      let label = chain.withTargets != nil ? "libunbound, its targets included" : "libunbound"
      head += " (\(label): \(validator))"
    }
    var root = Node(text: head)
    if let reason = chain.reason { root.children.append(Node(text: "why: \(reason)")) }
    if let own = chain.beforeTargets {
      let rrset = chain.answer.map(\.key.description) ?? "\(chain.name) \(chain.type)"
      var text = "own: \(rrset) alone is \(own.status.word)"
      if let reason = own.reason { text += ": \(reason)" }
      root.children.append(Node(text: text))
    }
    root.children += chain.zones.map(zoneNode)
    if let answer = chain.answer { root.children.append(rrsetNode(answer, title: "answer")) }
    if let denial = chain.denial { root.children.append(denialNode(denial)) }
    return root
  }

  func zoneNode(_ zone: ZoneReport) -> Node {
    var text = "zone \(zone.name): \(zone.status.word)"
    if zone.isTrustAnchor { text += " (trust anchor)" }
    if let reason = zone.reason { text += ": \(reason)" }
    var node = Node(text: text)
    node.children += zone.ds.map(dsNode)
    if let dsSet = zone.dsSet {
      node.children += dsSet.signatures.map { signatureNode($0, over: dsSet.key) }
    }
    if let denial = zone.dsDenial { node.children.append(denialNode(denial)) }
    node.children += zone.keys.map(keyNode)
    if let keys = zone.dnskeySet {
      node.children += keys.signatures.map { signatureNode($0, over: keys.key) }
    }
    return node
  }

  func dsNode(_ report: DSReport) -> Node {
    let ds = report.ds
    var node = Node(
      text: "DS \(ds.keyTag) \(ds.algorithm) \(ds.digestType): \(describe(report.state))"
        + (report.setAsideFor.map { " (\(FindingCatalog.setAsideNote($0)))" } ?? ""))
    node.children.append(Node(text: "published \(Hex.encode(ds.digest))"))
    if let computed = report.computed {
      node.children.append(Node(text: "computed  \(Hex.encode(computed))"))
    }
    return node
  }

  func describe(_ state: DSLinkState) -> String {
    switch state {
    case .matches: return "matches"
    case .digestMismatch: return "DIGEST MISMATCH"
    case .noSuchKey: return "no DNSKEY with this tag and algorithm"
    case .unsupportedDigest: return "digest type not supported (ignored)"
    case .unsupportedAlgorithm: return "algorithm not supported (ignored)"
    case .failed(let reason): return "could not compute: \(reason)"
    }
  }

  func keyNode(_ key: KeyReport) -> Node {
    let bits = key.bits.map { ", \($0) bits" } ?? ""
    var text =
      "DNSKEY \(key.keyTag) \(key.key.algorithm)\(bits), flags \(key.key.flags), \(key.role)"
    if key.isDSMatched { text += ", DS-matched" }
    var node = Node(text: text)
    if !key.signed.isEmpty {
      node.children.append(
        Node(text: "signed: " + key.signed.map(\.description).joined(separator: ", ")))
    }
    return node
  }

  func signatureNode(_ signature: SignatureReport, over key: RRSetKey) -> Node {
    let rrsig = signature.rrsig
    var verdict: String
    switch signature.verdict {
    case .valid?: verdict = "verifies"
    case .invalid(let reason)?: verdict = "DOES NOT VERIFY (\(Self.clean(reason)))"
    case .unsupportedAlgorithm?: verdict = "algorithm not supported"
    case .unusableKey(let reason)?: verdict = "key unusable (\(Self.clean(reason)))"
    case nil: verdict = "no such key"
    }
    let window: String
    switch signature.window {
    case .valid(let left): window = "expires in \(ChainText.duration(left))"
    case .expired(let since): window = "EXPIRED \(ChainText.duration(since)) ago"
    case .notYetValid(let wait): window = "NOT YET VALID (starts in \(ChainText.duration(wait)))"
    }
    var node = Node(
      text: "RRSIG \(key) by \(rrsig.keyTag) \(rrsig.algorithm): \(verdict), \(window)")
    node.children.append(
      Node(
        text:
          ChainText.timestamp(signature.inception) + " → "
          + ChainText.timestamp(signature.expiration)
          + ", original TTL \(rrsig.originalTTL), labels \(rrsig.labels)"
          + (signature.isWildcardExpansion ? " (wildcard expansion)" : "")))
    return node
  }

  func rrsetNode(_ rrset: RRsetReport, title: String) -> Node {
    var node = Node(text: "\(title) \(rrset.key): \(rrset.status.word)")
    node.children += rrset.records.map { Node(text: Self.clean($0.description)) }
    node.children += rrset.signatures.map { signatureNode($0, over: rrset.key) }
    return node
  }

  func denialNode(_ denial: DenialReport) -> Node {
    let kind = denial.kind?.rawValue ?? "no proof"
    var text = "denial (\(kind)) \(denial.name) \(denial.type), \(denial.claim): "
    text +=
      denial.isProven
      ? (denial.isOptOut
        ? "proven via opt-out (insecure)"
        : denial.exceedsIterationLimit
          ? "proven, but too many NSEC3 iterations (insecure)" : "proven")
      : "NOT PROVEN"
    var node = Node(text: text)
    if let problem = denial.problem {
      node.children.append(Node(text: "problem: \(Self.clean(problem))"))
    }
    if let parameters = denial.nsec3Parameters {
      let salt = parameters.salt.isEmpty ? "none" : Hex.encode(parameters.salt)
      node.children.append(
        Node(
          text:
            "NSEC3 hash \(parameters.hashAlgorithm), iterations \(parameters.iterations), "
            + "salt \(salt)"
        ))
    }
    node.children += denial.steps.map { Node(text: Self.clean($0)) }
    for rrset in denial.rrsets {
      node.children += rrset.signatures.map { signatureNode($0, over: rrset.key) }
    }
    return node
  }

  /// A finding, the evidence its summary does not already show, then its consequences.
  func findingNode(_ finding: Finding) -> Node {
    let template = finding.entry.summary
    let evidence = finding.evidence.filter { !template.contains("{\($0.label)}") }.map {
      Node(text: "\($0.label): \(Self.clean($0.value))")
    }
    return Node(
      text: "\(finding.severity) \(finding.code): \(Self.clean(finding.summary))",
      children: evidence + finding.consequences.map(findingNode))
  }

  // MARK: Drawing

  func draw(_ node: Node, indent: String = "") -> [String] {
    var lines = [indent + node.text]
    lines += drawChildren(node.children, prefix: indent)
    return lines
  }

  private func drawChildren(_ children: [Node], prefix: String) -> [String] {
    var lines: [String] = []
    for (index, child) in children.enumerated() {
      let isLast = index == children.count - 1
      lines.append(prefix + (isLast ? glyphs.last : glyphs.branch) + child.text)
      lines += drawChildren(child.children, prefix: prefix + (isLast ? glyphs.space : glyphs.pipe))
    }
    return lines
  }
}
