/// The unbound.conf settings a `--resolver-conf` file may not hold because they switch DNSSEC
/// validation off or weaken it: with them, libunbound calls data "insecure" (or hands it over)
/// where it would call it bogus, and a DANE sender that must defer (RFC 7672 §2.2.1) would go
/// on. Each is refused as a configuration error naming the file and line; why each is on the
/// list (and why the others that look alike are not) is in Docs/Decisions.md, D-resolver-5.
///
/// Values are judged as libunbound 1.17 reads them: `yes`/`no` exactly, numbers with atoi(3)
/// (leading digits; `1e9` is 1).
enum UnboundValidationPolicy {
  /// The keywords looked at; everything else is left to libunbound.
  static let keywords: Set<String> = [
    "val-permissive-mode", "module-config", "domain-insecure", "val-override-date",
    "insecure-lan-zones", "harden-dnssec-stripped", "val-clean-additional", "val-sig-skew-min",
    "val-sig-skew-max", "val-nsec3-keysize-iterations", "local-zone", "local-data",
    "local-data-ptr", "for-downstream",
  ]

  /// The modules a `module-config` may list: the validator, the iterator, and caches of
  /// validated answers. The others (respip for RPZ, python, dynlib, ipsecmod, ipset) can answer
  /// or change answers where the validator does not see them.
  static let modulesAllowed: Set<String> = ["validator", "iterator", "subnetcache", "cachedb"]

  /// Keywords whose setting takes two values (`local-zone: ZONE TYPE`).
  static let twoValueKeywords: Set<String> = ["local-zone"]

  /// The most clock skew libunbound may allow a signature (`val-sig-skew-max`'s default, one
  /// day): above it an expired signature stays valid for longer than a day.
  static let maximumSkew = 86_400

  /// The fewest NSEC3 iterations libunbound 1.17 checks for every key size (its default table
  /// is `1024 150 2048 150 4096 150`); above the table's count an NSEC3 answer is insecure.
  static let minimumNSEC3Iterations = 150

  /// The local-zone types that never answer from local data: libunbound's local answers are
  /// not validated, so any other type makes names in the zone unvalidated.
  static let localZoneTypesAllowed: Set<String> = [
    "nodefault", "transparent", "typetransparent", "refuse", "always_refuse", "deny",
  ]

  /// Why `keyword: values` weakens validation, or nil when it does not.
  static func problem(_ keyword: String, _ values: [String]) -> String? {
    let value = values.first ?? ""
    switch keyword {
    case "val-permissive-mode" where value == "yes":
      return "val-permissive-mode: yes makes libunbound hand over bogus answers"
        + " instead of failing them"
    case "module-config":
      let modules = value.split(separator: " ").map(String.init)
      guard let validator = modules.firstIndex(of: "validator") else {
        return "module-config without 'validator' switches DNSSEC validation off"
      }
      if let iterator = modules.firstIndex(of: "iterator"), iterator < validator {
        return "module-config puts 'iterator' before 'validator', so answers are not validated"
      }
      if let other = modules.first(where: { !modulesAllowed.contains($0) }) {
        return "module-config lists '\(other)', which can answer or change answers where the"
          + " validator does not see them (allowed: "
          + modulesAllowed.sorted().joined(separator: ", ") + ")"
      }
      return nil
    case "domain-insecure":
      return "domain-insecure: \(value) switches validation off for that domain and below"
    case "val-override-date" where !value.isEmpty && value != "0":
      return "val-override-date makes libunbound judge signature dates at another time"
        + " (or, with -1, not at all); use --at for that"
    case "insecure-lan-zones" where value == "yes":
      return "insecure-lan-zones: yes switches validation off for private reverse zones"
    case "harden-dnssec-stripped" where value == "no":
      return "harden-dnssec-stripped: no lets an answer stripped of its signatures pass as"
        + " insecure (a downgrade)"
    case "val-clean-additional" where value == "no":
      return "val-clean-additional: no keeps unsigned data in the additional section of"
        + " secure answers"
    case "val-sig-skew-min", "val-sig-skew-max":
      guard let seconds = atoiValue(value), seconds > maximumSkew else { return nil }
      return "\(keyword): \(seconds) would accept signatures more than a day past their"
        + " window (at most \(maximumSkew) seconds)"
    case "val-nsec3-keysize-iterations":
      let numbers = value.split(separator: " ").compactMap { atoiValue(String($0)) }
      let counts = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
      guard let low = counts.first(where: { $0 < minimumNSEC3Iterations }) else { return nil }
      return "val-nsec3-keysize-iterations with \(low) iterations makes NSEC3 answers with"
        + " more insecure instead of checked (at least \(minimumNSEC3Iterations))"
    case "local-zone":
      let type = values.count > 1 ? values[1] : ""
      guard !localZoneTypesAllowed.contains(type) else { return nil }
      return "local-zone: \(value) \(type) answers names in \(value) from local data, which"
        + " libunbound never validates (allowed types: "
        + localZoneTypesAllowed.sorted().joined(separator: ", ") + ")"
    case "local-data", "local-data-ptr":
      return "\(keyword) answers a name from local data, which libunbound never validates"
    default:
      return nil
    }
  }

  /// Why an `auth-zone:` clause whose `for-downstream` is `forDownstream` (nil: not given, so
  /// libunbound's default, yes) weakens validation: libunbound answers a question from such a
  /// zone itself, without the validator.
  static func authZoneProblem(forDownstream: String?) -> String? {
    guard forDownstream != "no" else { return nil }
    return "an auth-zone without 'for-downstream: no' is answered by libunbound from the zone"
      + " file without validation; give 'for-downstream: no' and 'for-upstream: yes'"
  }

  /// The number atoi(3) reads: leading blanks, a sign, then digits; nil when there are none.
  static func atoiValue(_ text: String) -> Int? {
    var rest = Substring(text).drop { $0 == " " || $0 == "\t" }
    var sign = 1
    if let first = rest.first, first == "-" || first == "+" {
      sign = first == "-" ? -1 : 1
      rest = rest.dropFirst()
    }
    let digits = rest.prefix { ("0"..."9").contains($0) }
    guard !digits.isEmpty else { return nil }
    return sign * (Int(digits.prefix(18)) ?? Int.max)
  }
}
