import Foundation

/// The chain as JSON: `status` (the engine's), `validatorStatus` (libunbound's) and `findings`
/// (code, severity, summary, with their consequences) at the top, then the zones, the answer,
/// the denial and the CNAME targets, each with its own verdict (`ownStatus` is the name's own
/// when it is an alias, `status` the answer's).
extension ChainReport {
  public var jsonObject: [String: Any] {
    var object: [String: Any] = [
      "name": "\(name)",
      "type": "\(type)",
      "status": status.word,
      "validatorStatus": validatorStatus ?? NSNull(),
      "judgedAt": ChainText.timestamp(judgedAt),
      "findings": (findings + cnameTargets.flatMap(\.findings)).map(Self.json),
      "zones": zones.map(Self.json),
      "cnameTargets": cnameTargets.map { target -> [String: Any] in
        var chain = target
        chain.cnameTargets = []
        return chain.jsonObject
      },
    ]
    if let reason { object["reason"] = reason }
    if let own = beforeTargets {
      object["ownStatus"] = own.status.word
      if let reason = own.reason { object["ownReason"] = reason }
    }
    if let answer { object["answer"] = Self.json(answer) }
    if let denial { object["denial"] = Self.json(denial) }
    return object
  }

  public func jsonText() -> String {
    let options: JSONSerialization.WritingOptions = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    guard let data = try? JSONSerialization.data(withJSONObject: jsonObject, options: options)
    else {
      return "{}"
    }
    return JSONTerminalSafety.escape(String(decoding: data, as: UTF8.self))
  }

  /// As in `check --json`: evidence is a list of `label`, `value` pairs, in order (a label may
  /// repeat); `reference` is added here.
  static func json(_ finding: Finding) -> [String: Any] {
    [
      "code": finding.code.rawValue,
      "severity": "\(finding.severity)",
      "summary": finding.summary,
      "subject": finding.subject,
      "evidence": finding.evidence.map { ["label": $0.label, "value": $0.value] },
      "reference": finding.entry.reference,
      "consequences": finding.consequences.map(json),
    ]
  }

  static func json(_ zone: ZoneReport) -> [String: Any] {
    var object: [String: Any] = [
      "name": "\(zone.name)",
      "status": zone.status.word,
      "trustAnchor": zone.isTrustAnchor,
      "ds": zone.ds.map(json),
      "keys": zone.keys.map(json),
    ]
    if let reason = zone.reason { object["reason"] = reason }
    if let dsSet = zone.dsSet { object["dsSet"] = json(dsSet) }
    if let denial = zone.dsDenial { object["dsDenial"] = json(denial) }
    if let keys = zone.dnskeySet { object["dnskeySet"] = json(keys) }
    return object
  }

  static func json(_ report: DSReport) -> [String: Any] {
    let state: String
    switch report.state {
    case .matches: state = "matches"
    case .digestMismatch: state = "digest-mismatch"
    case .noSuchKey: state = "no-such-key"
    case .unsupportedDigest: state = "unsupported-digest"
    case .unsupportedAlgorithm: state = "unsupported-algorithm"
    case .failed: state = "failed"
    }
    var object: [String: Any] = [
      "keyTag": Int(report.ds.keyTag), "algorithm": Int(report.ds.algorithm.rawValue),
      "digestType": Int(report.ds.digestType.rawValue), "published": Hex.encode(report.ds.digest),
      "computed": report.computed.map { Hex.encode($0) } ?? NSNull(), "state": state,
    ]
    if let favourite = report.setAsideFor {
      object["setAsideFor"] = Int(favourite.rawValue)
    }
    return object
  }

  static func json(_ key: KeyReport) -> [String: Any] {
    [
      "keyTag": Int(key.keyTag), "algorithm": Int(key.key.algorithm.rawValue),
      "bits": key.bits ?? NSNull(), "flags": Int(key.key.flags), "role": key.role.rawValue,
      "dsMatched": key.isDSMatched, "signed": key.signed.map(\.description),
    ]
  }

  static func json(_ rrset: RRsetReport) -> [String: Any] {
    [
      "rrset": rrset.key.description, "status": rrset.status.word,
      "records": rrset.records.map(\.description), "signatures": rrset.signatures.map(json),
    ]
  }

  static func json(_ signature: SignatureReport) -> [String: Any] {
    let rrsig = signature.rrsig
    var object: [String: Any] = [
      "keyTag": Int(rrsig.keyTag), "algorithm": Int(rrsig.algorithm.rawValue),
      "signer": "\(rrsig.signerName)", "labels": Int(rrsig.labels),
      "originalTTL": Int(rrsig.originalTTL),
      "inception": ChainText.timestamp(signature.inception),
      "expiration": ChainText.timestamp(signature.expiration),
      "wildcard": signature.isWildcardExpansion,
    ]
    switch signature.verdict {
    case .valid?: object["verdict"] = "valid"
    case .invalid(let reason)?:
      object["verdict"] = "invalid"
      object["reason"] = reason
    case .unsupportedAlgorithm?: object["verdict"] = "unsupported-algorithm"
    case .unusableKey(let reason)?:
      object["verdict"] = "unusable-key"
      object["reason"] = reason
    case nil: object["verdict"] = "no-key"
    }
    switch signature.window {
    case .valid(let left):
      object["window"] = "valid"
      object["expiresInSeconds"] = Int(left)
    case .expired(let since):
      object["window"] = "expired"
      object["expiredSinceSeconds"] = Int(since)
    case .notYetValid(let wait):
      object["window"] = "not-yet-valid"
      object["startsInSeconds"] = Int(wait)
    }
    return object
  }

  static func json(_ denial: DenialReport) -> [String: Any] {
    var object: [String: Any] = [
      "kind": denial.kind?.rawValue ?? NSNull(), "claim": denial.claim.rawValue,
      "name": "\(denial.name)", "type": "\(denial.type)", "proven": denial.isProven,
      "optOut": denial.isOptOut, "exceedsIterationLimit": denial.exceedsIterationLimit,
      "steps": denial.steps, "rrsets": denial.rrsets.map(json),
    ]
    if let problem = denial.problem { object["problem"] = problem }
    if let parameters = denial.nsec3Parameters {
      object["nsec3"] = [
        "hashAlgorithm": Int(parameters.hashAlgorithm), "iterations": Int(parameters.iterations),
        "salt": Hex.encode(parameters.salt),
      ]
    }
    return object
  }
}
