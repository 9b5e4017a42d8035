import ValidationCore

/// `tlsa --from NAME` with resolver options (`--resolver-conf`, `--forwarder`, `--trust-anchor`,
/// `--recursive`, `--log-file`): NAME's addresses come from danescope's validating resolver, as
/// `trace` takes a host name's, so that a server in a private hierarchy (a lab served by `lab
/// serve`, a test zone) can be reached. Without them NAME is resolved by the system
/// (getaddrinfo), as before. Either way an address that is never a destination is skipped
/// (DestinationAddresses, Docs/Decisions.md D-policy-7).
extension TLSACommand {
  /// The resolver to resolve HOST with, or nil when no resolver option is given. For a CERT.pem
  /// or an address literal no lookup is made, so such an option is refused rather than ignored.
  static func resolverOptions(_ parsed: ParsedArguments, server: ServerAddress?)
    throws(UsageError) -> ResolverOptions?
  {
    guard let (option, place) = CommandOptions.firstGiven(CommandOptions.resolverOnly, parsed)
    else { return nil }
    guard let server else {
      throw UsageError(
        "\(option) has no effect here: tlsa looks something up only for --from HOST with a"
          + " host name (reading CERT.pem resolves nothing)", at: place)
    }
    guard server.isName else {
      throw UsageError(
        "\(option) has no effect here: tlsa looks something up only for --from HOST with a"
          + " host name, and HOST is an address", at: place)
    }
    return try ResolverOptions.parse(parsed)
  }

  enum ResolvedAddresses {
    case found([String])
    case stop(ExitCode)
  }

  /// `name`'s A and AAAA records through the resolver `options` describe. A bogus or failed
  /// lookup gives no address (its answer cannot be trusted); insecure answers are used, as a
  /// sender uses them for TLS without DANE. A configuration that cannot be used is exit 2 (a
  /// temporary folder that cannot be used exit 3), a name with nothing to connect to exit 3, as
  /// when the system cannot resolve it.
  static func addresses(
    of name: DNSName, options: ResolverOptions, logFileArgument: Int?, output: TextOutput
  ) async -> ResolvedAddresses {
    let resolver: UnboundResolver
    do {
      resolver = try options.makeResolver(reportingTo: output, logFileArgument: logFileArgument)
    } catch {
      return .stop(error)
    }
    let lookup = DANECheck.lookup(through: resolver)
    async let ipv4 = lookup(name, .a)
    async let ipv6 = lookup(name, .aaaa)
    let addresses = HostAddresses(host: name, ipv4: await ipv4, ipv6: await ipv6)
    let shown = String(name.description.dropLast())
    let why: String
    if addresses.security.isFailure {
      let security = addresses.security
      why =
        "the address lookup through the resolver is \(security.word)"
        + " (\(security.reason ?? "no reason given"))"
    } else if !addresses.addresses.isEmpty {
      return .found(addresses.addresses)
    } else if addresses.isNoSuchName {
      why = "it does not exist (\(TraceTLSALookup.noSuchNameProof(addresses)))"
    } else {
      why = "it has no A or AAAA records"
    }
    output.error(ArgumentText.echoed("danescope: cannot resolve '\(shown)': \(why)"))
    return .stop(.incomplete)
  }
}
