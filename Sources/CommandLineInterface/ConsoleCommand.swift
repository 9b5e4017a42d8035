import Console
import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// `danescope [DOMAIN]` and `danescope --lab`: the console. Options are checked and the resolver
/// is built before curses starts, so that a mistake is a plain usage error on stderr.
enum ConsoleCommand {
  static func run(_ domain: String?, _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    // A second word would be accepted and ignored: the console opens one domain.
    if parsed.positionals.count > 1 {
      output.usageError(
        UsageError(
          "the console takes one DOMAIN, not \(ArgumentText.quotedList(parsed.positionals))",
          at: parsed.positionalPositions.dropFirst().first))
      return .usage
    }
    let environment = ProcessInfo.processInfo.environment
    let catalog = ThemeCatalog.standard(environment: environment)
    // A theme name that names nothing is a typing mistake: say so before anything else. A
    // theme file that exists but is broken (or is not a regular file) falls back to the default
    // once the console runs.
    if let name = parsed.value("--theme"), !catalog.isKnown(name) {
      let available = catalog.names.joined(separator: ", ")
      output.usageError(
        UsageError(
          "unknown theme '\(name)' (available: \(available))", at: parsed.position(of: "--theme")))
      return .usage
    }
    let noColor = parsed.has("--no-color") || !(environment["NO_COLOR"] ?? "").isEmpty
    let options = ConsoleOptions(
      isASCII: TerminalLocale.drawsASCII(parsed), isMonochrome: noColor)
    var themeName = parsed.value("--theme") ?? ThemeCatalog.defaultName
    if noColor, parsed.value("--theme") == nil { themeName = ThemeCatalog.monochromeName }
    var domain = domain
    if let typed = domain, let problem = ConsoleState.domainProblem(typed) {
      let place = parsed.positionalPositions.first
      output.usageError(UsageError("'\(typed)' is not a mail domain: \(problem)", at: place))
      return .usage
    }
    if let typed = domain, parsed.has("--lab") {
      // A scenario's short name opens its domain; a name the lab has not got is refused here
      // rather than checked to NXDOMAIN.
      do {
        let name = try DNSName(typed)
        domain = try LabSession.name(
          typed, parsed: name, scope: .mailDomain, at: parsed.positionalPositions.first
        ).description
      } catch let error as UsageError {
        output.usageError(error)
        return .usage
      } catch {
        let place = parsed.positionalPositions.first
        output.usageError(UsageError("'\(typed)' is not a mail domain: \(error)", at: place))
        return .usage
      }
    }
    let source: ConsoleSource
    // A signal while the resolver is set up removes its private folder; curses takes the
    // signals over once it starts.
    FolderSignalCleanup.install()
    do {
      source = try makeSource(parsed)
    } catch {
      switch error {
      case .usage(let usage):
        output.usageError(usage)
        return .usage
      case .configuration(let problem):
        output.resolverError(problem, logFileArgument: parsed.position(of: "--log-file"))
        return ExitCode(resolverError: problem)
      case .temporaryFolder(let problem):
        output.error(ArgumentText.echoed("danescope: could not start the lab: \(problem)"))
        return .incomplete
      }
    }
    FolderSignalCleanup.uninstall()
    // Started without a terminal (`danescope DOMAIN > file`), the console cannot run: a mistake
    // in how it was called, said as every usage error is, once the options and the resolver
    // configuration are known to be right (so that those mistakes are said first, as `check`
    // says them), and before the lab starts (it starts with the console).
    if let problem = ConsoleApp.terminalProblem {
      await source.stop()
      output.usageError(UsageError(problem))
      return .usage
    }
    let app = ConsoleApp(
      ConsoleApp.Configuration(
        source: source, domain: domain, themeName: themeName, options: options, catalog: catalog))
    switch await app.run() {
    case .quit:
      return .ok
    case .interrupted(let signal):
      // SIGTERM, SIGHUP and SIGQUIT (Ctrl-\) end the process by the same signal once
      // everything is cleaned up (exit status 128 + the signal, as a shell reports it); SIGINT
      // is exit status 3. A cleanly stopped process writes no core file for SIGQUIT.
      if signal == SIGQUIT { ProcessEnd.forbidCoreFile() }
      if signal != SIGINT { ProcessEnd.signal = signal }
      return .incomplete
    case .failed(let reason):
      output.error(ArgumentText.echoed("danescope: \(reason)"))
      return .usage
    }
  }

  /// The lab (started off the UI thread once the console shows) or the network through the
  /// resolver the options describe (built now, so that a bad configuration stops here).
  /// Why the console's source cannot be made: the command line, or the resolver configuration
  /// it names (said with its file and line, as `check` says it).
  enum SourceProblem: Error {
    case usage(UsageError)
    case configuration(ResolverConfigurationError)
    /// The lab could not make its folder there (it starts once curses has the screen).
    case temporaryFolder(TemporaryFolder.Problem)
  }

  static func makeSource(_ parsed: ParsedArguments) throws(SourceProblem) -> ConsoleSource {
    let port: UInt16
    let timeouts: ProbeTimeouts
    let clock: any Clock
    let options: ResolverOptions
    let warningDays: Int
    do throws(UsageError) {
      port = try ProbeOptions.port(parsed)
      timeouts = try ProbeOptions.timeouts(parsed)
      clock = try TimeArgument.clock(parsed)
      options = try ResolverOptions.parse(parsed)
      warningDays = try ChainCommand.parseOptions(parsed).expiryWarningDays
    } catch {
      throw .usage(error)
    }
    let isAtOtherTime = parsed.value("--at") != nil
    if parsed.has("--lab") {
      // The lab starts once curses has the screen: a temporary folder it cannot use is said
      // here instead, on the terminal as it is.
      do throws(TemporaryFolder.Problem) {
        try TemporaryFolder.checkUsable()
      } catch {
        throw .temporaryFolder(error)
      }
      let scenarios = Lab.scenarios.map(ScenarioEntry.init)
      return CheckConsoleSource(label: "lab", scenarios: scenarios) {
        try await CheckEngine.lab(
          clock: clock, timeout: options.timeout, logFile: options.logFile, timeouts: timeouts,
          expiryWarningDays: warningDays, judgesAsOfClock: isAtOtherTime)
      }
    }
    do {
      let engine = try CheckEngine.make(
        options.configuration, timeout: options.timeout, logFile: options.logFile, clock: clock,
        port: port, timeouts: timeouts, expiryWarningDays: warningDays,
        judgesAsOfClock: isAtOtherTime)
      return CheckConsoleSource(label: label(parsed)) { engine }
    } catch {
      throw .configuration(error)
    }
  }

  static func label(_ parsed: ParsedArguments) -> String {
    if let file = parsed.value("--resolver-conf") {
      return "resolver-conf " + URL(fileURLWithPath: file).lastPathComponent
    }
    let forwarders = parsed.allValues("--forwarder")
    if !forwarders.isEmpty { return "forwarder " + forwarders.joined(separator: ",") }
    return parsed.has("--recursive") ? "recursive" : "system resolver"
  }
}
