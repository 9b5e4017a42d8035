import FoundationEssentials

/// Turns the signature reports of one RRset into findings: missing, invalid, expired, not yet
/// valid, expiring soon, TTL problems, algorithms left out, wildcard expansion. When another
/// signature over the same RRset still validates, the failed ones are warnings, not errors (one
/// valid path is enough, RFC 6840 §5.4).
struct SignatureFindings {
  let clock: any Clock
  let expiryWarning: TimeInterval

  func findings(for rrset: RRsetReport, zoneAlgorithms: Set<DNSSECAlgorithm>) -> [Finding] {
    let subject = rrset.key.description
    guard !rrset.signatures.isEmpty else {
      return [
        Finding(.rrsigMissing, subject: subject, evidence: [Evidence("type", "\(rrset.key.type)")])
      ]
    }
    let hasUsable = rrset.signatures.contains(where: \.isUsable)
    var out: [Finding] = []
    for signature in rrset.signatures {
      out += findings(for: signature, subject: subject, hasUsable: hasUsable)
    }
    out += ttlFindings(rrset, subject: subject)
    let signedAlgorithms = Set(rrset.signatures.map(\.rrsig.algorithm))
    for algorithm in zoneAlgorithms.subtracting(signedAlgorithms).sorted(by: {
      $0.rawValue < $1.rawValue
    }) {
      out.append(
        Finding(
          .rrsigMissingForAlgorithm, subject: subject,
          evidence: [Evidence("algorithm", "\(algorithm)")]))
    }
    if let wildcard = rrset.signatures.first(where: \.isWildcardExpansion) {
      out.append(
        Finding(
          .wildcardExpansion, subject: subject,
          evidence: [Evidence("labels", "\(wildcard.rrsig.labels)")]))
    }
    return out
  }

  private func findings(for signature: SignatureReport, subject: String, hasUsable: Bool)
    -> [Finding]
  {
    let rrsig = signature.rrsig
    // Built only when a finding needs it: most signatures are fine.
    var base: [Evidence] {
      [
        Evidence("key tag", "\(rrsig.keyTag)"), Evidence("algorithm", "\(rrsig.algorithm)"),
        Evidence("signer", "\(rrsig.signerName)"),
        Evidence("inception", ChainText.timestamp(signature.inception)),
        Evidence("expiration", ChainText.timestamp(signature.expiration)),
      ]
    }
    // A failure beside a signature that validates does not break the RRset.
    let failureSeverity: Severity? = hasUsable ? .warning : nil
    var out: [Finding] = []
    switch signature.verdict {
    case .invalid(let reason)?, .unusableKey(let reason)?:
      out.append(
        Finding(
          .rrsigInvalid, subject: subject, evidence: base + [Evidence("reason", reason)],
          severity: failureSeverity))
    case .unsupportedAlgorithm(let algorithm)?:
      out.append(
        Finding(
          .algorithmUnsupported, subject: subject, evidence: [Evidence("algorithm", "\(algorithm)")]
        ))
    case nil:
      let reason =
        "no DNSKEY of \(rrsig.signerName) has tag \(rrsig.keyTag) and algorithm \(rrsig.algorithm)"
      out.append(
        Finding(
          .rrsigInvalid, subject: subject, evidence: base + [Evidence("reason", reason)],
          severity: failureSeverity))
    case .valid?:
      break
    }
    switch signature.window {
    case .expired(let since):
      out.append(
        Finding(
          .rrsigExpired, subject: subject,
          evidence: base + [Evidence("expired since", ChainText.duration(since))],
          severity: failureSeverity))
    case .notYetValid:
      out.append(
        Finding(.rrsigNotYetValid, subject: subject, evidence: base, severity: failureSeverity))
    case .valid(let remaining):
      if remaining < expiryWarning && signature.verdict == .valid {
        out.append(
          Finding(
            .rrsigExpiringSoon, subject: subject,
            evidence: base + [Evidence("expires in", ChainText.duration(remaining))]))
      }
    }
    return out
  }

  private func ttlFindings(_ rrset: RRsetReport, subject: String) -> [Finding] {
    var out: [Finding] = []
    let ttl = rrset.ttl
    let highest = rrset.records.map(\.ttl).max() ?? 0
    if let rrsig = rrset.signatures.first(where: { highest > $0.rrsig.originalTTL })?.rrsig {
      out.append(
        Finding(
          .ttlAboveOriginal, subject: subject,
          evidence: [
            Evidence("ttl", "\(highest)"), Evidence("original ttl", "\(rrsig.originalTTL)"),
          ]))
    }
    // The latest expiry among the usable signatures is what keeps the RRset valid.
    let usable = rrset.signatures.filter(\.isUsable)
    if let latest = usable.map(\.expiration).max(),
      clock.now.addingTimeInterval(TimeInterval(ttl)) > latest
    {
      out.append(
        Finding(
          .ttlBeyondExpiration, subject: subject,
          evidence: [
            Evidence("ttl", "\(ttl)"), Evidence("expiration", ChainText.timestamp(latest)),
          ]))
    }
    return out
  }
}
