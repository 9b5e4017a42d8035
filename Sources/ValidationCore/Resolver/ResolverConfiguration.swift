import FoundationEssentials
import Glibc

/// Where answers come from and what they are validated against. `UnboundSetup` turns each
/// case into the calls made on a libunbound context.
public enum ResolverConfiguration: Sendable, Hashable {
  /// Validate locally with the root trust anchor, forwarding to the resolvers named in
  /// /etc/resolv.conf; with `recursive`, resolve from the root hints instead.
  case system(recursive: Bool)
  /// Any unbound.conf: stubs, forwarders, auth-zones, trust anchors.
  case custom(configFile: String)
  /// Validate locally, forwarding every query to these servers. Without a trust anchor file
  /// the root trust anchor is used, as for `.system`.
  case forwarders([ForwarderAddress], trustAnchorFile: String?)
  /// Zones loaded from files into libunbound as auth-zones and validated from the given trust
  /// anchors (DS or DNSKEY lines). No socket is opened: a name outside the zones fails.
  case inProcess(zones: [InProcessZone], trustAnchors: [String])
}

/// A server to forward to: an IPv4 or IPv6 address and a port (53 unless given).
public struct ForwarderAddress: Sendable, Hashable, CustomStringConvertible {
  public let host: String
  public let port: UInt16

  public init(host: String, port: UInt16 = 53) throws(ForwarderAddressError) {
    guard Self.isIPAddress(host) else { throw .notAnAddress(host) }
    guard port != 0 else { throw .badPort("0") }
    self.host = host
    self.port = port
  }

  /// Parses `ADDR` or `ADDR@PORT` (the form unbound uses); IPv6 addresses need no brackets.
  public init(parsing text: String) throws(ForwarderAddressError) {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count <= 2, let first = parts.first, !first.isEmpty else {
      throw .notAnAddress(text)
    }
    var port: UInt16 = 53
    if parts.count == 2 {
      guard let value = DecimalNumber.integer(parts[1], as: UInt16.self), value != 0 else {
        throw .badPort(String(parts[1]))
      }
      port = value
    }
    try self.init(host: String(first), port: port)
  }

  /// `ADDR@PORT`, as `ub_ctx_set_fwd` and `forward-addr:` take it.
  public var description: String { "\(host)@\(port)" }

  public var isLoopback: Bool {
    host.hasPrefix("127.") || host == "::1"
  }

  static func isIPAddress(_ text: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }
}

public enum ForwarderAddressError: Error, Sendable, Hashable, CustomStringConvertible {
  case notAnAddress(String)
  case badPort(String)

  public var description: String {
    switch self {
    case .notAnAddress(let text):
      return "'\(text)' is not an IP address (expected ADDR or ADDR@PORT, e.g. 127.0.0.1@5353)"
    case .badPort(let text): return "'\(text)' is not a port number (1-65535)"
    }
  }
}

/// One zone served in-process: its origin and the zone file libunbound loads.
public struct InProcessZone: Sendable, Hashable {
  public let name: DNSName
  public let zoneFile: String

  public init(name: DNSName, zoneFile: String) {
    self.name = name
    self.zoneFile = zoneFile
  }
}
