import ValidationCore

/// The DNS lookups `trace` makes when it has a name and no `--tlsa-record`: the name is resolved
/// as `check` resolves an MX host (DANECheck.resolveHost), through the configured validating
/// resolver, and what was done is printed. Its A and AAAA records first: TLSA is looked up only
/// when they are secure (RFC 7672 §2.2.2). When the name is an alias, TLSA at the CNAME-expanded
/// name first, then at the name as given (RFC 7672 §2.2.2, §2.2.3, RFC 7671 §7). Only a secure
/// answer gives records; insecure or absent records mean TLS without DANE, and a bogus or failed
/// lookup is said plainly (a DANE sender would defer delivery), never taken as "none".
///
/// The addresses are looked up for their security and CNAME only: the trace connects where
/// HOST says.
enum TraceTLSALookup {
  /// The SMTP port TLSA records are published for (RFC 7672 §2.2.3), whatever port the trace
  /// connects to.
  static let servicePort: UInt16 = 25

  /// `isHost`: the trace connects to `name` itself (HOST is this name), so a name with no
  /// address to trust leaves nothing to trace; otherwise the address HOST gives is traced.
  static func lookUp(
    _ name: DNSName, resolver: some Resolver, output: TextOutput, isHost: Bool = false
  ) async -> HostReport {
    let host = await DANECheck.resolveHost(
      MXTarget(name: name, preference: 0), lookup: DANECheck.lookup(through: resolver))
    printAddresses(host, output: output)
    if case .notQueried(let security) = host.tlsa {
      printNotQueried(host, security: security, isHost: isHost, output: output)
      return host
    }
    // Every TLSA lookup but the last found nothing secure and moved on to the next name.
    for (attempt, next) in zip(host.tlsaLookups, host.tlsaLookups.dropFirst()) {
      let what = attempt.security == .secure ? "secure, no records" : attempt.security.word
      output.print(SanitizedText(prose: "tlsa: \(attempt.name) \(what); trying \(next.name)").text)
    }
    printResolution(host, output: output)
    var names = "names: \(host.tlsaBaseDomain) is the TLSA base domain (SNI, name checks)"
    let others = host.otherReferenceNames()
    if !others.isEmpty {
      names += "; also accepted: " + others.map(\.description).joined(separator: ", ")
    }
    output.print(SanitizedText(prose: names).text)
    return host
  }

  /// HOST's addresses through the validating resolver, when HOST is not the TLSA name: what
  /// the answers hold, insecure ones included (as for any opportunistic connection), never a
  /// bogus or failed one's (the caller defers on those).
  static func addresses(of host: DNSName, resolver: some Resolver, output: TextOutput) async
    -> HostAddresses
  {
    let lookup = DANECheck.lookup(through: resolver)
    async let ipv4 = lookup(host, .a)
    async let ipv6 = lookup(host, .aaaa)
    let addresses = HostAddresses(host: host, ipv4: await ipv4, ipv6: await ipv6)
    printAddresses(addresses, output: output)
    return addresses
  }

  /// `address: NAME (alias of TARGET) A secure, AAAA secure: 192.0.2.1`.
  private static func printAddresses(_ host: HostReport, output: TextOutput) {
    printAddresses(host.addresses, output: output)
  }

  private static func printAddresses(_ addresses: HostAddresses, output: TextOutput) {
    var line = "address: \(addresses.host)"
    if let expanded = addresses.expandedName { line += " (CNAME to \(expanded))" }
    line += " A \(addresses.ipv4.security.word), AAAA \(addresses.ipv6.security.word)"
    let found = addresses.addresses
    if !found.isEmpty {
      line += ": " + found.joined(separator: ", ")
    } else if addresses.security.isFailure {
      // A failed lookup is not "no addresses": the answer, if any, cannot be used.
      line += ": no usable answer"
    } else if addresses.isNoSuchName {
      line += ": the name does not exist (\(noSuchNameProof(addresses)))"
    } else {
      line += ": no addresses"
    }
    output.print(SanitizedText(prose: line).text)
  }

  /// How sure the NXDOMAIN is, in the words of MX_HOST_NOT_FOUND: DNSSEC proves it, or not.
  static func noSuchNameProof(_ addresses: HostAddresses) -> String {
    "NXDOMAIN, "
      + FindingCatalog.noSuchNameProof(addresses.security, optOutZone: addresses.optOutZone)
  }

  /// TLSA was not looked up: the address records are not secure, or there are none. When the
  /// name is HOST itself, such a name is not traced (TraceCommand says why); otherwise the
  /// address HOST gives is traced without DANE.
  private static func printNotQueried(
    _ host: HostReport, security: RRsetLookup.Security, isHost: Bool, output: TextOutput
  ) {
    let name = host.target.name
    let message: String
    switch security {
    case .bogus, .indeterminate:
      message =
        "tlsa: not looked up: the address lookup of \(name) is \(security.word)"
        + " (\(security.reason ?? "no reason given")): a DANE sender would defer delivery"
        + (isHost ? " and not connect" : "; tracing without DANE")
    case .insecure where !host.addresses.addresses.isEmpty:
      message =
        "tlsa: not looked up: the addresses of \(name) are insecure (RFC 7672 §2.2.2):"
        + " TLS without DANE"
    case .secure, .insecure:
      let what = host.addresses.isNoSuchName ? "does not exist" : "has no addresses"
      message =
        "tlsa: not looked up: \(name) \(what), so no sender would connect to it"
        + (isHost ? "" : "; tracing without DANE")
    }
    output.print(SanitizedText(prose: message).text)
  }

  /// The last TLSA lookup, which decided: its records, none, or its failure.
  private static func printResolution(_ host: HostReport, output: TextOutput) {
    // Presentation form is printable ASCII already; the one sanitiser is not applied twice.
    let ownerText = host.tlsaLookups.last.map(\.name.description) ?? "(none)"
    switch host.tlsa {
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
  }
}
