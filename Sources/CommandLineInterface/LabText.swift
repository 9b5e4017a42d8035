import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// Everything the `lab` commands print, in one place.
enum LabText {
  static func list(_ scenarios: [Scenario]) -> String {
    var lines = [
      "danescope lab: \(scenarios.count) scenarios under \(Lab.tld) (trust anchor: the lab root)",
      "",
    ]
    // Name and title on one line, the expected verdicts wrapped below (within 80 columns).
    let width = scenarios.map(\.name.count).max() ?? 0
    for scenario in scenarios {
      lines += TextWrap.hanging("  " + scenario.name, labelWidth: width + 4, scenario.title)
      lines += TextWrap.hanging("      expect: ", labelWidth: 14, verdicts(scenario.expected))
    }
    lines.append("")
    lines.append("Details: danescope lab show NAME")
    lines.append("Check one: danescope check --lab NAME.example")
    return lines.joined(separator: "\n")
  }

  /// `MX secure; mx1: TLSA secure → verified`, or for a host whose addresses are not secure
  /// `mx1: addresses insecure, TLSA not looked up → no-dane`.
  static func verdicts(_ expected: Expectation) -> String {
    var parts = ["MX \(expected.mxStatus.rawValue)"]
    if expected.hosts.isEmpty { parts.append("no MX host to try (delivery deferred)") }
    for host in expected.hosts {
      let short = host.name.description.replacing(
        "." + Lab.tld.description, with: "")
      parts.append("\(short): \(host.lookups) → \(host.verdict.rawValue)")
    }
    return parts.joined(separator: "; ")
  }

  /// One scenario's lesson, wrapped to 80 columns.
  static func show(_ scenario: Scenario) -> String {
    var lines = TextWrap.hanging("\(scenario.domain)  ", labelWidth: 0, scenario.title)
    lines.append("")
    lines.append(TextWrap.paragraphs(scenario.lesson))
    lines.append("")
    lines += TextWrap.hanging("Expected:", labelWidth: 10, verdicts(scenario.expected))
    lines += TextWrap.hanging("Why:", labelWidth: 10, scenario.expected.reasoning)
    lines.append("")
    lines.append("What to look at:")
    for (pane, note) in [
      ("Chain of trust", scenario.look.chain), ("TLSA", scenario.look.tlsa),
      ("Handshake", scenario.look.handshake), ("Findings", scenario.look.findings),
    ] {
      lines += TextWrap.hanging("  " + pane, labelWidth: 18, note)
    }
    lines.append("")
    lines.append("Try: danescope check --lab \(ShellWord.quoted(scenario.domain.description))")
    return lines.joined(separator: "\n")
  }

  /// A path as it may be printed: control characters escaped as `SanitizedText` escapes what a
  /// server sent (a path from TMPDIR or the command line could hold them).
  static func shown(_ path: String) -> String {
    SanitizedText(prose: path).text
  }

  /// A path as a word of a printed command line: shown, then quoted for a POSIX shell.
  static func shellWord(_ path: String) -> String {
    ShellWord.quoted(shown(path))
  }

  static func exported(_ build: LabBuild, folder: URL, listen: LabListenAddress) -> String {
    let conf = shellWord(folder.appendingPathComponent(LabBuild.Layout.unboundConf).path)
    let bindAnchor = shellWord(
      folder.appendingPathComponent(LabBuild.Layout.bindTrustAnchor).path)
    let zone = shellWord(folder.appendingPathComponent("zones/ee-valid.example.zone").path)
    return """
      Wrote \(build.zones.count) signed and unsigned zones, the trust anchor and \
      \(build.hosts.count) certificate chains to \(shown(folder.path))
        zones/             one file per zone (root.zone, example.zone, …)
        trust-anchor.ds    the lab root's DS (unbound trust-anchor-file,
                           danescope --trust-anchor)
        trust-anchor.bind  the same for delv -a
        certs/             lab CA, and each MX host's chain and key
        unbound.conf       a validating resolver over the zones on \(listen)
        postfix/main.cf    what posttls-finger needs (MAIL_CONFIG=DIR/postfix)

      Try:
        unbound -d -c \(conf)
        delv @\(listen.address) -p \(listen.port) -a \(bindAnchor) \\
          +root=. _25._tcp.mx1.ee-valid.example TLSA
        ldns-verify-zone \(zone)
      The SMTP servers run only under 'danescope lab serve'.
      """
  }

  /// The `lab serve` banner. Lines stay within 80 columns except where a path makes them longer.
  static func serving(_ lab: RunningLab, dns: LabListenAddress) -> String {
    let endpoints = lab.endpoints
    let serverCount = Set(endpoints.values).count
    let anchor = shown(lab.trustAnchorFile)
    let folder = shown(lab.folder.path)
    let bindAnchor = shellWord(
      lab.folder.appendingPathComponent(LabBuild.Layout.bindTrustAnchor).path)
    var lines = [
      "danescope lab serve: \(lab.build.zones.count) zones on \(dns) (UDP and TCP),",
      "  \(serverCount) STARTTLS servers on port \(lab.smtpPort)",
      "Files: \(folder)",
      "  (a private folder, removed when the lab stops; for files that stay, use",
      "  'danescope lab export DIR')",
      "",
      "Point other tools at it:",
      "  delv @\(dns.address) -p \(dns.port) \\",
      "    -a \(bindAnchor) \\",
      "    +root=. _25._tcp.mx1.ee-valid.example TLSA",
      "  unbound, validating and forwarding to it: save these lines as FILE, add",
      "  'interface: 127.0.0.1' and 'port: PORT' under server:, run unbound -d -c FILE",
    ]
    lines += forwardingUnboundConf(anchor: anchor, dns: dns).map { "    " + $0 }
    let postfix = "\(folder)/\(LabBuild.Layout.postfixConfig)"
    lines += [
      "  danescope check --forwarder \(dns) --port \(lab.smtpPort) \\",
      "    --trust-anchor \(ShellWord.quoted(anchor)) DOMAIN",
      "  MAIL_CONFIG=\(ShellWord.quoted(postfix)) posttls-finger -c -l dane DOMAIN",
      "    (MAIL_CONFIG names the main.cf it needs; it asks the system resolver, so",
      "    /etc/resolv.conf must name that unbound, with 'options trust-ad', and it",
      "    looks TLSA up at _PORT._tcp, so serve SMTP on port 25 with --port 25: do",
      "    both in a network namespace, see 'Comparing with posttls-finger' in",
      "    Docs/Lab.md)",
      "",
      "MX hosts (name, server; aliases share their host's server):",
    ]
    let sorted = endpoints.sorted { $0.key < $1.key }
    let width = sorted.map(\.key.description.count).max() ?? 0
    for (name, endpoint) in sorted {
      let text = name.description
      lines.append("  \(text + String(repeating: " ", count: width - text.count))  \(endpoint)")
    }
    lines.append("")
    lines.append("Stop with Ctrl-C.")
    return lines.joined(separator: "\n")
  }

  /// An unbound.conf that validates with the lab's trust anchor and forwards every query to
  /// `lab serve`. Each line is needed as printed: unbound refuses to query a loopback address
  /// unless `do-not-query-localhost: no`; it would switch to the `unbound` user, who cannot read
  /// the private Files folder, and (on Debian) log to syslog only, unless told otherwise; the
  /// chroot and pidfile lines let it run from any user's shell.
  static func forwardingUnboundConf(anchor: String, dns: LabListenAddress) -> [String] {
    [
      "server:",
      "  trust-anchor-file: \"\(anchor)\"",
      "  do-not-query-localhost: no",
      "  username: \"\"",
      "  chroot: \"\"",
      "  pidfile: \"\"",
      "  use-syslog: no",
      "forward-zone:",
      "  name: \".\"",
      "  forward-addr: \(dns)",
    ]
  }
}
