import ValidationCore

/// The TLSA lookup `trace` makes when it has a name and no `--tlsa-record`: one query for
/// `_25._tcp.NAME` through the configured validating resolver, judged by `check`'s own rules
/// (TLSAResolution) and printed. Only a secure answer gives records; insecure or absent records
/// mean TLS without DANE, and a bogus or failed lookup is said plainly (a DANE sender would defer
/// delivery), never taken as "none".
///
/// It looks at the one name it is given: the CNAME rules of RFC 7672 §2.2.3 and the address
/// security that gates the lookup are `check`'s, which follows the whole MX policy.
enum TraceTLSALookup {
  /// The SMTP port TLSA records are published for (RFC 7672 §2.2.3), whatever port the trace
  /// connects to.
  static let servicePort: UInt16 = 25

  static func lookUp(_ name: DNSName, resolver: some Resolver, output: TextOutput) async
    -> TLSAResolution
  {
    guard let owner = try? name.prepending("_tcp").prepending("_\(servicePort)") else {
      output.print("tlsa: \(name) is too long for a TLSA owner name")
      return .failed(
        baseDomain: name, .indeterminate(reason: "the name is too long for a TLSA owner name"))
    }
    let (resolution, _) = await TLSAResolution.resolve(
      candidates: [name], port: servicePort, lookup: DANECheck.lookup(through: resolver))
    // Presentation form is printable ASCII already; the one sanitiser is not applied twice.
    let ownerText = owner.description
    switch resolution {
    case .failed(_, let security):
      let reason = security.reason ?? "no reason given"
      let message =
        "tlsa: \(ownerText) \(security.word) (\(reason)): a DANE sender"
        + " would defer delivery; tracing without DANE"
      output.print(SanitizedText(prose: message).text)
    case .insecure, .notQueried:
      output.print("tlsa: \(ownerText) insecure: TLS without DANE")
    case .secureAbsent:
      output.print("tlsa: \(ownerText) secure, no records: TLS without DANE")
    case .records(_, let assessed):
      output.print("tlsa: \(ownerText) secure, \(assessed.count) record(s)")
      for record in assessed {
        let judgement = record.unusableReason.map { "unusable: \($0)" } ?? "usable"
        output.print(SanitizedText(prose: "  \(record.record.zoneText) (\(judgement))").text)
      }
      if !assessed.contains(where: \.isUsable) {
        output.print("tlsa: nothing usable: TLS is mandatory but unauthenticated")
      }
    }
    return resolution
  }
}
