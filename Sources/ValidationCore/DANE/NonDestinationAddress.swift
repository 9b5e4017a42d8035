import FoundationEssentials
import Glibc

/// An address that is never a valid destination for a connection (RFC 6890's special-purpose
/// registry with Destination "False", and RFC 4291 §2.5.2 and §2.7 for IPv6): the unspecified
/// address, "this network", limited broadcast and multicast; and the deprecated IPv4-compatible
/// IPv6 addresses (RFC 4291 §2.5.5.1). `check` does not probe them: on
/// Linux a connection to 0.0.0.0 or `::` reaches the local machine, so a hostile zone could
/// aim the probe at local listeners by that name. Loopback is probed (the lab and the tests use
/// it); Docs/Decisions.md says why.
public struct NonDestinationAddress: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// 0.0.0.0/8 ("this network", RFC 6890 §2.2.2) or `::` (RFC 4291 §2.5.2).
    case unspecified
    /// 224.0.0.0/4 (RFC 5771) or ff00::/8 (RFC 4291 §2.7).
    case multicast
    /// 255.255.255.255 (RFC 6890 §2.2.2, RFC 919).
    case limitedBroadcast
    /// ::/96 other than `::` and `::1`: an IPv4-compatible IPv6 address, deprecated by RFC 4291
    /// §2.5.5.1 and assigned to no host. Where a stack still takes it, it carries the packet to
    /// the IPv4 address inside (`::224.0.0.1` to multicast 224.0.0.1, `::0.0.0.1` to "this
    /// network"), around the IPv4 rules above; Docs/Decisions.md (D-policy-7).
    case ipv4Compatible
  }

  public let address: String
  public let kind: Kind
  /// Whether the range is an IPv4 one: an IPv4 address, or an IPv4-mapped IPv6 address
  /// (`::ffff:0.0.0.0` is in 0.0.0.0/8, not `::`).
  private let isIPv4Range: Bool

  /// Nil for an address that may be a destination (loopback and private ranges included), and
  /// for text that is no address at all.
  public init?(_ address: String) {
    guard let (kind, isIPv4Range) = Self.kind(of: address) else { return nil }
    self.address = address
    self.kind = kind
    self.isIPv4Range = isIPv4Range
  }

  /// `0.0.0.0/8, "this network" (RFC 6890 §2.2.2)`: what the address is, for a finding.
  public var range: String {
    switch (kind, !isIPv4Range) {
    case (.unspecified, false): return "0.0.0.0/8, \"this network\" (RFC 6890 §2.2.2)"
    case (.unspecified, true): return "::, the unspecified address (RFC 4291 §2.5.2)"
    case (.multicast, false): return "224.0.0.0/4, multicast (RFC 5771)"
    case (.multicast, true): return "ff00::/8, multicast (RFC 4291 §2.7)"
    case (.limitedBroadcast, _): return "255.255.255.255, limited broadcast (RFC 6890 §2.2.2)"
    case (.ipv4Compatible, _):
      return "::/96, a deprecated IPv4-compatible IPv6 address (RFC 4291 §2.5.5.1)"
    }
  }

  /// Why the address gets no connection, as `check` gives it for the verdict `unreachable`:
  /// `not probed: 0.0.0.0 is never a destination (…); no sender can deliver there`.
  public var notProbedReason: String {
    "not probed: \(address) is never a destination (\(range)); no sender can deliver there"
  }

  /// MX_ADDRESS_NOT_A_DESTINATION about MX host `host`: an error when the host has no other
  /// address to deliver to, a warning when it has.
  public func finding(host: String, severity: Severity) -> Finding {
    Finding(
      FindingCode("MX_ADDRESS_NOT_A_DESTINATION"), subject: host,
      evidence: [Evidence("address", address), Evidence("range", range)], severity: severity)
  }

  /// The kind, and whether its range is an IPv4 one.
  private static func kind(of address: String) -> (Kind, Bool)? {
    var ipv4 = in_addr()
    if inet_pton(AF_INET, address, &ipv4) == 1 {
      return kind(ipv4: withUnsafeBytes(of: ipv4) { Array($0) }).map { ($0, true) }
    }
    var ipv6 = in6_addr()
    guard inet_pton(AF_INET6, address, &ipv6) == 1 else { return nil }
    let octets = withUnsafeBytes(of: ipv6) { Array($0) }
    if octets.allSatisfy({ $0 == 0 }) { return (.unspecified, false) }
    if octets[0] == 0xFF { return (.multicast, false) }
    // An IPv4-mapped address (::ffff:a.b.c.d) connects to its IPv4 address.
    if octets[0..<10].allSatisfy({ $0 == 0 }), octets[10] == 0xFF, octets[11] == 0xFF {
      return kind(ipv4: Array(octets[12...])).map { ($0, true) }
    }
    // ::/96 but not ::1 (loopback, a destination): the deprecated IPv4-compatible form.
    if octets[0..<12].allSatisfy({ $0 == 0 }), octets[12..<15].contains(where: { $0 != 0 })
      || octets[15] > 1
    {
      return (.ipv4Compatible, false)
    }
    return nil
  }

  private static func kind(ipv4 octets: [UInt8]) -> Kind? {
    if octets[0] == 0 { return .unspecified }
    if octets.allSatisfy({ $0 == 0xFF }) { return .limitedBroadcast }
    if octets[0] & 0xF0 == 0xE0 { return .multicast }
    return nil
  }
}
