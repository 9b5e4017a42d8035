/// Checks a denial of existence found in an answer's authority section: picks NSEC or NSEC3,
/// checks their signatures with the zone's keys, runs the proof, and says what it found.
struct DenialChecker {
  let judge: SignatureJudge
  let signatureFindings: SignatureFindings
  /// NSEC3 iterations above this make a proof insecure (RFC 9276 §3.2; libunbound 1.17 uses
  /// 150).
  let iterationLimit: Int

  struct Result {
    let report: DenialReport
    let findings: [Finding]
  }

  func check(
    _ lookup: ChainLookup, zone: DNSName, keys: [ZoneKey], claim: DenialReport.Claim,
    name: DNSName, type: RRType, wildcardLabels: Int? = nil
  ) -> Result {
    let nsec = lookup.authorityRRsets(.nsec)
    let nsec3 = lookup.authorityRRsets(.nsec3)
    let kind: DenialReport.Kind? = !nsec3.isEmpty ? .nsec3 : (!nsec.isEmpty ? .nsec : nil)
    let subject = "\(name) \(type)"
    guard let kind else {
      let report = DenialReport(
        kind: nil, claim: claim, name: name, type: type, rrsets: [], steps: [], isProven: false,
        problem: "no NSEC or NSEC3 records", nsec3Parameters: nil, isOptOut: false)
      let finding = Finding(
        .denialProofMissing, subject: subject, evidence: [Evidence("claim", claim.description)])
      return Result(report: report, findings: [finding])
    }
    let groups = kind == .nsec3 ? nsec3 : nsec
    let rrsets = groups.map { group in
      let signatures = judge.check(
        records: group.records, owner: group.owner,
        signatures: lookup.signatures(over: group.owner, kind == .nsec3 ? .nsec3 : .nsec),
        zone: zone, keys: keys)
      let usable = signatures.contains(where: \.isUsable)
      return RRsetReport(
        key: RRSetKey(name: group.owner, type: kind == .nsec3 ? .nsec3 : .nsec),
        records: group.records, signatures: signatures, status: usable ? .secure : .bogus)
    }
    let records = groups.flatMap(\.records)
    var outcome: ProofOutcome
    var parameters: NSEC3PARAMData?
    if kind == .nsec3 {
      let proof = NSEC3Proof(zone: zone, records: records)
      parameters = proof.parameters
      outcome = proof.prove(claim, name: name, type: type, wildcardLabels: wildcardLabels)
    } else {
      outcome = NSECProof(zone: zone, records: records).prove(claim, name: name, type: type)
    }
    var findings: [Finding] = []
    for rrset in rrsets where rrset.status != .secure {
      findings += signatureFindings.findings(for: rrset, zoneAlgorithms: [])
    }
    if outcome.isProven, let unsigned = rrsets.first(where: { $0.status != .secure }) {
      outcome = .failed("\(unsigned.key) has no valid signature", steps: outcome.steps)
    }
    if let problem = outcome.problem {
      findings.insert(
        Finding(
          .denialProofInvalid, subject: subject,
          evidence: [Evidence("kind", kind.rawValue), Evidence("reason", problem)]),
        at: 0)
    }
    findings += parameterFindings(parameters, zone: zone)
    var report = DenialReport(
      kind: kind, claim: claim, name: name, type: type, rrsets: rrsets, steps: outcome.steps,
      isProven: outcome.isProven, problem: outcome.problem, nsec3Parameters: parameters,
      isOptOut: outcome.isOptOut)
    report.exceedsIterationLimit = Int(parameters?.iterations ?? 0) > iterationLimit
    return Result(report: report, findings: findings)
  }

  /// RFC 9276 §3.1: no extra iterations, no salt.
  private func parameterFindings(_ parameters: NSEC3PARAMData?, zone: DNSName) -> [Finding] {
    guard let parameters else { return [] }
    var out: [Finding] = []
    if Int(parameters.iterations) > iterationLimit {
      out.append(
        Finding(
          .nsec3IterationsNonzero, subject: "\(zone)",
          evidence: [Evidence("iterations", "\(parameters.iterations)")], severity: .warning))
    } else if parameters.iterations > 0 {
      out.append(
        Finding(
          .nsec3IterationsNonzero, subject: "\(zone)",
          evidence: [Evidence("iterations", "\(parameters.iterations)")]))
    }
    if !parameters.salt.isEmpty {
      out.append(
        Finding(
          .nsec3SaltPresent, subject: "\(zone)",
          evidence: [Evidence("salt", Hex.encode(parameters.salt))]))
    }
    return out
  }
}
