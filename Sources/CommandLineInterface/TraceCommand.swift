import ValidationCore

/// `danescope trace HOST[:PORT] [--tlsa-name NAME] [--tlsa-record "U S M HEX"]…`: one STARTTLS
/// handshake, streamed as it happens, then a one-line result. Everything the server sent is
/// sanitised before it is printed.
enum TraceCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    var request: ProbeRequest
    var resolverOptions: ResolverOptions?
    do throws(UsageError) {
      guard arguments.count == 1 else {
        throw UsageError("trace needs exactly one HOST[:PORT], got \(arguments.count)")
      }
      let server = try ServerAddress(
        arguments[0], defaultPort: try ProbeOptions.port(parsed), argument: 2)
      let name = try ProbeOptions.tlsaName(parsed, server: server)
      let records = try ProbeOptions.records(parsed)
      if name == nil && !records.isEmpty {
        throw UsageError("--tlsa-record needs --tlsa-name when HOST is an address")
      }
      // With a name and no records given, the records come from DNS.
      if name != nil && records.isEmpty { resolverOptions = try ResolverOptions.parse(parsed) }
      let addresses: [String]
      switch server.addresses(timeout: try ProbeOptions.timeouts(parsed).connect) {
      case .success(let found): addresses = found
      case .failure(let error):
        output.error(SanitizedText(prose: "danescope: \(error)").text)
        return .incomplete
      }
      if case .name(let host) = server.host {
        output.print(
          "\(SanitizedText(host.description)) has \(addresses.joined(separator: ", "));"
            + " tracing \(addresses[0])")
      }
      request = ProbeRequest(
        host: server.displayName, address: addresses[0], port: server.port, tlsaBaseDomain: name,
        usableRecords: records, timeouts: try ProbeOptions.timeouts(parsed))
    } catch {
      output.error(error.description)
      output.error("Try 'danescope --help'.")
      return .usage
    }
    var lookupFailed = false
    if let resolverOptions, let name = request.tlsaBaseDomain {
      let resolver: UnboundResolver
      do {
        resolver = try resolverOptions.makeResolver()
      } catch {
        output.error(ResolverOptions.describe(error))
        return .usage
      }
      let outcome = await TraceTLSALookup.lookUp(name, resolver: resolver, output: output)
      request.usableRecords = outcome.records
      lookupFailed = outcome.hasFailed
    }
    let result = await SMTPProbe.run(request) { event in
      for line in TraceEventText.format(event) { output.print(SanitizedText(prose: line).text) }
    }
    output.print(SanitizedText(prose: summary(result)).text)
    let hasError = result.findings.contains { $0.worstSeverity == .error }
    return hasError || lookupFailed ? .findings : .ok
  }

  /// The result in one line.
  static func summary(_ result: ProbeResult) -> String {
    let tls = startTLSSummary(result)
    let dane: String
    switch result.dane {
    case .verified(let record, let depth):
      dane = "DANE verified by \(record.zoneText) at depth \(depth)"
    case .failed: dane = "DANE not authenticated"
    case .notAttempted(.noUsableRecords):
      dane = result.startTLS.isEstablished ? "without DANE (no TLSA records)" : "no DANE"
    case .notAttempted(.noTLSSession): dane = "no DANE"
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
    case .established(let parameters): tls = "TLS \(parameters.version) established"
    }
    return tls
  }
}
