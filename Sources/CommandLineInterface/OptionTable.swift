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
    OptionSpec("--lab", .flag, "use the embedded lab (signed zones and STARTTLS servers, no network)"),
    OptionSpec("--json", .flag, "print the report as JSON (check, chain)"),
    OptionSpec("--at", .value(placeholder: "TIME"),
      "judge signature and certificate windows as of TIME: an ISO 8601 time"
        + " (2026-12-04T16:00:00Z) or date (2026-12-04, midnight UTC) or Unix seconds,"
        + " from 1970 to 9999-12-31T23:59:59Z"),
    OptionSpec("--resolver-conf", .value(placeholder: "FILE"),
      "use an unbound.conf (stubs, forwarders, auth-zones, trust anchors)"),
    OptionSpec("--forwarder", .repeatedValue(placeholder: "ADDR[@PORT]"),
      "validate locally, forwarding queries to ADDR (repeatable)"),
    OptionSpec("--trust-anchor", .value(placeholder: "FILE"),
      "trust anchor file (DS or DNSKEY records) instead of the root key"),
    OptionSpec("--recursive", .flag, "resolve from the root hints instead of the system resolvers"),
    OptionSpec("--timeout", .value(placeholder: "SECONDS"), "per-query and per-step timeout (default 10)"),
    OptionSpec("--log-file", .value(placeholder: "FILE"), "write logs (and libunbound's) to FILE"),
    OptionSpec("--expiry-warning-days", .value(placeholder: "DAYS"),
      "warn when a signature expires within DAYS (default 7)"),
    OptionSpec("--port", .value(placeholder: "PORT"),
      "SMTP port to probe (default 25); `lab serve`: the port its SMTP servers listen on"),
    OptionSpec("--tlsa-name", .value(placeholder: "NAME"), "TLSA base domain for `trace`"),
    OptionSpec("--tlsa-record", .repeatedValue(placeholder: "\"U S M HEX\""), "`trace`: a TLSA record to check (repeatable)"),
    OptionSpec("--from", .value(placeholder: "HOST[:PORT]"), "`tlsa`: take the certificate from a server"),
    OptionSpec("--usage", .value(placeholder: "N"), "`tlsa`: certificate usage (default 3)"),
    OptionSpec("--selector", .value(placeholder: "N"), "`tlsa`: selector (default 1)"),
    OptionSpec("--matching-type", .value(placeholder: "N"), "`tlsa`: matching type (default 1)"),
    OptionSpec("--listen", .value(placeholder: "ADDR[@PORT]"),
      "`lab serve`: where to serve DNS; `lab export`: where its unbound.conf listens"),
    OptionSpec("--theme", .value(placeholder: "NAME"), "console theme (dark, light, high-contrast, mono)"),
    OptionSpec("--no-color", .flag, "monochrome console (also when NO_COLOR is set)"),
    OptionSpec("--ascii", .flag, "draw without Unicode line characters"),
  ]

  public static func spec(named name: String) -> OptionSpec? {
    global.first { $0.name == name }
  }
}
