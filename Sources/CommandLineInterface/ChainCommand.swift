import FoundationEssentials
import Lab
import ValidationCore

/// `danescope chain NAME [TYPE]`: the chain of trust from the trust anchor to NAME/TYPE, as a
/// tree (or `--json`), judged as of `--at TIME`, beside libunbound's verdict.
///
/// Exit status: 0 secure or insecure with no error finding, 1 an error-level finding (bogus, or
/// the engine and libunbound disagree), 2 usage error, 3 a lookup failed (indeterminate).
enum ChainCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    var question: (name: DNSName, type: RRType)
    let options: ChainOptions
    var resolverOptions: ResolverOptions
    do {
      question = try parseQuestion(arguments, at: Array(parsed.positionalPositions.dropFirst()))
      if parsed.has("--lab") {
        question.name = try LabSession.name(
          arguments[0], parsed: question.name, scope: .labZones,
          at: parsed.positionalPositions.dropFirst().first)
      }
      options = try parseOptions(parsed)
      resolverOptions = try ResolverOptions.parse(parsed)
    } catch {
      output.usageError(error)
      return .usage
    }
    var lab: RunningLab?
    defer { lab?.stop() }
    if parsed.has("--lab") {
      do {
        lab = try await LabSession.start(into: &resolverOptions, output: output)
      } catch {
        output.error(ArgumentText.echoed("danescope: could not start the lab: \(error)"))
        return .incomplete
      }
    }
    let resolver: UnboundResolver
    do {
      resolver = try resolverOptions.makeResolver(
        reportingTo: output, logFileArgument: parsed.position(of: "--log-file"))
    } catch {
      return error
    }
    let anchors: [ResourceRecord]
    do {
      anchors = try ChainTrustAnchors.records(for: resolver)
    } catch {
      output.error(ArgumentText.echoed("danescope: trust anchors: \(error.description)"))
      return .usage
    }
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: anchors, options: options)
    let upstream = await resolverOptions.upstreamFinding(through: resolver, trustAnchors: anchors)
    var report = await builder.build(name: question.name, type: question.type)
    if let upstream { report.findings.insert(upstream, at: 0) }
    if parsed.has("--json") {
      output.printJSON(report.jsonText())
    } else {
      output.print(ChainTextTree(ascii: TerminalLocale.drawsASCII(parsed)).render(report))
      if !options.comparesWithValidator {
        output.print("(--at given: libunbound judged as of now, so its verdict is not compared)")
      }
    }
    return exitCode(for: report)
  }

  static func exitCode(for report: ChainReport) -> ExitCode {
    let chains = [report] + report.cnameTargets
    if chains.contains(where: { $0.status == .indeterminate }) { return .incomplete }
    let findings = chains.flatMap(\.findings)
    return findings.contains { $0.worstSeverity == .error } ? .findings : .ok
  }

  /// `positions`: where each of `arguments` was on the command line, for the errors.
  static func parseQuestion(_ arguments: [String], at positions: [Int] = [2, 3]) throws(UsageError)
    -> (DNSName, RRType)
  {
    guard (1...2).contains(arguments.count) else {
      // The third word is the one too many; with none, no argument is at fault.
      throw UsageError(
        "chain takes a NAME and an optional TYPE (\(arguments.count) words given)",
        at: arguments.count > 2 ? positions.dropFirst(2).first : nil)
    }
    let name: DNSName
    do {
      name = try DNSName(arguments[0])
    } catch {
      throw UsageError(
        "'\(arguments[0])' is not a domain name: \(error.description)", at: positions.first)
    }
    guard arguments.count == 2 else { return (name, .a) }
    let typed = arguments[1]
    if let reason = refusal(typed.uppercased()) ?? RRType(mnemonic: typed).flatMap(refusal) {
      throw UsageError("chain cannot validate \(typed): \(reason)", at: positions.dropFirst().first)
    }
    guard let type = RRType(mnemonic: typed) else {
      throw UsageError(
        "'\(typed)' is not a record type (A, MX, TLSA, TYPE52, …)",
        at: positions.dropFirst().first)
    }
    return (name, type)
  }

  /// Query-only and pseudo types by name (RFC 6895 §3.1), which RRType does not spell out.
  private static let metaTypeNames: [String: UInt16] = [
    "TKEY": 249, "TSIG": 250, "IXFR": 251, "AXFR": 252, "MAILB": 253, "MAILA": 254,
  ]

  /// Why a type typed by name cannot be asked for as a validated RRset.
  private static func refusal(_ upperName: String) -> String? {
    metaTypeNames[upperName].flatMap { refusal(RRType(rawValue: $0)) }
  }

  /// Why `type` cannot be the question of a chain: it names no RRset a zone holds and signs.
  private static func refusal(_ type: RRType) -> String? {
    switch type.rawValue {
    case 0:
      return "type 0 is reserved and names no record (RFC 6895 §3.1); ask for a record type"
    case 41:
      return "OPT is an EDNS pseudo-record that exists only in a message, never in a zone"
        + " (RFC 6891 §6.1.1); ask for a record type"
    case 46:
      return "RRSIG records are signatures, not a signed RRset (RFC 4035 §2.2);"
        + " ask for the type they cover (chain shows its RRSIGs)"
    case 255:
      return "ANY is a query type, and servers may answer it with any subset of the records"
        + " (RFC 8482), so nothing can be proven complete or absent; ask for one type"
    case 128...254, 65535:
      return "type \(type.rawValue) is a query or meta type, not a record type kept in a zone"
        + " (RFC 6895 §3.1); ask for a record type (A, MX, TLSA, …)"
    default:
      return nil
    }
  }

  static func parseOptions(_ parsed: ParsedArguments) throws(UsageError) -> ChainOptions {
    var options = ChainOptions()
    if let text = parsed.value("--expiry-warning-days") {
      guard let days = DecimalNumber.integer(text, as: UInt16.self), days <= 3650 else {
        throw UsageError(
          "--expiry-warning-days: '\(text)' is not a number of days (0-3650)",
          at: parsed.position(of: "--expiry-warning-days"))
      }
      options.expiryWarningDays = Int(days)
    }
    if parsed.value("--at") != nil {
      options.clock = try TimeArgument.clock(parsed)
      options.comparesWithValidator = false
    }
    return options
  }
}
