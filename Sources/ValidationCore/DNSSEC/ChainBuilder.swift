import FoundationEssentials

/// The zones from a trust anchor down to one zone, and what their links came to.
public struct ZonePath: Sendable, Hashable {
  public var zones: [ZoneReport]
  public var findings: [Finding]

  public init(zones: [ZoneReport], findings: [Finding]) {
    self.zones = zones
    self.findings = findings
  }
}

/// How the chain is judged.
public struct ChainOptions: Sendable {
  public var clock: any Clock
  /// A signature that expires sooner than this is a warning (`--expiry-warning-days`).
  public var expiryWarningDays: Int
  /// CNAMEs followed before giving up (a loop stops there too).
  public var maxCNAMEs: Int
  /// Report VALIDATOR_DISAGREEMENT when libunbound's verdict differs. Off when the engine
  /// judges as of another time than libunbound (`--at`).
  public var comparesWithValidator: Bool
  /// NSEC3 proofs with more iterations count as insecure (RFC 9276 §3.2), as in libunbound.
  public var nsec3IterationLimit = 150

  public init(
    clock: any Clock = SystemClock(), expiryWarningDays: Int = 7, maxCNAMEs: Int = 8,
    comparesWithValidator: Bool = true
  ) {
    self.clock = clock
    self.expiryWarningDays = expiryWarningDays
    self.maxCNAMEs = maxCNAMEs
    self.comparesWithValidator = comparesWithValidator
  }
}

/// `ChainOfTrust`'s builder: rebuilds the chain of trust for a name and type from the trust
/// anchor down, zone by zone, asking `source` for SOA (to find the zone cuts), DS, DNSKEY and
/// the answer itself, and judging every link with its own crypto.
public struct ChainBuilder: Sendable {
  let source: any ChainLookupSource
  let anchors: [ResourceRecord]
  let options: ChainOptions
  /// Shared with the other builds made with it, one after another (`sharingWalks`).
  let memo: ChainWalkMemo?
  /// Told the name and type of each chain `build` is asked for (`observingBuilds`).
  private(set) var buildObserver: (@Sendable (DNSName, RRType) -> Void)?

  public init(
    source: any ChainLookupSource, trustAnchors: [ResourceRecord], options: ChainOptions,
    memo: ChainWalkMemo? = nil
  ) {
    self.source = source
    self.anchors = trustAnchors
    self.options = options
    self.memo = memo
  }

  /// The same builder with a memo of its own: its builds and walks, made one after another,
  /// share their lookups and the zones they judged (`ChainWalkMemo`).
  public func sharingWalks() -> ChainBuilder {
    var shared = ChainBuilder(
      source: source, trustAnchors: anchors, options: options, memo: ChainWalkMemo())
    shared.buildObserver = buildObserver
    return shared
  }

  /// The same builder telling `observe` the name and type of each chain `build` is asked for
  /// (not the walks, nor the CNAME targets a build follows), so that whoever gave the builder
  /// out can count the chains built with it and its `sharingWalks` copies.
  public func observingBuilds(_ observe: @escaping @Sendable (DNSName, RRType) -> Void)
    -> ChainBuilder
  {
    var observed = self
    observed.buildObserver = observe
    return observed
  }

  var judge: SignatureJudge { SignatureJudge(clock: options.clock) }
  var signatureFindings: SignatureFindings {
    SignatureFindings(
      clock: options.clock, expiryWarning: TimeInterval(options.expiryWarningDays) * 86_400)
  }
  var denials: DenialChecker { DenialChecker(
      judge: judge, signatureFindings: signatureFindings,
      iterationLimit: options.nsec3IterationLimit) }

  public func build(name: DNSName, type: RRType) async -> ChainReport {
    buildObserver?(name, type)
    let lookups = PrefetchingLookupSource(source, memo: memo)
    defer { lookups.cancelRemaining() }
    let prefetching = ChainBuilder(
      source: lookups, trustAnchors: anchors, options: options, memo: memo)
    var visited: Set<DNSName> = []
    return await prefetching.build(name: name, type: type, depth: 0, visited: &visited)
  }

  /// The zones from the trust anchor down to the zone `apex`, walked as a build walks them (no
  /// answer is asked for), with the findings of their links arranged as a chain's are. No zone
  /// when no trust anchor is at or above `apex`.
  public func walk(toZone apex: DNSName) async -> ZonePath {
    let lookups = PrefetchingLookupSource(source, memo: memo)
    defer { lookups.cancelRemaining() }
    let prefetching = ChainBuilder(
      source: lookups, trustAnchors: anchors, options: options, memo: memo)
    guard let anchorZone = anchorZone(for: apex) else { return ZonePath(zones: [], findings: []) }
    var findings: [Finding] = []
    let walk = await prefetching.walkZones(from: anchorZone, to: apex, findings: &findings)
    return ZonePath(zones: walk.zones, findings: ChainFindings.arrange(findings))
  }

  func build(name: DNSName, type: RRType, depth: Int, visited: inout Set<DNSName>) async
    -> ChainReport
  {
    visited.insert(name)
    var report = ChainReport(
      name: name, type: type, zones: [], answer: nil, denial: nil, cnameTargets: [],
      status: .secure, reason: nil, validatorStatus: nil, findings: [], judgedAt: options.clock.now)
    let holder = holderName(for: name, type: type)
    guard let anchorZone = anchorZone(for: holder) else {
      // Without an anchor nothing can be proven, but "insecure" still needs an answer: a name
      // that no server answered for is indeterminate, not insecure.
      let lookup = await source.lookup(name, type)
      report.validatorStatus = lookup.validatorStatus
      if let failure = lookup.failure {
        report.status = .indeterminate
        report.cause = Self.lookupFailureReason(name, type, failure)
        report.findings = [lookupFailed("\(name) \(type)", failure)]
      } else {
        report.status = .insecure
        report.reason =
          holder == name
          ? "no trust anchor at or above \(name)"
          : "no trust anchor at or above \(holder), the parent side that holds \(name) DS"
      }
      // libunbound may have an anchor the engine does not read (a `trusted-keys-file:`,
      // D-resolver-4): its secure or bogus beside the engine's insecure is a disagreement too.
      if let disagreement = disagreement(with: lookup.validatorReason, in: report) {
        report.findings.insert(disagreement, at: 0)
      }
      return report
    }
    var findings: [Finding] = []
    source.prefetch([(name, type)])
    var walk = await walkZones(from: anchorZone, to: holder, findings: &findings)
    let target = await judgeTarget(name: name, type: type, walk: &walk, findings: &findings)
    report.zones = walk.zones
    report.answer = target.answer
    report.denial = target.denial
    report.validatorStatus = target.validatorStatus
    var status = ChainStatus.combine(walk.status, target.status)
    report.cause =
      walk.status != .secure ? walk.reason.map(ChainReport.Cause.stated) : target.cause
    if let cname = target.cnameTarget {
      if depth >= options.maxCNAMEs || visited.contains(cname) {
        status = ChainStatus.combine(status, .bogus)
        report.reason = "CNAME chain loops or is longer than \(options.maxCNAMEs)"
      } else {
        report.beforeTargets = ChainReport.Verdict(status: status, reason: report.reason)
        let next = await build(name: cname, type: type, depth: depth + 1, visited: &visited)
        report.cnameTargets = [next.asLink] + next.cnameTargets
        let combined = ChainStatus.combine(status, next.status)
        // The answer's reason is that of the link that makes it what it is.
        if combined != status { report.reason = next.reason }
        status = combined
      }
    }
    report.status = status
    report.findings = ChainFindings.arrange(findings)
    if let disagreement = disagreement(with: target.validatorReason, in: report) {
      report.findings.insert(disagreement, at: 0)
    }
    return report
  }

  /// VALIDATOR_DISAGREEMENT when libunbound's verdict on the report's question differs from
  /// the engine's, nil when they agree or when comparing is off. An indeterminate verdict means
  /// a lookup did not finish (LOOKUP_FAILED says which): beside libunbound's secure or insecure,
  /// or libunbound's own indeterminate, nothing was judged differently, so it is no disagreement
  /// between validators (D-report-2). Beside libunbound's bogus it still is one: the engine could
  /// not explain that verdict, whose reason the finding carries.
  private func disagreement(with validatorReason: String?, in report: ChainReport) -> Finding? {
    let status = report.status
    let isUnfinished =
      validator(report.validatorStatus, is: .indeterminate)
      || (status == .indeterminate && !validator(report.validatorStatus, is: .bogus))
    guard options.comparesWithValidator, let validator = report.validatorStatus,
      validator != status.word, !isUnfinished
    else { return nil }
    return Finding(
      .validatorDisagreement, subject: "\(report.name) \(report.type)",
      evidence: [
        Evidence("engine", status.word), Evidence("validator", validator),
        Evidence(
          "validator reason",
          validatorReason ?? "none (libunbound gives one only for bogus and indeterminate)"),
      ] + (report.reason.map { [Evidence("engine reason", $0)] } ?? [])
        + (Self.involvesED448(report) ? [FindingCatalog.ed448DisagreementEvidence] : []))
  }

  /// A DS or DNSKEY of algorithm ED448 (16) on the way: Debian 12's libunbound cannot check it
  /// where the engine can (D-lab-4, D-chain-5), the likely cause of a disagreement.
  static func involvesED448(_ report: ChainReport) -> Bool {
    report.zones.contains { zone in
      zone.ds.contains { $0.ds.algorithm == .ed448 }
        || zone.keys.contains { $0.key.algorithm == .ed448 }
    }
  }

  private func validator(_ word: String?, is status: ChainStatus) -> Bool {
    word == status.word
  }

  /// The name whose zone holds and signs `name`/`type`. A DS set belongs to the parent side of
  /// a zone cut (RFC 4035 §2.4 and §3.1.4.1): the parent's keys sign it and the parent's NSEC or
  /// NSEC3 deny it, so the walk stops at the zone above the name, and a trust anchor at the
  /// name itself does not cover its DS. The root, which has no parent, holds its own.
  func holderName(for name: DNSName, type: RRType) -> DNSName {
    type == .ds && !name.isRoot ? name.parent : name
  }

  /// The deepest trust-anchor owner at or above `name`.
  func anchorZone(for name: DNSName) -> DNSName? {
    anchors.map(\.name).filter { name.isSubdomain(of: $0) }.max { $0.labelCount < $1.labelCount }
  }
}

extension ChainStatus {
  /// The worse of two statuses along one path: bogus, then indeterminate, insecure, secure.
  static func combine(_ a: ChainStatus, _ b: ChainStatus) -> ChainStatus {
    let order: [ChainStatus] = [.bogus, .indeterminate, .insecure, .secure]
    return order.first { $0 == a || $0 == b } ?? .secure
  }
}
