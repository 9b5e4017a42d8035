import Foundation
import Lab
import ValidationCore

/// Everything the `lab` commands print, in one place.
enum LabText {
  static func list(_ scenarios: [Scenario]) -> String {
    var lines = [
      "danescope lab: \(scenarios.count) scenarios under \(Lab.tld) (trust anchor: the lab root)",
      "",
    ]
    let width = scenarios.map(\.name.count).max() ?? 0
    for scenario in scenarios {
      let padded = scenario.name.padding(toLength: width, withPad: " ", startingAt: 0)
      lines.append("  \(padded)  \(scenario.title)")
      lines.append(
        "  " + String(repeating: " ", count: width) + "  expect: " + verdicts(scenario.expected))
    }
    lines.append("")
    lines.append("Details: danescope lab show NAME   Check one: danescope check --lab NAME.example")
    return lines.joined(separator: "\n")
  }

  /// `MX secure; mx1: TLSA secure → verified`.
  static func verdicts(_ expected: Expectation) -> String {
    var parts = ["MX \(expected.mxStatus.rawValue)"]
    if expected.hosts.isEmpty { parts.append("no MX host to try (delivery deferred)") }
    for host in expected.hosts {
      let short = host.name.description.replacingOccurrences(
        of: "." + Lab.tld.description, with: "")
      parts.append("\(short): TLSA \(host.tlsaStatus.rawValue) → \(host.verdict.rawValue)")
    }
    return parts.joined(separator: "; ")
  }

  static func show(_ scenario: Scenario) -> String {
    """
    \(scenario.domain)  \(scenario.title)

    \(scenario.lesson)

    Expected: \(verdicts(scenario.expected))
    Why: \(scenario.expected.reasoning)

    What to look at:
      Chain of trust  \(scenario.look.chain)
      TLSA            \(scenario.look.tlsa)
      Handshake       \(scenario.look.handshake)
      Findings        \(scenario.look.findings)

    Try: danescope check --lab \(scenario.domain)
    """
  }

  static func exported(_ build: LabBuild, folder: URL, listen: LabListenAddress) -> String {
    let conf = folder.appendingPathComponent(LabBuild.Layout.unboundConf).path
    let bindAnchor = folder.appendingPathComponent(LabBuild.Layout.bindTrustAnchor).path
    return """
      Wrote \(build.zones.count) signed and unsigned zones, the trust anchor and \
      \(build.hosts.count) certificate chains to \(folder.path)
        zones/           one file per zone (root.zone, example.zone, …)
        trust-anchor.ds  the lab root's DS (unbound trust-anchor-file, danescope --trust-anchor)
        trust-anchor.bind the same for delv -a
        certs/           lab CA, and each MX host's chain and key
        unbound.conf     a validating resolver over the zones on \(listen)

      Try:
        unbound -d -c \(conf)
        delv @\(listen.address) -p \(listen.port) -a \(bindAnchor) +root=. \
      _25._tcp.mx1.ee-valid.example TLSA
        ldns-verify-zone \(folder.path)/zones/ee-valid.example.zone
      The SMTP servers run only under 'danescope lab serve'.
      """
  }

  static func serving(_ lab: RunningLab, dns: LabListenAddress) -> String {
    var lines = [
      "danescope lab serve: \(lab.build.zones.count) zones on \(dns) (UDP and TCP), "
        + "\(lab.endpoints.count) STARTTLS servers on port \(lab.smtpPort)",
      "Files: \(lab.folder.path)",
      "",
      "Point other tools at it:",
      "  delv @\(dns.address) -p \(dns.port) -a \(lab.folder.path)/"
        + "\(LabBuild.Layout.bindTrustAnchor) +root=. _25._tcp.mx1.ee-valid.example TLSA",
      "  unbound.conf:  server: trust-anchor-file: \"\(lab.trustAnchorFile)\"",
      "                 forward-zone: name: \".\" forward-addr: \(dns)",
      "  danescope check --forwarder \(dns) --trust-anchor \(lab.trustAnchorFile) --port "
        + "\(lab.smtpPort) DOMAIN",
      "  posttls-finger -c -l dane DOMAIN   (its resolver must be that unbound, with "
        + "'options trust-ad';",
      "     it looks TLSA up at _PORT._tcp, so serve SMTP on port 25: --port 25, as root or in a "
        + "network namespace)",
      "",
      "MX hosts:",
    ]
    for (name, endpoint) in lab.endpoints.sorted(by: { $0.key < $1.key }) {
      lines.append("  \(name)  \(endpoint)")
    }
    lines.append("")
    lines.append("Stop with Ctrl-C.")
    return lines.joined(separator: "\n")
  }
}
