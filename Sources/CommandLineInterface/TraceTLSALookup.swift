import ValidationCore

/// The TLSA lookup `trace` makes when it has a name and no `--tlsa-record`: one query for
/// `_25._tcp.NAME` through the configured validating resolver, printed as it is judged. Only a
/// secure answer gives records; insecure or absent records mean TLS without DANE, and a bogus or
/// failed lookup is said plainly (a DANE sender would defer delivery), never taken as "none".
///
/// It looks at the one name it is given: the CNAME rules of RFC 7672 §2.2.3 and the address
/// security that gates the lookup are `check`'s, which follows the whole MX policy.
enum TraceTLSALookup {
  struct Outcome {
    /// The usable records to hand to the probe.
    var records: [TLSAData]
    /// True when the lookup failed (bogus or indeterminate).
    var hasFailed: Bool
  }

  /// The SMTP port TLSA records are published for (RFC 7672 §2.2.3), whatever port the trace
  /// connects to.
  static let servicePort: UInt16 = 25

  static func lookUp(_ name: DNSName, resolver: some Resolver, output: TextOutput) async
    -> Outcome
  {
    guard let owner = try? name.prepending("_tcp").prepending("_\(servicePort)") else {
      output.print("tlsa: \(SanitizedText(name.description)) is too long for a TLSA owner name")
      return Outcome(records: [], hasFailed: true)
    }
    let answer = await resolver.query(owner, .tlsa)
    let ownerText = SanitizedText(owner.description).text
    switch answer.status {
    case .bogus(let reason), .indeterminate(let reason):
      let message =
        "tlsa: \(ownerText) \(answer.status.word) (\(SanitizedText(reason))): a DANE sender"
        + " would defer delivery; tracing without DANE"
      output.print(SanitizedText(prose: message).text)
      return Outcome(records: [], hasFailed: true)
    case .insecure:
      output.print("tlsa: \(ownerText) insecure: TLS without DANE")
      return Outcome(records: [], hasFailed: false)
    case .secure:
      let assessed: [AssessedTLSARecord] = answer.records(ofType: .tlsa).compactMap {
        if case .tlsa(let data) = $0.rdata { return AssessedTLSARecord(data) }
        return nil
      }
      guard !assessed.isEmpty else {
        output.print("tlsa: \(ownerText) secure, no records: TLS without DANE")
        return Outcome(records: [], hasFailed: false)
      }
      output.print("tlsa: \(ownerText) secure, \(assessed.count) record(s)")
      for record in assessed {
        let judgement = record.unusableReason.map { "unusable: \($0)" } ?? "usable"
        output.print(SanitizedText(prose: "  \(record.record.zoneText) (\(judgement))").text)
      }
      if !assessed.contains(where: \.isUsable) {
        output.print("tlsa: nothing usable: TLS is mandatory but unauthenticated")
      }
      return Outcome(records: assessed.filter(\.isUsable).map(\.record), hasFailed: false)
    }
  }
}
