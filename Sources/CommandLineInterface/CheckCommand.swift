import FoundationEssentials
import Lab
import ValidationCore

/// `danescope check DOMAIN [--json]`: the RFC 7672 check of one mail domain, the whole report as
/// text or JSON. Exit status: 0 nothing wrong, 1 an error-level finding, 2 usage or resolver
/// configuration error, 3 the check could not complete.
enum CheckCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    let settings: Settings
    do {
      settings = try Settings(arguments, parsed)
    } catch {
      output.usageError(error)
      return .usage
    }
    var lab: RunningLab?
    defer { lab?.stop() }
    var options = settings.resolver
    if settings.useLab {
      do {
        lab = try await LabSession.start(into: &options, output: output)
      } catch {
        output.error(ArgumentText.echoed("danescope: could not start the lab: \(error)"))
        return .incomplete
      }
    }
    let resolver: UnboundResolver
    do {
      resolver = try options.makeResolver(
        reportingTo: output, logFileArgument: parsed.position(of: "--log-file"))
    } catch {
      return error
    }
    var check = DANECheck(
      lookup: DANECheck.lookup(through: resolver),
      probe: DANECheck.liveProbe(clock: settings.clock), clock: settings.clock)
    if let lab {
      check.endpoints = lab.endpoints.mapValues { .init(address: $0.address, port: $0.port) }
    }
    // With --at the policy judges DNSSEC as of TIME too (Docs/Decisions.md), and libunbound's
    // verdicts of now are not compared with the engine's.
    let isAtOtherTime = parsed.value("--at") != nil
    // Read once: the chain engine and the upstream check start from the same anchors.
    let anchors = Result { () throws(ChainTrustAnchors.Problem) in
      try ChainTrustAnchors.records(for: resolver)
    }
    let chainSummary = chainSummary(
      anchors, resolver: resolver, clock: settings.clock, comparesWithValidator: !isAtOtherTime,
      expiryWarningDays: settings.expiryWarningDays)
    if case .success(let builder) = chainSummary {
      check.chainOfTrust = { name, type in await builder.build(name: name, type: type) }
      // The summary and the walks to the hosts' other zones share one memo.
      check.zoneWalks = builder.sharingWalks()
    }
    check.judgesDNSSECAsOfClock = isAtOtherTime
    check.expiryWarningDays = settings.expiryWarningDays
    check.port = settings.port
    check.timeouts = settings.timeouts
    // The upstream check asks for the root DNSKEY set, which the check's first lookup needs
    // anyway: the two run together.
    async let upstreamCheck = options.upstreamFinding(
      through: resolver, trustAnchors: (try? anchors.get()) ?? [])
    var report = await check.run(domain: settings.domain)
    if let upstream = await upstreamCheck { report.findings.insert(upstream, at: 0) }
    if case .failure(let problem) = chainSummary {
      report.chainOfTrustLeftOut = ArgumentText.echoed(
        "the chain engine could not read the trust anchors: \(problem)")
    }
    if settings.json {
      output.printJSON(report.jsonText())
    } else {
      output.print(report.text)
    }
    return exitCode(for: report)
  }

  /// The chain engine for the report's chain summary, or why the trust anchors cannot be read
  /// (an anchor libunbound cannot read is already a resolver configuration error; one only the
  /// engine cannot read leaves the summary out, saying why, rather than stopping the check).
  static func chainSummary(
    _ readAnchors: Result<[ResourceRecord], ChainTrustAnchors.Problem>, resolver: UnboundResolver,
    clock: any Clock, comparesWithValidator: Bool = true, expiryWarningDays: Int = 7
  ) -> Result<ChainBuilder, ChainTrustAnchors.Problem> {
    let anchors: [ResourceRecord]
    switch readAnchors {
    case .success(let records): anchors = records
    case .failure(let problem): return .failure(problem)
    }
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: anchors,
      options: ChainOptions(
        clock: clock, expiryWarningDays: expiryWarningDays,
        comparesWithValidator: comparesWithValidator))
    return .success(builder)
  }

  static func exitCode(for report: DomainReport) -> ExitCode {
    if report.incompleteReason != nil { return .incomplete }
    if report.worstSeverity == .error { return .findings }
    return .ok
  }

  /// The command line of `check`, checked before anything starts.
  struct Settings {
    var domain: DNSName
    var json: Bool
    var useLab: Bool
    var port: UInt16
    var timeouts: ProbeTimeouts
    var resolver: ResolverOptions
    var clock: any Clock
    var expiryWarningDays: Int

    init(_ arguments: [String], _ parsed: ParsedArguments) throws(UsageError) {
      guard let text = arguments.first else { throw UsageError("check needs a DOMAIN") }
      guard arguments.count == 1 else {
        // The second word is the one too many.
        throw UsageError(
          "check takes one DOMAIN, not \(ArgumentText.quotedList(arguments))",
          at: parsed.positionalPositions.dropFirst(2).first)
      }
      // Where DOMAIN was typed (after `check` and any options before it).
      let place = parsed.positionalPositions.dropFirst().first
      let name: DNSName
      do {
        name = try MailDomain.parse(text)
      } catch {
        throw UsageError("'\(text)' is not a mail domain: \(error.description)", at: place)
      }
      json = parsed.has("--json")
      useLab = parsed.has("--lab")
      // Names compare without case (RFC 4343): the report, its TLSA owners and SNI use the
      // lowercase form, as the console does for the same name (ConsoleState.normalisedDomain).
      domain =
        (useLab
        ? try LabSession.name(
          text, parsed: name, scope: .mailDomain, at: place)
        : name).lowercased
      port = try ProbeOptions.port(parsed)
      timeouts = try ProbeOptions.timeouts(parsed)
      resolver = try ResolverOptions.parse(parsed)
      clock = try TimeArgument.clock(parsed)
      expiryWarningDays = try ChainCommand.parseOptions(parsed).expiryWarningDays
    }
  }
}
