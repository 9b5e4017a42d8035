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
  /// a usage error: one of them would be ignored.
  static func server(_ text: String, _ parsed: ParsedArguments, argument: Int?)
    throws(UsageError) -> ServerAddress
  {
    let server = try ServerAddress(text, defaultPort: try port(parsed), argument: argument)
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

  static func tlsaName(_ parsed: ParsedArguments, server: ServerAddress) throws(UsageError)
    -> DNSName?
  {
    if let text = parsed.value("--tlsa-name") {
      guard let name = try? DNSName(text), !name.isRoot else {
        throw UsageError(
          "--tlsa-name '\(text)' is not a domain name", at: parsed.position(of: "--tlsa-name"))
      }
      return name
    }
    if case .name(let name) = server.host { return name }
    return nil
  }

  /// `--tlsa-record "3 1 1 HEX"`: only records usable for SMTP (RFC 7672 §3.1), with data of
  /// the length their matching type needs.
  static func records(_ parsed: ParsedArguments) throws(UsageError) -> [TLSAData] {
    var records: [TLSAData] = []
    for (offset, text) in parsed.allValues("--tlsa-record").enumerated() {
      let place = parsed.position(of: "--tlsa-record", occurrence: offset)
      let fields = text.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 4, let usage = DecimalNumber.integer(fields[0], as: UInt8.self),
        let selector = DecimalNumber.integer(fields[1], as: UInt8.self),
        let matching = DecimalNumber.integer(fields[2], as: UInt8.self)
      else {
        throw UsageError(
          "--tlsa-record '\(text)': expected \"USAGE SELECTOR MATCHING-TYPE HEX\"", at: place)
      }
      guard usage == 2 || usage == 3 else {
        throw UsageError(
          "--tlsa-record '\(text)': usage \(usage) is not usable for SMTP"
            + " (only 2 and 3 are, RFC 7672 §3.1.3)", at: place)
      }
      guard selector <= 1, matching <= 2 else {
        throw UsageError(
          "--tlsa-record '\(text)': selector must be 0 or 1, matching type 0, 1 or 2",
          at: place)
      }
      guard let data = try? Hex.decode(fields[3...].joined()), !data.isEmpty else {
        throw UsageError("--tlsa-record '\(text)': the data is not hexadecimal", at: place)
      }
      let record = TLSAData(
        usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
        matchingType: TLSAMatchingType(rawValue: matching), data: data)
      if let length = record.matchingType.digestLength, length != data.count {
        throw UsageError(
          "--tlsa-record '\(text)': matching type \(matching) needs \(length) octets,"
            + " not \(data.count)", at: place)
      }
      // What is left (Full(0) data that is no certificate or key) would make the set one with
      // nothing usable, a policy of its own: say so here instead.
      if let reason = AssessedTLSARecord(record).unusableReason {
        throw UsageError("--tlsa-record '\(text)': \(reason)", at: place)
      }
      records.append(record)
    }
    return records
  }
}
