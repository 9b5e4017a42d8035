import ValidationCore

/// Options shared by `trace` and `tlsa --from`: the port, the timeouts, the TLSA base domain and
/// records given on the command line.
enum ProbeOptions {
  static func port(_ parsed: ParsedArguments) throws(UsageError) -> UInt16 {
    guard let text = parsed.value("--port") else { return 25 }
    guard let port = DecimalNumber.integer(text, as: UInt16.self), port > 0 else {
      throw UsageError(
        "--port '\(text)' is not a port number (1-65535)", at: parsed.position(of: "--port"))
    }
    return port
  }

  /// `HOST[:PORT]` at `argument`, its port from the text or else from `--port`. Both at once is
  /// a usage error: one of them would be ignored. So is an address that is never a destination
  /// (DestinationAddresses).
  static func server(_ text: String, _ parsed: ParsedArguments, argument: Int?)
    throws(UsageError) -> ServerAddress
  {
    let server = try ServerAddress(text, defaultPort: try port(parsed), argument: argument)
    try DestinationAddresses.refuseLiteral(server, text: text, argument: argument)
    if server.namesPort, let option = parsed.value("--port") {
      throw UsageError(
        "--port \(option) and the port in '\(text)' both say where to connect; give the port"
          + " once", at: parsed.position(of: "--port"))
    }
    return server
  }

  static func timeouts(_ parsed: ParsedArguments) throws(UsageError) -> ProbeTimeouts {
    guard let text = parsed.value("--timeout") else { return .uniform(10) }
    // Read as the resolver reads it (same bounds, same errors), so that one --timeout means one
    // thing to every command.
    let limit = try ResolverOptions.parseTimeout(text, at: parsed.position(of: "--timeout"))
    let parts = limit.components
    return .uniform(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
  }

  /// The TLSA base domain: `--tlsa-name`, else HOST when it is a name (`hostArgument` is where
  /// HOST was given); either must be a host name whose TLSA owner fits (TLSABaseName). The owner
  /// is `_25._tcp.NAME` whatever port the server is reached on (TraceTLSALookup.servicePort).
  static func tlsaName(_ parsed: ParsedArguments, server: ServerAddress, hostArgument: Int?)
    throws(UsageError) -> DNSName?
  {
    if let text = parsed.value("--tlsa-name") {
      return try TLSABaseName.parse(
        text, port: TraceTLSALookup.servicePort, at: parsed.position(of: "--tlsa-name"))
    }
    if case .name(let name) = server.host {
      return try TLSABaseName.parse(
        String(name.description.dropLast()), port: TraceTLSALookup.servicePort, at: hostArgument,
        what: "HOST")
    }
    return nil
  }

  /// `--tlsa-record "3 1 1 HEX"` (read by TLSARecordArgument): only records usable for SMTP
  /// (RFC 7672 §3.1), with data of the length their matching type needs.
  static func records(_ parsed: ParsedArguments) throws(UsageError) -> [TLSAData] {
    var records: [TLSAData] = []
    for (offset, text) in parsed.allValues("--tlsa-record").enumerated() {
      let place = parsed.position(of: "--tlsa-record", occurrence: offset)
      func refuse(_ problem: String) -> UsageError {
        UsageError("--tlsa-record '\(text)': \(problem)", at: place)
      }
      let fields: TLSARecordArgument
      do throws(TLSARecordArgument.Problem) {
        fields = try TLSARecordArgument.parse(text)
      } catch {
        throw refuse(error.description)
      }
      let (usage, selector, matching, data) =
        (fields.usage, fields.selector, fields.matchingType, fields.data)
      guard usage == 2 || usage == 3 else {
        throw refuse(
          "usage \(usage) is not usable for SMTP (only 2 and 3 are, RFC 7672 §3.1.3)")
      }
      guard selector <= 1 else {
        throw refuse("selector \(selector) is neither 0 (Cert) nor 1 (SPKI)")
      }
      guard matching <= 2 else {
        throw refuse(
          "matching type \(matching) is not 0 (Full), 1 (SHA2-256) or 2 (SHA2-512)")
      }
      let record = TLSAData(
        usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
        matchingType: TLSAMatchingType(rawValue: matching), data: data)
      if let length = record.matchingType.digestLength, length != data.count {
        let split = fields.dataParts > 1 ? " in \(fields.dataParts) parts" : ""
        throw refuse(
          "matching type \(record.matchingType) needs \(length) octets (\(length * 2) hex"
            + " digits), the data has \(data.count) (\(data.count * 2) hex digits\(split))")
      }
      // What is left (Full(0) data that is no certificate or key) would make the set one with
      // nothing usable, a policy of its own: say so here instead.
      if let reason = AssessedTLSARecord(record).unusableReason {
        throw refuse("\(reason)")
      }
      records.append(record)
    }
    return records
  }
}
