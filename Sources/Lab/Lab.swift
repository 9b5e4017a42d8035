import FoundationEssentials
import ValidationCore

/// The embedded lab: DNSSEC-signed zones under a private root and real STARTTLS servers on
/// loopback, made in-process, one scenario per DANE lesson. `build` makes the zones and
/// certificates; `start` also writes them to a private folder and starts the SMTP servers.
public enum Lab {
  /// The lab TLD. `example.` is reserved by RFC 2606 §2 and, unlike `test.`, is not one of
  /// unbound's built-in local zones, so it needs no `local-zone: nodefault` line anywhere.
  public static let tld = name("example.")

  public static var scenarios: [Scenario] { ScenarioCatalog.all }

  public static func scenario(named name: String) -> Scenario? {
    let wanted = name.lowercased().hasSuffix(".") ? name.lowercased() : name.lowercased() + "."
    return scenarios.first {
      $0.name == name.lowercased() || $0.domain.description.lowercased() == wanted
    }
  }

  /// `name.example.`
  public static func domain(for scenario: String) -> DNSName { child(scenario, of: tld) }

  /// Builds every zone (signed, windows around `clock.now`), certificate and host of the lab.
  public static func build(clock: Clock, keys: LabKeyCache = .userDefault) throws(LabError)
    -> LabBuild
  {
    let now = clock.now
    let pki = try LabPKI(now: now, keys: keys)
    let hierarchy = LabHierarchy(keys: keys, pki: pki, window: .around(now))
    let result = try hierarchy.build(scenarios)
    var build = LabBuild(
      zones: result.zones, trustAnchor: result.trustAnchor, hosts: result.hosts,
      authority: pki.authority, intermediate: pki.intermediate, builtAt: now)
    build.keyCacheProblem = keys.problem
    return build
  }

  // MARK: Names

  /// A name the lab spells as a constant. Every caller passes a literal that is a valid name.
  static func name(_ text: String) -> DNSName {
    do {
      return try DNSName(text)
    } catch {
      preconditionFailure("lab name constant '\(text)' is invalid: \(error)")
    }
  }

  static func child(_ label: String, of parent: DNSName) -> DNSName {
    do {
      return try parent.prepending(label)
    } catch {
      preconditionFailure("lab name '\(label).\(parent)' is invalid: \(error)")
    }
  }
}
