/// Every option danescope understands, in one table: the parser reads it and `--help` prints it.
public struct OptionSpec: Sendable, Equatable {
  public enum Arity: Sendable, Equatable {
    case flag
    case value(placeholder: String)
    case repeatedValue(placeholder: String)
  }

  public let name: String
  public let arity: Arity
  public let help: String

  public init(_ name: String, _ arity: Arity, _ help: String) {
    self.name = name
    self.arity = arity
    self.help = help
  }

  public var takesValue: Bool { arity != .flag }
}

public enum OptionTable {
  public static let global: [OptionSpec] = [
    OptionSpec("--help", .flag, "show this help and exit"),
    OptionSpec("--version", .flag, "print the version and exit"),
    OptionSpec("--lab", .flag,
      "use the embedded lab (signed zones, STARTTLS servers, no network) for check, chain"
        + " and the console; not with --port, --resolver-conf, --forwarder, --trust-anchor"
        + " or --recursive"),
    OptionSpec("--json", .flag, "print the report as JSON (check, chain)"),
    OptionSpec("--at", .value(placeholder: "TIME"),
      "judge signature and certificate windows as of TIME: a date (2026-12-04, midnight UTC),"
        + " a time with seconds and Z or an offset (2026-12-04T16:00:00Z,"
        + " 2026-12-04T16:00:00.5+02:00) or Unix seconds, from 1970 on and within 68 years"
        + " of now (RRSIG times repeat every 136 years); nothing else. trace: certificates only"
        + " (its DNS answers are validated as of now)"),
    OptionSpec("--resolver-conf", .value(placeholder: "FILE"),
      "use an unbound.conf (stubs, forwarders, auth-zones, trust anchors)"),
    OptionSpec("--forwarder", .repeatedValue(placeholder: "ADDR[@PORT]"),
      "validate locally, forwarding queries to ADDR (repeatable)"),
    OptionSpec("--trust-anchor", .value(placeholder: "FILE"),
      "trust anchor file (DS or DNSKEY records) instead of the root key"),
    OptionSpec("--recursive", .flag, "resolve from the root hints instead of the system resolvers"),
    OptionSpec("--timeout", .value(placeholder: "SECONDS"), "per-query and per-step timeout in seconds (default 10; decimal, 2.5 allowed)"),
    OptionSpec("--log-file", .value(placeholder: "FILE"), "write logs (and libunbound's) to FILE"),
    OptionSpec("--expiry-warning-days", .value(placeholder: "DAYS"),
      "check, chain, console: warn when a signature expires within DAYS (default 7)"),
    OptionSpec("--port", .value(placeholder: "PORT"),
      "SMTP port to probe (default 25); `lab serve`: the port its SMTP servers listen on"),
    OptionSpec("--tlsa-name", .value(placeholder: "NAME"), "`trace`, `tlsa`: the TLSA base domain"),
    OptionSpec("--tlsa-record", .repeatedValue(placeholder: "\"U S M HEX\""), "`trace`: a TLSA record to check (repeatable)"),
    OptionSpec("--from", .value(placeholder: "HOST[:PORT]"),
      "`tlsa`: take the certificate from a server (a host name is resolved through the resolver"
        + " options when any is given, else by the system)"),
    OptionSpec("--usage", .value(placeholder: "N"), "`tlsa`: certificate usage (default 3)"),
    OptionSpec("--selector", .value(placeholder: "N"), "`tlsa`: selector (default 1)"),
    OptionSpec("--matching-type", .value(placeholder: "N"), "`tlsa`: matching type (default 1)"),
    OptionSpec("--listen", .value(placeholder: "ADDR[@PORT]"),
      "`lab serve`: where to serve DNS; `lab export`: where its unbound.conf listens"),
    OptionSpec("--theme", .value(placeholder: "NAME"), "console theme (dark, light, high-contrast, mono)"),
    OptionSpec("--no-color", .flag, "monochrome console (also when NO_COLOR is set)"),
    OptionSpec("--ascii", .flag,
      "console, chain (not with --json): draw without Unicode line characters"),
  ]

  /// The one-letter forms, and the option each stands for: the parser reads them, `--help`
  /// shows them beside it.
  public static let shortForms: [(short: String, long: String)] = [
    ("-h", "--help"), ("-V", "--version"),
  ]

  public static func spec(named name: String) -> OptionSpec? {
    global.first { $0.name == name }
  }

  /// The option `name` stands for: itself, or the long form of a one-letter one.
  public static func longName(_ name: String) -> String {
    shortForms.first { $0.short == name }?.long ?? name
  }
}

/// Which options each command reads: any other given to it is a usage error that names the
/// option and the command, rather than an option accepted and silently ignored. The one list
/// for every command; a command that starts reading an option adds it here.
public enum CommandOptions {
  /// Where answers come from: what `--lab` replaces.
  static let upstream = ["--resolver-conf", "--forwarder", "--trust-anchor", "--recursive"]
  static let resolver = upstream + ["--timeout", "--log-file"]
  /// The resolver options that only a resolver reads: refused where a command makes none
  /// (`--timeout` also bounds the probe's steps, so it is not one of them).
  static let resolverOnly = upstream + ["--log-file"]

  /// The first of `options` given (in command-line order), with where it was.
  static func firstGiven(_ options: [String], _ parsed: ParsedArguments) -> (String, Int)? {
    options.compactMap { option in parsed.optionPositions[option].map { (option, $0) } }
      .min { $0.1 < $1.1 }
  }

  /// By command (`console` for `danescope [DOMAIN]`; `lab list`, `lab show`, … for the lab's).
  /// `--help` and `--version` apply everywhere and are answered before any command runs.
  static let accepted: [String: Set<String>] = [
    "console": Set(
      ["--lab", "--at", "--port", "--expiry-warning-days", "--theme", "--no-color", "--ascii"]
        + resolver),
    "check": Set(["--lab", "--json", "--at", "--port", "--expiry-warning-days"] + resolver),
    "chain": Set(["--lab", "--json", "--at", "--expiry-warning-days", "--ascii"] + resolver),
    "trace": Set(["--at", "--port", "--tlsa-name", "--tlsa-record"] + resolver),
    "tlsa": Set(
      ["--from", "--usage", "--selector", "--matching-type", "--tlsa-name", "--port"] + resolver),
    "lab list": [],
    "lab show": [],
    "lab export": ["--at", "--listen"],
    "lab serve": ["--at", "--listen", "--port"],
  ]

  /// Options a command reads, but not together with `--lab`, and why.
  static let notWithLab: [String: String] = {
    var reasons = ["--port": "the lab's servers have their own ports"]
    for option in upstream {
      reasons[option] = "the lab answers from its own zones, with its own trust anchor"
    }
    return reasons
  }()

  /// The command `parsed` runs, as `accepted` names it; nil when the first word names none
  /// (the router says so).
  static func command(of parsed: ParsedArguments) -> String? {
    guard let first = parsed.positionals.first else { return "console" }
    switch first {
    case "check", "chain", "trace", "tlsa": return first
    case "lab":
      let sub = parsed.positionals.dropFirst().first ?? "list"
      return accepted["lab " + sub] == nil ? nil : "lab " + sub
    default:
      return CommandRouter.isConsoleDomain(first, parsed) ? "console" : nil
    }
  }

  /// Options that only change how text output looks, so that beside `--json` they would be
  /// accepted and ignored; with what they change.
  static let textOnly = ["--ascii": "how the text tree is drawn"]

  /// Refuses the first option (in command-line order) that `command` does not read, or does
  /// not read together with the others given.
  static func check(_ parsed: ParsedArguments, command: String) throws(UsageError) {
    guard let accepted = accepted[command] else { return }
    let named = command == "console" ? "the console" : command
    let given = parsed.optionPositions.sorted { $0.value < $1.value }
    for (option, position) in given where option != "--help" && option != "--version" {
      guard accepted.contains(option) else {
        throw UsageError("\(option) does not apply to \(named)", at: position)
      }
      if parsed.has("--lab"), let reason = notWithLab[option] {
        let withLab = command == "console" ? "the console with --lab" : "\(command) --lab"
        throw UsageError("\(option) does not apply to \(withLab) (\(reason))", at: position)
      }
      if parsed.has("--json"), let changes = textOnly[option] {
        throw UsageError(
          "\(option) does not apply to \(command) --json (it changes only \(changes), and JSON"
            + " is not drawn)", at: position)
      }
    }
  }
}
