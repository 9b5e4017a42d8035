import FoundationEssentials

/// RRSIG_EXPIRING_SOON for the RRsets the check acts on (MX, A, AAAA, a host's CNAME, TLSA):
/// libunbound has validated them already, so what is left to say is how long the newest
/// signature over each still lasts. (The chain summary says the same of the DNSKEY and DS sets
/// above the MX.)
enum ExpiryAdvice {
  static func findings(for lookups: [RRsetLookup], clock: any Clock, warningDays: Int)
    -> [Finding]
  {
    let judge = SignatureJudge(clock: clock)
    let warning = TimeInterval(warningDays) * 86_400
    var out: [Finding] = []
    for lookup in lookups where lookup.security == .secure && !lookup.answers.isEmpty {
      let owner = lookup.expandedName
      let signatures = lookup.records.compactMap { record -> RRSIGData? in
        guard record.name == owner, case .rrsig(let rrsig) = record.rdata,
          rrsig.typeCovered == lookup.type
        else { return nil }
        return rrsig
      }
      let valid = signatures.compactMap { rrsig -> (RRSIGData, Date, Date, TimeInterval)? in
        let (inception, expiration, window) = judge.window(rrsig)
        guard case .valid(let remaining) = window else { return nil }
        return (rrsig, inception, expiration, remaining)
      }
      guard let (rrsig, inception, expiration, remaining) = valid.max(by: { $0.3 < $1.3 }),
        remaining < warning
      else { continue }
      out.append(
        Finding(
          .rrsigExpiringSoon, subject: RRSetKey(name: owner, type: lookup.type).description,
          evidence: [
            Evidence("key tag", "\(rrsig.keyTag)"), Evidence("algorithm", "\(rrsig.algorithm)"),
            Evidence("signer", "\(rrsig.signerName)"),
            Evidence("inception", ChainText.timestamp(inception)),
            Evidence("expiration", ChainText.timestamp(expiration)),
            Evidence("expires in", ChainText.duration(remaining)),
          ]))
    }
    return out
  }
}
