/// All command-line help text, generated from `OptionTable` and the command list.
public enum HelpText {
  public static let version = "0.1.0"

  public struct CommandSummary: Sendable {
    public let usage: String
    public let summary: String
  }

  public static let commands: [CommandSummary] = [
    CommandSummary(usage: "danescope [DOMAIN]", summary: "open the console (real network)"),
    CommandSummary(
      usage: "danescope --lab [NAME]",
      summary: "open the console on the embedded lab (NAME: one of its scenarios)"),
    CommandSummary(usage: "danescope check DOMAIN",
      summary: "DNSSEC, MX, TLSA and a STARTTLS probe of every MX: the whole report"),
    CommandSummary(usage: "danescope chain NAME [TYPE]",
      summary: "the DNSSEC chain of trust from the root to NAME/TYPE"),
    CommandSummary(usage: "danescope trace HOST[:PORT]", summary: "one live STARTTLS handshake trace"),
    CommandSummary(usage: "danescope tlsa CERT.pem | --from HOST[:PORT]",
      summary: "print TLSA records for a certificate"),
    CommandSummary(usage: "danescope lab list|show NAME|export DIR|serve",
      summary: "the lab's scenarios, one lesson, its files, or serve it on loopback"),
  ]

  public static var usage: String {
    var lines = ["danescope \(version): DNSSEC and DANE for SMTP, explained.", "", "Usage:"]
    // Each command on its own line, its summary wrapped and indented below it: the usages are
    // too wide for a second column within 80.
    for command in commands {
      lines.append("  " + command.usage)
      lines += TextWrap.lines(command.summary, width: TextWrap.width - 6).map { "      " + $0 }
    }
    lines.append("")
    lines.append("Options:")
    let labels = OptionTable.global.map(label(for:))
    let labelWidth = labels.map(\.count).max() ?? 0
    for (spec, label) in zip(OptionTable.global, labels) {
      lines += TextWrap.hanging("  " + label, labelWidth: labelWidth + 4, spec.help)
    }
    lines.append("")
    lines.append("An option that does not apply to the command is a usage error.")
    lines.append("")
    lines.append("Exit status: 0 nothing wrong, 1 an error-level finding, 2 usage error,")
    lines.append("3 the check could not complete or its output could not be written.")
    lines.append("See danescope(1) and Docs/UserGuide.md.")
    return lines.joined(separator: "\n")
  }

  /// `-h, --help`, `--port PORT`: the one-letter form first when there is one.
  static func label(for spec: OptionSpec) -> String {
    let short = OptionTable.shortForms.first { $0.long == spec.name }.map { "\($0.short), " }
    let name = (short ?? "") + spec.name
    switch spec.arity {
    case .flag: return name
    case .value(let placeholder), .repeatedValue(let placeholder):
      return "\(name) \(placeholder)"
    }
  }
}
