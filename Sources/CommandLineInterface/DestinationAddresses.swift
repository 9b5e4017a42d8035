import ValidationCore

/// HOST's addresses split as `check` splits an MX host's (Docs/Decisions.md D-policy-7): those
/// that are never a destination (NonDestinationAddress: 0.0.0.0/8, `::`, multicast, limited
/// broadcast) are not connected to, since on Linux 0.0.0.0 and `::` reach the local machine.
/// `trace` and `tlsa --from` connect to the first of the others, in the resolver's order.
struct DestinationAddresses {
  /// The addresses a sender could connect to, in the order given.
  let usable: [String]
  /// The addresses left out, in the order given.
  let skipped: [NonDestinationAddress]

  init(_ addresses: [String]) {
    var usable: [String] = []
    var skipped: [NonDestinationAddress] = []
    for address in addresses {
      if let special = NonDestinationAddress(address) {
        skipped.append(special)
      } else {
        usable.append(address)
      }
    }
    self.usable = usable
    self.skipped = skipped
  }

  /// `skipped [0.0.0.0]: never a destination (0.0.0.0/8, …)`, one line per address left out;
  /// in brackets, as trace writes addresses, so that `::` reads apart from the colon after it.
  var skippedLines: [String] {
    skipped.map { "skipped [\($0.address)]: never a destination (\($0.range))" }
  }

  /// HOST given as an address literal that is never a destination is a usage error: there is
  /// nothing a sender could reach there, and on Linux the connection would reach this machine.
  static func refuseLiteral(_ server: ServerAddress, text: String, argument: Int?)
    throws(UsageError)
  {
    guard case .address(let address) = server.host, let special = NonDestinationAddress(address)
    else { return }
    throw UsageError(
      "'\(text)': \(address) is never a destination (\(special.range)); no sender can deliver"
        + " there, so danescope does not connect to it", at: argument)
  }

  /// What `trace` prints when none of `host`'s addresses is usable, and its exit status: the
  /// finding and the reason `check` gives each address (MX_ADDRESS_NOT_A_DESTINATION as an
  /// error, the verdict `unreachable`), then the result; exit 1, as `check` exits for that host.
  func stopTrace(host: DNSName, output: TextOutput) -> ExitCode {
    for special in skipped {
      let finding = special.finding(host: host.description, severity: .error)
      output.print(
        SanitizedText(prose: "\(finding.severity) \(finding.code): \(finding.summary)").text)
    }
    for special in skipped {
      let line = "\(host) [\(special.address)]: \(special.notProbedReason)"
      output.print(SanitizedText(prose: line).text)
    }
    output.print(
      SanitizedText(prose: "result: not connected: no address of \(host) is a destination").text)
    return .findings
  }
}
