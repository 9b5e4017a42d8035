import FoundationEssentials
import ValidationCore

/// `danescope trace HOST[:PORT] [--tlsa-name NAME] [--tlsa-record "U S M HEX"]…`: one STARTTLS
/// handshake, streamed as it happens, then the verdict `check` would give the address (its
/// finding, if it has one) and a one-line result. Everything the server sent is sanitised before
/// it is printed.
enum TraceCommand {
  /// `clock`: when the server's certificates are judged, by OpenSSL and in the `valid` lines,
  /// unless `--at TIME` says when (read as `check` reads it). The DNS answers are validated by
  /// libunbound as of now either way.
  static func run(
    _ arguments: [String], _ parsed: ParsedArguments, output: TextOutput,
    clock: any Clock = SystemClock()
  ) async -> ExitCode {
    var request: ProbeRequest
    var resolverOptions: ResolverOptions?
    /// HOST is a name and a resolver will be made: HOST is resolved there, with the TLSA lookup.
    var resolvesHostThroughResolver = false
    let judgingClock: any Clock
    do throws(UsageError) {
      judgingClock = try TimeArgument.clock(parsed, else: clock)
      guard arguments.count == 1 else {
        // A second HOST is the argument at fault; with none, no argument is.
        throw UsageError(
          "trace needs exactly one HOST[:PORT], got \(arguments.count)",
          at: parsed.positionalPositions.dropFirst(2).first)
      }
      let hostArgument = parsed.positionalPositions.dropFirst().first ?? 2
      let server = try ProbeOptions.server(arguments[0], parsed, argument: hostArgument)
      let name = try ProbeOptions.tlsaName(parsed, server: server, hostArgument: hostArgument)
      let records = try ProbeOptions.records(parsed)
      if name == nil && !records.isEmpty {
        throw UsageError(
          "--tlsa-record needs --tlsa-name when HOST is an address",
          at: parsed.position(of: "--tlsa-record"))
      }
      // With a name and no records given, the records come from DNS; otherwise no resolver is
      // made, and options for one (its log file too: only libunbound writes there) would be
      // silently ignored.
      if name != nil && records.isEmpty {
        resolverOptions = try ResolverOptions.parse(parsed)
      } else if let (unused, place) = CommandOptions.firstGiven(
        CommandOptions.resolverOnly, parsed)
      {
        let why =
          records.isEmpty
          ? "trace looks TLSA up only for a name (HOST a name, or --tlsa-name)"
          : "trace does not look TLSA up when --tlsa-record gives the records"
        throw UsageError(
          "\(unused) has no effect here: \(why)", at: place)
      }
      let timeouts = try ProbeOptions.timeouts(parsed)
      if parsed.value("--at") != nil {
        output.print(asOfLine(judgingClock.now, looksUp: resolverOptions != nil))
      }
      // A host name is resolved by the validating resolver when trace has one (below, with the
      // TLSA lookup), so that the address comes from where the options say; without one (an
      // address, or records given), by the system's resolver.
      var addresses: [String] = []
      resolvesHostThroughResolver = resolverOptions != nil && server.isName
      if !resolvesHostThroughResolver {
        switch server.addresses(timeout: timeouts.connect) {
        case .success(let found): addresses = found
        case .failure(let error):
          output.error(ArgumentText.echoed("danescope: \(error)"))
          return .incomplete
        }
        // A literal that is never a destination was refused above; a name's such addresses
        // are skipped, and with nothing else the name is not traced.
        let destinations = DestinationAddresses(addresses)
        if case .name(let host) = server.host {
          guard let first = destinations.usable.first else {
            output.print(
              "\(SanitizedText(host.description)) has \(addresses.joined(separator: ", "))")
            return destinations.stopTrace(host: host, output: output)
          }
          output.print(
            "\(SanitizedText(host.description)) has \(addresses.joined(separator: ", "));"
              + " tracing \(first)")
          for line in destinations.skippedLines { output.print(line) }
        }
        addresses = destinations.usable
      }
      request = ProbeRequest(
        host: server.displayName, address: addresses.first ?? "", port: server.port,
        tlsaBaseDomain: name, usableRecords: records, timeouts: timeouts)
    } catch {
      output.usageError(error)
      return .usage
    }
    // The TLSA records and the policy they set, as `check` has them: given on the command
    // line, looked up, or none (no name: opportunistic TLS).
    var tlsa: TLSAResolution?
    let givenName = request.tlsaBaseDomain
    if let name = request.tlsaBaseDomain, !request.usableRecords.isEmpty {
      tlsa = .records(baseDomain: name, request.usableRecords.map(AssessedTLSARecord.init))
    }
    var resolved: HostReport?
    if let resolverOptions, let name = request.tlsaBaseDomain {
      let outcome = await lookUp(
        name, into: &request, options: resolverOptions,
        resolvesHost: resolvesHostThroughResolver,
        logFileArgument: parsed.position(of: "--log-file"), output: output)
      switch outcome {
      case .stop(let code): return code
      case .resolved(let host):
        resolved = host
        tlsa = host.tlsa
      }
    }
    // Once the output cannot be written, the trace has no reader: the probe stops there.
    // One instant for OpenSSL's verification and the `valid` lines' marks.
    let judgedAt = FixedClock(judgingClock.now)
    let context = TraceEventText.Context(
      now: judgedAt.now, usableRecords: request.usableRecords,
      noRecordsReason: noRecordsReason(tlsa, resolved: resolved))
    let result = await SMTPProbe.run(
      request, clock: judgedAt,
      events: { event in
        for line in TraceEventText.format(event, context: context) {
          output.print(SanitizedText(prose: line).text)
        }
      },
      stopAfterEvent: { output.hasFailed })
    return judge(result, tlsa: tlsa, host: givenName, resolved: resolved, output: output)
  }

  /// The first line of a trace with `--at TIME`: what is judged as of TIME (the certificates'
  /// dates, by OpenSSL's verification and on the `valid` lines) and what is not: the connection
  /// runs now and, when trace looks TLSA up (`looksUp`), libunbound validates the DNS answers as
  /// of now (unlike `check`, whose chain engine judges DNSSEC as of TIME too).
  static func asOfLine(_ time: Date, looksUp: Bool) -> String {
    "Judged as of \(UTCTimestamp.text(time)) (--at): the certificates' validity, by OpenSSL's"
      + " verification and on the valid lines; the connection runs now"
      + (looksUp ? ", and libunbound validates the DNS answers as of now." : ".")
  }

  /// What the lookups through the validating resolver decided: trace, with the host as `check`
  /// resolves it, or stop with this exit status (nothing to connect to).
  enum LookupOutcome {
    case resolved(HostReport)
    case stop(ExitCode)
  }

  /// Resolves `name` as `check` resolves an MX host and puts its records and reference names in
  /// `request`. When HOST is a name (`resolvesHost`), its address comes from the same resolver:
  /// a bogus or failed address lookup defers, as in `check` (a DANE sender does not connect,
  /// RFC 7672 §2.2.2), and a name without addresses leaves nothing to trace.
  static func lookUp(
    _ name: DNSName, into request: inout ProbeRequest, options: ResolverOptions,
    resolvesHost: Bool, logFileArgument: Int? = nil, output: TextOutput
  ) async -> LookupOutcome {
    let resolver: UnboundResolver
    do {
      resolver = try options.makeResolver(reportingTo: output, logFileArgument: logFileArgument)
    } catch {
      return .stop(error)
    }
    let hostName = request.host
    // HOST other than the TLSA name: where to connect is known before TLSA is looked up.
    var hostAddresses: HostAddresses?
    if resolvesHost && hostName != name {
      let addresses = await TraceTLSALookup.addresses(
        of: hostName, resolver: resolver, output: output)
      if let stop = stopUnlessConnectable(addresses, output: output) { return .stop(stop) }
      hostAddresses = addresses
    }
    // The names and records `check` would use for this host: after a CNAME, the expanded
    // name is the base domain and the name given one more reference identifier.
    let host = await TraceTLSALookup.lookUp(
      name, resolver: resolver, output: output, isHost: resolvesHost && hostName == name)
    request.tlsaBaseDomain = host.tlsaBaseDomain
    request.additionalReferenceNames = host.otherReferenceNames()
    request.usableRecords = host.tlsa.usableRecords
    guard resolvesHost else { return .resolved(host) }
    let addresses = hostAddresses ?? host.addresses
    if hostAddresses == nil, let stop = stopUnlessConnectable(addresses, output: output) {
      return .stop(stop)
    }
    // HOST is a name: connect where the validating resolver says it is, never to an address
    // that is no destination (DestinationAddresses).
    let found = addresses.addresses
    let destinations = DestinationAddresses(found)
    let has = "\(hostName) has \(found.joined(separator: ", ")) (through the resolver)"
    guard let first = destinations.usable.first else {
      output.print(SanitizedText(prose: has).text)
      return .stop(destinations.stopTrace(host: hostName, output: output))
    }
    output.print(SanitizedText(prose: has + "; tracing \(first)").text)
    for line in destinations.skippedLines { output.print(SanitizedText(prose: line).text) }
    request.address = first
    return .resolved(host)
  }

  /// The exit status when HOST's addresses leave nothing to connect to, after saying why; nil
  /// when there is an address. A failed lookup is `check`'s deferral (its finding, exit 1),
  /// never "no address"; a name that does not exist or has no addresses cannot be traced.
  static func stopUnlessConnectable(_ addresses: HostAddresses, output: TextOutput) -> ExitCode? {
    if let failure = addresses.failureFinding {
      output.print(
        SanitizedText(prose: "\(failure.severity) \(failure.code): \(failure.summary)").text)
      let reason = deferredReason(.notQueried(addressSecurity: addresses.security))
      output.print(SanitizedText(prose: "result: not connected, delivery deferred: \(reason)").text)
      return .findings
    }
    guard addresses.addresses.isEmpty else { return nil }
    let why =
      addresses.isNoSuchName
      ? "does not exist (\(TraceTLSALookup.noSuchNameProof(addresses)))"
      : "has no A or AAAA records"
    output.error(ArgumentText.echoed("danescope: \(addresses.host) \(why): nothing to trace"))
    return .incomplete
  }

  /// `check`'s decision for the one address traced (RFC 7672 §2.2), printed as the finding
  /// `check` gives it (about `host`, the name given, as `check` names the MX host) and the result
  /// line; exit 1 where a DANE sender would not deliver or an error was seen.
  static func judge(
    _ result: ProbeResult, tlsa: TLSAResolution?, host: DNSName?, resolved: HostReport? = nil,
    output: TextOutput
  ) -> ExitCode {
    let request = result.request
    let policy = tlsa?.tlsPolicy ?? .opportunistic
    let observation = ProbeObservation(result: result, events: [])
    let verdict = DANEVerdict.decide(
      policy: policy, deferredReason: tlsa.map(deferredReason) ?? "", probe: observation)
    // Without a name there is no MX host for a policy finding to be about: the probe's own
    // finding (SMTP_STARTTLS_NOT_OFFERED) already says what PLAINTEXT_ONLY would.
    var finding = host.flatMap { name in
      verdict.finding(
        host: name.description, address: request.address, policy: policy,
        observation: observation)
    }
    // MX_UNREACHABLE would only repeat the probe's own finding (SMTP_UNREACHABLE, …).
    if finding?.code.rawValue == "MX_UNREACHABLE" { finding = nil }
    // A deferred host: the failed lookup, as `check` reports it (ADDRESS_BOGUS, TLSA_BOGUS,
    // LOOKUP_FAILED).
    if policy == .deferred { finding = resolved?.deferralFinding }
    // Verified, but only by an anchor the server did not send: check's warning (RFC 7672
    // §3.1.2).
    if let name = host, finding == nil {
      finding = verdict.anchorNotSentFinding(host: name.description, address: request.address)
    }
    if let finding {
      output.print(
        SanitizedText(prose: "\(finding.severity) \(finding.code): \(finding.summary)").text)
    }
    output.print(
      SanitizedText(prose: summary(result, verdict: verdict, tlsa: tlsa, resolved: resolved))
        .text)
    let findings = result.findings + (finding.map { [$0] } ?? [])
    // A probe stopped before its end (its output has no reader) judged nothing.
    if case .incomplete = verdict { return .incomplete }
    let hasError = findings.contains { $0.worstSeverity == .error }
    return hasError || policy == .deferred ? .findings : .ok
  }

  /// Why a DANE sender would not connect: the TLSA lookup, or the address lookup before it,
  /// failed.
  static func deferredReason(_ tlsa: TLSAResolution) -> String {
    tlsa.failedLookupReason(port: TraceTLSALookup.servicePort)
  }

  /// Why the probe had no usable records, for its `dane:` line (`TLSAResolution`'s reason, the
  /// one the console's Handshake pane gives too); nil with no TLSA name (the probe knows that).
  static func noRecordsReason(_ tlsa: TLSAResolution?, resolved: HostReport? = nil) -> String? {
    tlsa?.noRecordsReason(resolved: resolved, port: TraceTLSALookup.servicePort)
  }

  /// The result in one line: how far STARTTLS got, then the verdict `check` would give.
  static func summary(
    _ result: ProbeResult, verdict: DANEVerdict, tlsa: TLSAResolution?,
    resolved: HostReport? = nil
  ) -> String {
    let tls = startTLSSummary(result)
    let dane: String
    switch verdict {
    case .verified(let record, let depth, let isAnchorNotSent):
      let place = TLSAMatcher.place(of: record, depth: depth, isAnchorNotSent: isAnchorNotSent)
      dane = "DANE verified by \(record.zoneText) at \(place)"
    case .failed(let reason):
      dane = "DANE failed: \(reason)"
    case .tlsUnauthenticated:
      dane = "not authenticated: a secure TLSA set with no usable record makes TLS mandatory"
    case .noDANE:
      var why = "no TLSA records"
      if tlsa == nil { why = "no TLSA name, nothing looked up" }
      if case .insecure? = tlsa { why = "TLSA records not secure" }
      if case .notQueried(let security)? = tlsa {
        why =
          security == .insecure
          ? "address records not secure, TLSA not looked up"
          : "no addresses, TLSA not looked up"
        if let resolved, resolved.addresses.isNoSuchName {
          why = "\(resolved.target.name) does not exist, TLSA not looked up"
        }
      }
      dane = "without DANE (\(why))"
    case .deferred(let reason):
      dane = "delivery deferred: \(reason)"
    case .unreachable:
      dane = "DANE not checked"
    case .incomplete:
      dane = "incomplete: the probe was stopped"
    }
    return "result: \(tls), \(dane)"
  }

  /// How far STARTTLS got: `STARTTLS refused with 454`, `TLS TLSv1.3 established`.
  static func startTLSSummary(_ result: ProbeResult) -> String {
    let tls: String
    switch result.startTLS {
    case .unreachable(let failure): tls = "unreachable (\(failure))"
    case .greetingRefused(let code): tls = "greeting refused with \(code)"
    case .ehloRejected(let code): tls = "EHLO rejected with \(code)"
    case .notOffered: tls = "STARTTLS not offered"
    case .refused(let code): tls = "STARTTLS refused with \(code)"
    case .handshakeFailed(let reason): tls = "TLS handshake failed (\(reason))"
    case .dialogueFailed(let step, let failure): tls = "failed during \(step) (\(failure))"
    case .established(let parameters):
      tls =
        "TLS \(parameters.version) established"
        + (result.secureEHLOFailure.map { " but EHLO over TLS failed (\($0))" } ?? "")
    }
    return tls
  }
}
