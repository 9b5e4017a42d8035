/// The chain as JSON: `status` (the engine's), `validatorStatus` (libunbound's) and `findings`
/// (code, severity, summary, with their consequences) at the top, then the zones, the answer,
/// the denial and the CNAME targets, each with its own verdict (`ownStatus` is the name's own
/// when it is an alias, `status` the answer's). Written by the report's own writer
/// (`JSONValue`, D-report-6); nil values leave their key out, `.null` writes `null`.
extension ChainReport {
  var json: JSONValue {
    .fields([
      "name": .string("\(name)"),
      "type": .string("\(type)"),
      "status": .string(status.word),
      "validatorStatus": validatorStatus.map(JSONValue.string) ?? .null,
      "judgedAt": .string(ChainText.timestamp(judgedAt)),
      "findings": .array((findings + cnameTargets.flatMap(\.findings)).map(Self.json)),
      "zones": .array(zones.map(Self.json)),
      "cnameTargets": .array(
        cnameTargets.map { target in
          var chain = target
          chain.cnameTargets = []
          return chain.json
        }),
      "reason": reason.map(JSONValue.string),
      "ownStatus": beforeTargets.map { .string($0.status.word) },
      "ownReason": beforeTargets?.reason.map(JSONValue.string),
      "answer": answer.map(Self.json),
      "denial": denial.map(Self.json),
    ])
  }

  public func jsonText() -> String {
    JSONTerminalSafety.escape(json.prettyText)
  }

  /// As in `check --json`: evidence is a list of `label`, `value` pairs, in order (a label may
  /// repeat); `reference` is added here.
  static func json(_ finding: Finding) -> JSONValue {
    .fields([
      "code": .string(finding.code.rawValue),
      "severity": .string("\(finding.severity)"),
      "summary": .string(finding.summary),
      "subject": .string(finding.subject),
      "evidence": .array(
        finding.evidence.map { .fields(["label": .string($0.label), "value": .string($0.value)]) }
      ),
      "reference": .string(finding.entry.reference),
      "consequences": .array(finding.consequences.map(json)),
    ])
  }

  static func json(_ zone: ZoneReport) -> JSONValue {
    .fields([
      "name": .string("\(zone.name)"),
      "status": .string(zone.status.word),
      "trustAnchor": .bool(zone.isTrustAnchor),
      "ds": .array(zone.ds.map(json)),
      "keys": .array(zone.keys.map(json)),
      "reason": zone.reason.map(JSONValue.string),
      "dsSet": zone.dsSet.map(json),
      "dsDenial": zone.dsDenial.map(json),
      "dnskeySet": zone.dnskeySet.map(json),
    ])
  }

  static func json(_ report: DSReport) -> JSONValue {
    let state: String
    switch report.state {
    case .matches: state = "matches"
    case .digestMismatch: state = "digest-mismatch"
    case .noSuchKey: state = "no-such-key"
    case .unsupportedDigest: state = "unsupported-digest"
    case .unsupportedAlgorithm: state = "unsupported-algorithm"
    case .failed: state = "failed"
    }
    return .fields([
      "keyTag": .int(Int(report.ds.keyTag)),
      "algorithm": .int(Int(report.ds.algorithm.rawValue)),
      "digestType": .int(Int(report.ds.digestType.rawValue)),
      "published": .string(Hex.encode(report.ds.digest)),
      "computed": report.computed.map { .string(Hex.encode($0)) } ?? .null,
      "state": .string(state),
      "setAsideFor": report.setAsideFor.map { .int(Int($0.rawValue)) },
    ])
  }

  static func json(_ key: KeyReport) -> JSONValue {
    .fields([
      "keyTag": .int(Int(key.keyTag)),
      "algorithm": .int(Int(key.key.algorithm.rawValue)),
      "bits": key.bits.map(JSONValue.int) ?? .null,
      "flags": .int(Int(key.key.flags)),
      "role": .string(key.role.rawValue),
      "dsMatched": .bool(key.isDSMatched),
      "signed": .array(key.signed.map { .string($0.description) }),
    ])
  }

  static func json(_ rrset: RRsetReport) -> JSONValue {
    .fields([
      "rrset": .string(rrset.key.description),
      "status": .string(rrset.status.word),
      "records": .array(rrset.records.map { .string($0.description) }),
      "signatures": .array(rrset.signatures.map(json)),
    ])
  }

  static func json(_ signature: SignatureReport) -> JSONValue {
    let rrsig = signature.rrsig
    let verdict: String
    var reason: String?
    switch signature.verdict {
    case .valid?: verdict = "valid"
    case .invalid(let why)?:
      verdict = "invalid"
      reason = why
    case .unsupportedAlgorithm?: verdict = "unsupported-algorithm"
    case .unusableKey(let why)?:
      verdict = "unusable-key"
      reason = why
    case nil: verdict = "no-key"
    }
    let window: String
    var expiresIn: Int?
    var expiredSince: Int?
    var startsIn: Int?
    switch signature.window {
    case .valid(let left):
      window = "valid"
      expiresIn = Int(left)
    case .expired(let since):
      window = "expired"
      expiredSince = Int(since)
    case .notYetValid(let wait):
      window = "not-yet-valid"
      startsIn = Int(wait)
    }
    return .fields([
      "keyTag": .int(Int(rrsig.keyTag)),
      "algorithm": .int(Int(rrsig.algorithm.rawValue)),
      "signer": .string("\(rrsig.signerName)"),
      "labels": .int(Int(rrsig.labels)),
      "originalTTL": .int(Int(rrsig.originalTTL)),
      "inception": .string(ChainText.timestamp(signature.inception)),
      "expiration": .string(ChainText.timestamp(signature.expiration)),
      "wildcard": .bool(signature.isWildcardExpansion),
      "verdict": .string(verdict),
      "reason": reason.map(JSONValue.string),
      "window": .string(window),
      "expiresInSeconds": expiresIn.map(JSONValue.int),
      "expiredSinceSeconds": expiredSince.map(JSONValue.int),
      "startsInSeconds": startsIn.map(JSONValue.int),
    ])
  }

  static func json(_ denial: DenialReport) -> JSONValue {
    .fields([
      "kind": denial.kind.map { .string($0.rawValue) } ?? .null,
      "claim": .string(denial.claim.rawValue),
      "name": .string("\(denial.name)"),
      "type": .string("\(denial.type)"),
      "proven": .bool(denial.isProven),
      "optOut": .bool(denial.isOptOut),
      "exceedsIterationLimit": .bool(denial.exceedsIterationLimit),
      "steps": .array(denial.steps.map(JSONValue.string)),
      "rrsets": .array(denial.rrsets.map(json)),
      "problem": denial.problem.map(JSONValue.string),
      "nsec3": denial.nsec3Parameters.map {
        .fields([
          "hashAlgorithm": .int(Int($0.hashAlgorithm)),
          "iterations": .int(Int($0.iterations)),
          "salt": .string(Hex.encode($0.salt)),
        ])
      },
    ])
  }
}
