import FoundationEssentials
import ValidationCore

/// `danescope tlsa CERT.pem` and `danescope tlsa --from HOST[:PORT]`: the TLSA record for a
/// certificate, in zone-file form (`_25._tcp.mx.example.com. IN TLSA 3 1 1 <hex>`). Usages 3
/// and 1 take the leaf (the first certificate); usages 2 and 0 take the topmost CA certificate
/// above it in the file or in the chain the server sent, the trust anchor to publish. A leaf
/// with nothing above it is refused for them: a trust-anchor record made from the leaf matches
/// nothing (RFC 7671 §5.2).
enum TLSACommand {
  struct Choice {
    var usage: TLSAUsage
    var selector: TLSASelector
    var matchingType: TLSAMatchingType
  }

  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    let choice: Choice
    do throws(UsageError) {
      choice = try parseChoice(parsed)
      try checkSource(arguments, parsed)
    } catch {
      return usage(error, output)
    }
    let chain: [CertificateFacts]
    let owner: (name: DNSName?, port: UInt16)
    let source: Source
    var sessionErrors: [Finding] = []
    if let from = parsed.value("--from") {
      switch await fetchChain(from, parsed, output: output) {
      case .usage(let error): return usage(error, output)
      case .failed: return .incomplete
      case .configurationError: return .usage
      case .fetched(let served, let name, let port, let errors):
        chain = served
        owner = (name, port)
        source = .server(SanitizedText(from).text)
        sessionErrors = errors
      }
    } else {
      let file: [UInt8]
      do {
        file = try InputFile.readBytes(arguments[0])
      } catch {
        // A file that cannot be read, or holds no certificate, is bad input: a usage error, as
        // for every other file given on the command line.
        output.error(ArgumentText.echoed(error.description))
        return .usage
      }
      do {
        chain = try CertificateFacts.readChain(file: file)
      } catch {
        let path = ArgumentText.echoed(arguments[0])
        output.error("danescope: \(path): \(error)" + derHint(error, path: path))
        return .usage
      }
      source = .file(ArgumentText.escapingControls(arguments[0]))
      do throws(UsageError) {
        let port = try ProbeOptions.port(parsed)
        owner = (try tlsaName(parsed, port: port), port)
      } catch {
        return usage(error, output)
      }
    }
    if let refusal = trustAnchorRefusal(choice.usage, chain: chain, source: source)
      ?? brokenChainRefusal(choice.usage, chain: chain, source: source)
    {
      // Bounded whole, once: it names the file, and a certificate's subject.
      output.error(ArgumentText.echoed(refusal))
      return .usage
    }
    let usesTrustAnchor = choice.usage == .daneTA || choice.usage == .pkixTA
    guard let certificate = usesTrustAnchor ? chain.last : chain.first,
      let data = TLSAMatcher.associationData(
        of: certificate, selector: choice.selector, matchingType: choice.matchingType)
    else {
      output.error("danescope: no certificate to make a record from")
      return .incomplete
    }
    // The owner first: a record that cannot be printed gets no warning about its contents.
    guard let name = owner.name ?? defaultName(chain.first) else {
      let message = noHostMessage(choice.usage, leaf: chain.first, source, port: owner.port)
      output.error(ArgumentText.echoed(message))
      return .usage
    }
    let rootNote = unsentRootNote(choice, certificate: certificate, source: source)
    if let warning = warning(choice.usage, certificate: certificate, rootNote: rootNote) {
      output.error(ArgumentText.echoed(warning))
    }
    let record = TLSAData(
      usage: choice.usage, selector: choice.selector, matchingType: choice.matchingType, data: data)
    // The owner in canonical form, lower case (RFC 4034 §6.2), as `check` writes TLSA owners:
    // names compare without case (RFC 4343), so `Foo.Example` and `foo.example` are one owner.
    output.print("_\(owner.port)._tcp.\(name.lowercased.description) IN TLSA \(record.zoneText)")
    return reportSessionErrors(sessionErrors, output: output)
  }

  /// The session `tlsa --from` took the chain from had error-level findings (plaintext after
  /// the 220 to STARTTLS, replies before their command): each is printed on standard error as
  /// `trace` prints it, and the exit status is 1, as `trace`'s is for the same session. The
  /// record is still printed: the chain came over TLS, after what went wrong.
  private static func reportSessionErrors(_ errors: [Finding], output: TextOutput) -> ExitCode {
    guard !errors.isEmpty else { return .ok }
    for finding in errors {
      output.error(
        SanitizedText(prose: "danescope: \(finding.severity) \(finding.code): \(finding.summary)")
          .text)
    }
    output.error(
      "danescope: the record above is of the certificate sent over TLS, but the session before"
        + " it went wrong (it may be an attack); 'danescope trace' shows the whole session")
    return .findings
  }

  /// Why no record is printed when no owner name was given and the certificate gives none. A
  /// CA certificate names no host by nature: its records go at each MX host whose server sends
  /// a chain up to it (RFC 7672 §2.2.3), and only the user knows which those are.
  static func noHostMessage(
    _ usage: TLSAUsage, leaf: CertificateFacts?, _ source: Source, port: UInt16
  ) -> String {
    guard let leaf, leaf.isCA, leaf.dnsNames.isEmpty, case .file(let path) = source else {
      return "danescope: the certificate names no usable host; give --tlsa-name NAME"
    }
    let usageAdvice =
      usage == .daneEE || usage == .pkixEE
      ? " and, for a record naming this CA (DANE-TA), --usage 2" : ""
    return "danescope: \(path) holds a CA certificate (\(leaf.subject)), which names no host:"
      + " its TLSA record goes at each MX host whose server sends a chain up to it"
      + " (_\(port)._tcp.HOST), so name that host with --tlsa-name HOST"
      + usageAdvice
  }

  /// Where the certificates came from, for messages.
  enum Source {
    case file(String)
    case server(String)
  }

  /// The one warning of a run, when the record is printed but likely not what was meant: its
  /// usage is not usable for SMTP, or it is an end-entity record made from a CA certificate, or
  /// both (one warning saying both, with one suggestion: the CA's); `rootNote` (a digest of a
  /// root that the server must then send) is added to it.
  static func warning(_ usage: TLSAUsage, certificate: CertificateFacts, rootNote: String? = nil)
    -> String?
  {
    let caNote = endEntityNote(usage, certificate: certificate)
    let notes = [smtpUsageNote(usage, suggestsUsage: caNote == nil), caNote, rootNote]
      .compactMap { $0 }
    guard !notes.isEmpty else { return nil }
    return "danescope: warning: " + notes.joined(separator: " Also, ")
  }

  /// Usages 0 and 1 need a set of trusted public CAs that SMTP does not have: a DANE sender
  /// ignores such records (RFC 7672 §3.1.3), and `check` reports them as unusable.
  static func smtpUsageNote(_ usage: TLSAUsage, suggestsUsage: Bool) -> String? {
    let instead: String
    switch usage {
    case .pkixTA: instead = "--usage 2 (DANE-TA) for the same CA certificate"
    case .pkixEE: instead = "--usage 3 (DANE-EE) for the same certificate"
    default: return nil
    }
    return "a \(usage) record is not usable for SMTP (RFC 7672 §3.1.3): DANE senders ignore it,"
      + " and danescope check reports it as TLSA_RECORD_UNUSABLE."
      + (suggestsUsage ? " For SMTP, give \(instead)." : "")
  }

  /// An end-entity record (usage 3 or 1) made from what looks like a CA certificate (a CA naming
  /// no host) matches only a server that presents the CA certificate itself as its own (RFC 7671
  /// §5.1).
  static func endEntityNote(_ usage: TLSAUsage, certificate: CertificateFacts) -> String? {
    guard usage == .daneEE || usage == .pkixEE, certificate.isCA, certificate.dnsNames.isEmpty
    else { return nil }
    return "\(certificate.subject) is a CA certificate that names no host;"
      + " a \(usage) record matches only the certificate a server presents as its own, not"
      + " the certificates this CA issues. For a record naming the CA, give --usage 2."
  }

  /// A trust-anchor record (usage 2 or 0) holding a digest of a self-signed root from a file: a
  /// digest can only be compared with a certificate the server sends, and servers rarely send
  /// their root (RFC 7671 §5.2.2). A `2 x 0` record carries the whole key or certificate and
  /// works without it (OpenSSL verifies the top served certificate's signature with it). With
  /// `--from` the server did send the certificate: nothing to say.
  static func unsentRootNote(_ choice: Choice, certificate: CertificateFacts, source: Source)
    -> String?
  {
    guard choice.usage == .daneTA || choice.usage == .pkixTA, certificate.isSelfIssued,
      choice.matchingType != .full, case .file = source
    else { return nil }
    var note =
      "\(certificate.subject) is a self-signed root: a \(choice.usage) record with a digest of it"
      + " matches only when the server sends this certificate in its chain, and servers rarely"
      + " send their root (RFC 7671 §5.2.2)."
    if choice.usage == .daneTA {
      let full = "\(choice.usage.rawValue) \(choice.selector.rawValue) 0"
      note +=
        " Have the server send it, or give --matching-type 0: a \(full) record holds the whole"
        + " \(choice.selector == .fullCertificate ? "certificate" : "key") and works without it"
        + " being sent."
    } else {
      note += " Have the server send it."
    }
    return note
  }

  /// Why no trust-anchor record (usage 2 or 0) can be made from `chain`, or nil when it can.
  /// Such a record names a CA certificate above the leaf (RFC 7671 §5.2; OpenSSL matches it
  /// nowhere else), so a lone leaf has none to give. A file of one CA certificate that names no
  /// host is taken as the CA itself.
  static func trustAnchorRefusal(_ usage: TLSAUsage, chain: [CertificateFacts], source: Source)
    -> String?
  {
    guard usage == .daneTA || usage == .pkixTA, chain.count == 1, let only = chain.first
    else { return nil }
    let instead =
      "; or publish the leaf itself with usage 3 (leave out --usage)."
    switch source {
    case .server(let server):
      return "danescope: \(server) sent only its own certificate (\(only.subject)): a \(usage)"
        + " record names a CA certificate above the leaf, and the server must send that CA"
        + " after its own certificate (RFC 7671 §5.2.2). Have the server send its chain"
        + instead
    case .file(let path):
      if only.isCA && only.dnsNames.isEmpty { return nil }
      return "danescope: \(path) holds one certificate, a server's (\(only.subject)): a \(usage)"
        + " record names the CA that issued it (RFC 7671 §5.2). Give a file with the chain (the"
        + " leaf, then its CA certificates) or the CA certificate alone" + instead
    }
  }

  private static func usage(_ error: UsageError, _ output: TextOutput) -> ExitCode {
    output.usageError(error)
    return .usage
  }

  /// One source of certificates: a file or `--from`. The error points at the argument that is
  /// one too many (the later of a file and `--from`, or the second file); with none given,
  /// no argument is at fault.
  static func checkSource(_ arguments: [String], _ parsed: ParsedArguments) throws(UsageError) {
    // The positionals after the command word are the files.
    let files = Array(parsed.positionalPositions.dropFirst())
    if let from = parsed.position(of: "--from"), let file = files.first, !arguments.isEmpty {
      throw UsageError(
        "'\(arguments[0])' and --from both give the certificate: give either CERT.pem or --from"
          + " HOST[:PORT], not both", at: max(file, from))
    }
    if parsed.value("--from") == nil {
      if arguments.isEmpty {
        throw UsageError("tlsa needs one CERT.pem or --from HOST[:PORT]")
      }
      if arguments.count > 1 {
        throw UsageError(
          "tlsa takes one CERT.pem, got \(arguments.count)", at: files.dropFirst().first)
      }
      // Reading a file waits for nothing: a timeout there would be accepted and ignored.
      if let timeout = parsed.position(of: "--timeout") {
        throw UsageError(
          "--timeout applies to tlsa only with --from (reading CERT.pem waits for no server)",
          at: timeout)
      }
      _ = try resolverOptions(parsed, server: nil)
    }
  }

  static func parseChoice(_ parsed: ParsedArguments) throws(UsageError) -> Choice {
    func number(_ option: String, default value: UInt8, allowed: ClosedRange<UInt8>)
      throws(UsageError)
      -> UInt8
    {
      guard let text = parsed.value(option) else { return value }
      guard let number = DecimalNumber.integer(text, as: UInt8.self), allowed.contains(number)
      else {
        throw UsageError(
          "\(option) '\(text)' must be a number from \(allowed.lowerBound) to \(allowed.upperBound)",
          at: parsed.position(of: option))
      }
      return number
    }
    return Choice(
      usage: TLSAUsage(rawValue: try number("--usage", default: 3, allowed: 0...3)),
      selector: TLSASelector(rawValue: try number("--selector", default: 1, allowed: 0...1)),
      matchingType: TLSAMatchingType(
        rawValue: try number("--matching-type", default: 1, allowed: 0...2)))
  }

  private static func tlsaName(_ parsed: ParsedArguments, port: UInt16) throws(UsageError)
    -> DNSName?
  {
    guard let text = parsed.value("--tlsa-name") else { return nil }
    return try TLSABaseName.parse(text, port: port, at: parsed.position(of: "--tlsa-name"))
  }

  /// The leaf's first DNS name that is a host name; its first such common name only when it has
  /// no DNS name at all (RFC 6125 §6.4.4: a certificate with DNS names is not read for its CN).
  private static func defaultName(_ leaf: CertificateFacts?) -> DNSName? {
    guard let leaf else { return nil }
    let candidates = leaf.dnsNames.isEmpty ? leaf.commonNames : leaf.dnsNames
    for candidate in candidates.compactMap(\.asciiText) {
      if let name = try? MailDomain.parse(candidate), !candidate.contains("_") { return name }
    }
    return nil
  }

  enum Fetched {
    /// The chain, the TLSA base domain and port, and the session's error-level findings.
    case fetched([CertificateFacts], DNSName?, UInt16, [Finding])
    case usage(UsageError)
    /// The resolver options describe a resolver that cannot be made (said already): exit 2.
    case configurationError
    case failed
  }

  /// Runs a probe without records and returns the chain the server sent.
  private static func fetchChain(_ from: String, _ parsed: ParsedArguments, output: TextOutput)
    async
    -> Fetched
  {
    let server: ServerAddress
    let name: DNSName?
    let timeouts: ProbeTimeouts
    let resolver: ResolverOptions?
    do throws(UsageError) {
      server = try ProbeOptions.server(from, parsed, argument: parsed.position(of: "--from"))
      name = try ProbeOptions.tlsaName(
        parsed, server: server, hostArgument: parsed.position(of: "--from"))
      timeouts = try ProbeOptions.timeouts(parsed)
      resolver = try resolverOptions(parsed, server: server)
    } catch {
      return .usage(error)
    }
    let addresses: [String]
    if let resolver, case .name(let host) = server.host {
      switch await Self.addresses(
        of: host, options: resolver, logFileArgument: parsed.position(of: "--log-file"),
        output: output)
      {
      case .found(let found): addresses = found
      case .stop(let code): return code == .usage ? .configurationError : .failed
      }
    } else {
      switch server.addresses(timeout: timeouts.connect) {
      case .success(let found): addresses = found
      case .failure(let error):
        // The name alone (no port), and getaddrinfo's reason.
        output.error(ArgumentText.echoed("danescope: \(error)"))
        return .failed
      }
    }
    // A name's addresses that are never a destination are skipped, as `check` skips them.
    let destinations = DestinationAddresses(addresses)
    guard let first = destinations.usable.first else {
      for special in destinations.skipped {
        let line = "danescope: no certificate from \(from): \(special.notProbedReason)"
        output.error(ArgumentText.echoed(line))
      }
      return .failed
    }
    for line in destinations.skippedLines {
      output.error(ArgumentText.echoed("danescope: \(from): \(line)"))
    }
    let request = ProbeRequest(
      host: server.displayName, address: first, port: server.port, tlsaBaseDomain: name,
      usableRecords: [], timeouts: timeouts)
    let result = await SMTPProbe.run(request)
    guard result.startTLS.isEstablished, !result.peerChain.isEmpty else {
      let reason = TraceCommand.startTLSSummary(result)
      output.error(ArgumentText.echoed("danescope: no certificate from \(from): \(reason)"))
      return .failed
    }
    // The records are for SMTP on port 25 (RFC 7672 §2.2.3), whatever port was probed.
    let errors = result.findings.filter { $0.worstSeverity == .error }
    return .fetched(
      result.peerChain, request.tlsaBaseDomain, TraceTLSALookup.servicePort, errors)
  }
}
