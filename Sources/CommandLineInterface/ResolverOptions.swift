import ValidationCore

/// The resolver options of the command line (`--resolver-conf`, `--forwarder`, `--trust-anchor`,
/// `--recursive`, `--timeout`, `--log-file`) turned into one resolver configuration. Options that
/// contradict each other are a usage error; files are checked when the resolver is built.
public struct ResolverOptions: Sendable, Hashable {
  public var configuration: ResolverConfiguration
  public var timeout: Duration
  public var logFile: String?

  public init(
    configuration: ResolverConfiguration = .system(recursive: false),
    timeout: Duration = UnboundResolver.defaultTimeout, logFile: String? = nil
  ) {
    self.configuration = configuration
    self.timeout = timeout
    self.logFile = logFile
  }

  /// The longest `--timeout` accepted: a query that needs more is better reported as failed.
  public static let maximumTimeoutSeconds = 300.0

  public static func parse(_ parsed: ParsedArguments) throws(UsageError) -> ResolverOptions {
    var options = ResolverOptions()
    if let text = parsed.value("--timeout") {
      options.timeout = try parseTimeout(text, at: parsed.position(of: "--timeout"))
    }
    if let file = parsed.value("--log-file") {
      guard !file.isEmpty else {
        throw UsageError("--log-file needs a file name", at: parsed.position(of: "--log-file"))
      }
      options.logFile = file
    }
    options.configuration = try parseConfiguration(parsed)
    return options
  }

  static func parseConfiguration(_ parsed: ParsedArguments) throws(UsageError)
    -> ResolverConfiguration
  {
    let configFile = parsed.value("--resolver-conf")
    let forwarders = parsed.allValues("--forwarder")
    let trustAnchor = parsed.value("--trust-anchor")
    let recursive = parsed.has("--recursive")

    if let configFile {
      for (given, name) in [
        (!forwarders.isEmpty, "--forwarder"), (trustAnchor != nil, "--trust-anchor"),
        (recursive, "--recursive"),
      ] where given {
        throw UsageError(
          "--resolver-conf cannot be combined with \(name): put it in the unbound.conf instead",
          at: parsed.position(of: name) ?? parsed.optionPositions[name])
      }
      guard !configFile.isEmpty else {
        throw UsageError(
          "--resolver-conf needs a file name", at: parsed.position(of: "--resolver-conf"))
      }
      return .custom(configFile: configFile)
    }
    if !forwarders.isEmpty {
      if recursive {
        throw UsageError(
          "--recursive cannot be combined with --forwarder: choose one upstream",
          at: parsed.optionPositions["--recursive"])
      }
      var addresses: [ForwarderAddress] = []
      for (offset, text) in forwarders.enumerated() {
        do {
          addresses.append(try ForwarderAddress(parsing: text))
        } catch {
          throw UsageError(
            "--forwarder: \(error.description)",
            at: parsed.position(of: "--forwarder", occurrence: offset))
        }
      }
      if trustAnchor == "" {
        throw UsageError(
          "--trust-anchor needs a file name", at: parsed.position(of: "--trust-anchor"))
      }
      return .forwarders(addresses, trustAnchorFile: trustAnchor)
    }
    if trustAnchor != nil {
      throw UsageError(
        "--trust-anchor needs --forwarder (or put trust-anchor-file in a --resolver-conf file)",
        at: parsed.position(of: "--trust-anchor"))
    }
    return .system(recursive: recursive)
  }

  static func parseTimeout(_ text: String, at position: Int? = nil) throws(UsageError) -> Duration {
    guard let seconds = DecimalNumber.fraction(text), seconds.isFinite, seconds > 0 else {
      throw UsageError(
        "--timeout: '\(text)' is not a positive number of seconds (decimal digits, such as 10"
          + " or 2.5)", at: position)
    }
    // Waits are counted in milliseconds: anything shorter would be rounded up without a word.
    guard seconds >= 0.001 else {
      throw UsageError("--timeout: \(text) s is too short (at least 0.001 s)", at: position)
    }
    guard seconds <= maximumTimeoutSeconds else {
      throw UsageError(
        "--timeout: \(text) s is too long (at most \(Int(maximumTimeoutSeconds)) s)", at: position)
    }
    return .milliseconds(max(1, Int64((seconds * 1000).rounded())))
  }

  /// Builds the resolver. A bad configuration throws; `describe` words it for the terminal.
  public func makeResolver(onEvent: ResolverEventHandler? = nil) throws(ResolverConfigurationError)
    -> UnboundResolver
  {
    try UnboundResolver(configuration, timeout: timeout, logFile: logFile, onEvent: onEvent)
  }

  /// The resolver, or the exit status to end with after saying on `output` why it could not be
  /// made (`resolverError`, `ExitCode(resolverError:)`). From here on a signal removes the
  /// resolver's private folder before the process ends (FolderSignalCleanup).
  func makeResolver(reportingTo output: TextOutput, logFileArgument: Int?) throws(ExitCode)
    -> UnboundResolver
  {
    FolderSignalCleanup.install()
    do {
      return try makeResolver()
    } catch {
      output.resolverError(error, logFileArgument: logFileArgument)
      throw ExitCode(resolverError: error)
    }
  }

  /// For commands: the options and the resolver they describe, or nil after printing what is
  /// wrong (a usage error or a bad configuration); the command then exits with `.usage`.
  public static func makeResolver(
    _ parsed: ParsedArguments, output: TextOutput, onEvent: ResolverEventHandler? = nil
  ) -> (options: ResolverOptions, resolver: UnboundResolver)? {
    do {
      let options = try parse(parsed)
      do {
        return (options, try options.makeResolver(onEvent: onEvent))
      } catch {
        output.resolverError(error, logFileArgument: parsed.position(of: "--log-file"))
        return nil
      }
    } catch {
      output.usageError(error)
      return nil
    }
  }

  /// `danescope: resolver configuration: FILE:LINE: message` (exit status 2); a log file that
  /// cannot be used is the `--log-file` option's problem, and says so, with the argument it was
  /// given at (`logFileArgument`) when known.
  public static func describe(_ error: ResolverConfigurationError, logFileArgument: Int? = nil)
    -> String
  {
    // The message names a file given on the command line (--resolver-conf, --trust-anchor,
    // --log-file) or one a configuration names: echoed as a usage error echoes it.
    let text = ArgumentText.echoed(error.description)
    if error.kind == .temporaryFolder { return "danescope: \(text)" }
    guard error.kind == .logFile else { return "danescope: resolver configuration: \(text)" }
    return "danescope: --log-file \(text)" + (logFileArgument.map { " (argument \($0))" } ?? "")
  }
}

extension ExitCode: Error {
  /// 3 when the temporary folder cannot be used (the environment is at fault, and the command
  /// could not complete; Docs/Decisions.md, D-resolver-6), else 2: the configuration or the
  /// `--log-file` option is at fault.
  init(resolverError error: ResolverConfigurationError) {
    self = error.kind == .temporaryFolder ? .incomplete : .usage
  }
}

extension TextOutput {
  /// A resolver that could not be made, said as `ResolverOptions.describe` says it. A log file
  /// that cannot be used is a usage error about the `--log-file` option, so it ends, as every
  /// usage error does, by pointing at the help; a configuration file's line ends there.
  public func resolverError(_ error: ResolverConfigurationError, logFileArgument: Int?) {
    self.error(ResolverOptions.describe(error, logFileArgument: logFileArgument))
    if error.kind == .logFile { self.error("Try 'danescope --help'.") }
  }
}

extension ResolverOptions {
  /// For `check` and `chain`: asks the upstream for the root DNSKEY set through `resolver` when
  /// this configuration forwards to one and validates from the root trust anchor
  /// (`UpstreamCheck.applies(to:)`). One finding (UPSTREAM_STRIPS_DNSSEC, suggesting
  /// --recursive, or UPSTREAM_UNREACHABLE) when the upstream cannot be validated through, for
  /// the report's findings; nil when it can, when the check does not apply, or when the
  /// upstream passes a signed root that the anchors do not name (the chain engine says that).
  /// `trustAnchors`: the configuration's anchors as the command read them (ChainTrustAnchors;
  /// none when they cannot be read).
  func upstreamFinding(through resolver: any Resolver, trustAnchors: [ResourceRecord]) async
    -> Finding?
  {
    guard UpstreamCheck.applies(to: configuration) else { return nil }
    return await UpstreamCheck.run(
      resolver, upstream: UpstreamCheck.upstreamDescription(for: configuration),
      trustAnchors: trustAnchors)
  }
}
