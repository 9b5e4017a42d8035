import FoundationEssentials

/// The JSON form of a report, as Docs/JSON.md documents it. The wire structs below are the
/// schema: one struct per JSON object, one stored property per key, named as the key. Each
/// lists its keys once more in `json`, the tree our own writer prints (`JSONValue`, D-report-6);
/// they stay `Encodable` so that tests can hold that writer to `JSONEncoder`'s bytes, and a test
/// checks that `json` names every stored property. Optional keys are left out when they do not
/// apply (documented per key).
extension DomainReport {
  /// The report as UTF-8 JSON, safe to print (`JSONTerminalSafety`).
  public func jsonData() -> Data {
    Data(jsonText().utf8)
  }

  /// The report as JSON text, safe to print (`JSONTerminalSafety`).
  public func jsonText() -> String {
    JSONTerminalSafety.escape(JSONReport(self).json.prettyText)
  }
}

struct JSONReport: Encodable {
  let schemaVersion = 2
  let domain: String
  let checkedAt: String
  let complete: Bool
  let incompleteReason: String?
  let chain: [JSONChainLink]
  let chainOfTrust: JSONChainOfTrust?
  let chainOfTrustLeftOut: String?
  let mx: JSONMX
  let findings: [JSONFinding]
  let worstSeverity: String?

  init(_ report: DomainReport) {
    domain = report.domain.description
    checkedAt = UTCTimestamp.text(report.checkedAt)
    complete = report.incompleteReason == nil
    incompleteReason = report.incompleteReason
    chain = report.chain.map(JSONChainLink.init)
    chainOfTrust = report.chainOfTrust.map(JSONChainOfTrust.init)
    chainOfTrustLeftOut = report.chainOfTrust == nil ? report.chainOfTrustLeftOut : nil
    mx = JSONMX(report.mx)
    findings = report.findings.map(JSONFinding.init)
    worstSeverity = report.worstSeverity?.description
  }

  var json: JSONValue {
    .fields([
      "schemaVersion": .int(schemaVersion),
      "domain": .string(domain),
      "checkedAt": .string(checkedAt),
      "complete": .bool(complete),
      "incompleteReason": incompleteReason.map(JSONValue.string),
      "chain": .array(chain.map(\.json)),
      "chainOfTrust": chainOfTrust?.json,
      "chainOfTrustLeftOut": chainOfTrustLeftOut.map(JSONValue.string),
      "mx": mx.json,
      "findings": .array(findings.map(\.json)),
      "worstSeverity": worstSeverity.map(JSONValue.string),
    ])
  }
}

struct JSONChainLink: Encodable {
  let name: String
  let type: String
  let status: String
  let reason: String?
  let answer: String

  init(_ link: ChainLink) {
    name = link.name.description
    type = link.type.description
    status = link.security.word
    reason = link.security.reason
    answer = link.answer
  }

  var json: JSONValue {
    .fields([
      "name": .string(name),
      "type": .string(type),
      "status": .string(status),
      "reason": reason.map(JSONValue.string),
      "answer": .string(answer),
    ])
  }
}

/// The zones from the trust anchor down to the MX RRset (the full chain is `danescope chain`).
struct JSONChainOfTrust: Encodable {
  struct Zone: Encodable {
    let name: String
    let status: String
    let reason: String?

    var json: JSONValue {
      .fields([
        "name": .string(name),
        "status": .string(status),
        "reason": reason.map(JSONValue.string),
      ])
    }
  }

  let name: String
  let type: String
  let status: String
  let reason: String?
  let zones: [Zone]

  init(_ report: ChainReport) {
    name = report.name.description
    type = report.type.description
    status = report.status.word
    reason = report.reason
    zones = report.zones.map {
      Zone(name: $0.name.description, status: $0.status.word, reason: $0.reason)
    }
  }

  var json: JSONValue {
    .fields([
      "name": .string(name),
      "type": .string(type),
      "status": .string(status),
      "reason": reason.map(JSONValue.string),
      "zones": .array(zones.map(\.json)),
    ])
  }
}

struct JSONMX: Encodable {
  let status: String
  let reason: String?
  let kind: String
  let hosts: [JSONHost]

  init(_ section: MXSection) {
    status = section.lookup.security.word
    reason = section.lookup.security.reason
    kind = section.resolution.kind
    hosts = section.hosts.map(JSONHost.init)
  }

  var json: JSONValue {
    .fields([
      "status": .string(status),
      "reason": reason.map(JSONValue.string),
      "kind": .string(kind),
      "hosts": .array(hosts.map(\.json)),
    ])
  }
}

struct JSONHost: Encodable {
  let name: String
  let preference: Int
  let implicit: Bool
  let addressStatus: String
  let addressReason: String?
  let expandedName: String?
  let addresses: [String]
  let tlsa: JSONTLSA
  let probes: [JSONProbe]
  let unprobed: JSONUnprobed?

  init(_ host: HostReport) {
    name = host.target.name.description
    preference = Int(host.target.preference)
    implicit = host.target.isImplicit
    addressStatus = host.addresses.security.word
    addressReason = host.addresses.security.reason
    expandedName = host.addresses.shownAliasTarget?.description
    addresses = host.addresses.addresses
    tlsa = JSONTLSA(host)
    probes = host.probes.map(JSONProbe.init)
    unprobed = host.unprobedVerdict.map { JSONUnprobed(verdict: $0.word, reason: $0.reason) }
  }

  var json: JSONValue {
    .fields([
      "name": .string(name),
      "preference": .int(preference),
      "implicit": .bool(implicit),
      "addressStatus": .string(addressStatus),
      "addressReason": addressReason.map(JSONValue.string),
      "expandedName": expandedName.map(JSONValue.string),
      "addresses": .array(addresses.map(JSONValue.string)),
      "tlsa": tlsa.json,
      "probes": .array(probes.map(\.json)),
      "unprobed": unprobed?.json,
    ])
  }
}

/// The verdict of a host with no address to probe (the text report's `(no address)` row).
struct JSONUnprobed: Encodable {
  let verdict: String
  let reason: String

  var json: JSONValue {
    .fields(["verdict": .string(verdict), "reason": .string(reason)])
  }
}

struct JSONTLSA: Encodable {
  /// Nil when TLSA was not looked up: no lookup, no status (`addressStatus` says what stopped
  /// it).
  let status: String?
  let queried: Bool
  let owner: String?
  let reason: String?
  let policy: String
  let records: [JSONTLSARecord]

  init(_ host: HostReport) {
    if case .notQueried = host.tlsa { queried = false } else { queried = true }
    status = queried ? host.tlsa.statusWord : nil
    // A secure denial at every candidate: the last owner denied, the MX host name's.
    owner = host.tlsaOwnersLookedUp.last?.description
    switch host.tlsa {
    case .failed(_, let security): reason = security.reason
    default: reason = nil
    }
    switch host.tlsa.tlsPolicy {
    case .daneAuthenticated: policy = "dane"
    case .mandatoryUnauthenticated: policy = "tls-required"
    case .opportunistic: policy = "opportunistic"
    case .deferred: policy = "deferred"
    }
    records = host.tlsaRecords.map {
      JSONTLSARecord(
        $0.record, matchedDepths: $0.matchedDepths,
        matchedAnchorNotSent: !$0.anchorNotSent.isEmpty,
        authenticationFailures: $0.authenticationFailures,
        authenticationFailuresAt: $0.authenticationFailuresAt.map(JSONAuthenticationFailure.init))
    }
  }

  var json: JSONValue {
    .fields([
      "status": status.map(JSONValue.string),
      "queried": .bool(queried),
      "owner": owner.map(JSONValue.string),
      "reason": reason.map(JSONValue.string),
      "policy": .string(policy),
      "records": .array(records.map(\.json)),
    ])
  }
}

struct JSONTLSARecord: Encodable {
  let usage: Int
  let selector: Int
  let matchingType: Int
  let data: String
  let text: String
  let usable: Bool
  let reason: String?
  let matchedDepths: [Int]
  let matchedAnchorNotSent: Bool
  let authenticationFailures: [String]
  let authenticationFailuresAt: [JSONAuthenticationFailure]

  init(
    _ assessed: AssessedTLSARecord, matchedDepths: [Int], matchedAnchorNotSent: Bool,
    authenticationFailures: [String], authenticationFailuresAt: [JSONAuthenticationFailure]
  ) {
    usage = Int(assessed.record.usage.rawValue)
    selector = Int(assessed.record.selector.rawValue)
    matchingType = Int(assessed.record.matchingType.rawValue)
    text = assessed.description
    data = String(text.split(separator: " ").last ?? "")
    usable = assessed.isUsable
    reason = assessed.unusableReason?.description
    self.matchedDepths = matchedDepths
    self.matchedAnchorNotSent = matchedAnchorNotSent
    self.authenticationFailures = authenticationFailures
    self.authenticationFailuresAt = authenticationFailuresAt
  }

  var json: JSONValue {
    .fields([
      "usage": .int(usage),
      "selector": .int(selector),
      "matchingType": .int(matchingType),
      "data": .string(data),
      "text": .string(text),
      "usable": .bool(usable),
      "reason": reason.map(JSONValue.string),
      "matchedDepths": .array(matchedDepths.map(JSONValue.int)),
      "matchedAnchorNotSent": .bool(matchedAnchorNotSent),
      "authenticationFailures": .array(authenticationFailures.map(JSONValue.string)),
      "authenticationFailuresAt": .array(authenticationFailuresAt.map(\.json)),
    ])
  }
}

/// One address at which a record matched and still authenticated nothing (schema version 2
/// added it beside `authenticationFailures`, whose strings stay as they were).
struct JSONAuthenticationFailure: Encodable {
  let address: String
  let port: Int
  let reason: String

  init(_ failure: TLSAAuthenticationFailure) {
    address = failure.address
    port = Int(failure.port)
    reason = failure.reason
  }

  var json: JSONValue {
    .fields(["address": .string(address), "port": .int(port), "reason": .string(reason)])
  }
}

struct JSONProbe: Encodable {
  let address: String
  let port: Int
  let verdict: String
  let reason: String
  let matchedRecord: String?
  let matchedDepth: Int?
  let matchedAnchorNotSent: Bool?
  let tls: String?
  let chain: [JSONCertificate]
  let trace: [JSONTraceLine]

  init(_ probe: ProbeReport) {
    address = probe.address
    port = Int(probe.port)
    verdict = probe.verdict.word
    reason = probe.reason
    if case .verified(let record, let depth, let isAnchorNotSent) = probe.verdict {
      matchedRecord = AssessedTLSARecord.presentation(record)
      matchedDepth = depth
      matchedAnchorNotSent = isAnchorNotSent
    } else {
      matchedRecord = nil
      matchedDepth = nil
      matchedAnchorNotSent = nil
    }
    tls = probe.observation?.tlsSummary
    chain = probe.observation?.chain.map(JSONCertificate.init) ?? []
    trace = probe.observation?.trace.map(JSONTraceLine.init) ?? []
  }

  var json: JSONValue {
    .fields([
      "address": .string(address),
      "port": .int(port),
      "verdict": .string(verdict),
      "reason": .string(reason),
      "matchedRecord": matchedRecord.map(JSONValue.string),
      "matchedDepth": matchedDepth.map(JSONValue.int),
      "matchedAnchorNotSent": matchedAnchorNotSent.map(JSONValue.bool),
      "tls": tls.map(JSONValue.string),
      "chain": .array(chain.map(\.json)),
      "trace": .array(trace.map(\.json)),
    ])
  }
}

struct JSONCertificate: Encodable {
  let depth: Int
  let subject: String
  let issuer: String
  let notAfter: String?
  let isCA: Bool

  init(_ certificate: ProbeObservation.PeerCertificate) {
    depth = certificate.depth
    subject = certificate.subject
    issuer = certificate.issuer
    notAfter = certificate.notAfter.map(UTCTimestamp.text)
    isCA = certificate.isCA
  }

  var json: JSONValue {
    .fields([
      "depth": .int(depth),
      "subject": .string(subject),
      "issuer": .string(issuer),
      "notAfter": notAfter.map(JSONValue.string),
      "isCA": .bool(isCA),
    ])
  }
}

struct JSONTraceLine: Encodable {
  let ms: Int
  let kind: String
  let text: String

  init(_ line: ProbeObservation.TraceLine) {
    ms = line.milliseconds
    kind = line.kind
    text = line.text
  }

  var json: JSONValue {
    .fields(["ms": .int(ms), "kind": .string(kind), "text": .string(text)])
  }
}

struct JSONFinding: Encodable {
  let code: String
  let severity: String
  let subject: String
  let summary: String
  let evidence: [JSONEvidence]
  let consequences: [JSONFinding]

  init(_ finding: Finding) {
    code = finding.code.rawValue
    severity = finding.severity.description
    subject = finding.subject
    summary = finding.summary
    evidence = finding.evidence.map { JSONEvidence(label: $0.label, value: $0.value) }
    consequences = finding.consequences.map(JSONFinding.init)
  }

  var json: JSONValue {
    .fields([
      "code": .string(code),
      "severity": .string(severity),
      "subject": .string(subject),
      "summary": .string(summary),
      "evidence": .array(evidence.map(\.json)),
      "consequences": .array(consequences.map(\.json)),
    ])
  }
}

struct JSONEvidence: Encodable {
  let label: String
  let value: String

  var json: JSONValue {
    .fields(["label": .string(label), "value": .string(value)])
  }
}
