/// The EDNS(0) OPT pseudo-record of a message (RFC 6891 §6.1): its CLASS is the requester's UDP
/// payload size, its TTL packs the extended RCODE (kept in `DNSMessage.rcode`), the version,
/// the DO bit (RFC 3225) and 15 reserved Z bits.
public struct EDNS: Sendable, Hashable {
  public static let doFlag: UInt16 = 0x8000

  public var udpPayloadSize: UInt16
  public var version: UInt8
  public var isDNSSECOK: Bool
  /// The reserved flag bits other than DO, kept so that a message round-trips.
  public var reservedFlags: UInt16
  public var options: [EDNSOption]

  public init(
    udpPayloadSize: UInt16 = 1232, version: UInt8 = 0, isDNSSECOK: Bool = false,
    reservedFlags: UInt16 = 0, options: [EDNSOption] = []
  ) {
    self.udpPayloadSize = udpPayloadSize
    self.version = version
    self.isDNSSECOK = isDNSSECOK
    self.reservedFlags = reservedFlags & ~Self.doFlag
    self.options = options
  }

  /// The Extended DNS Errors among the options, in order (checked well-formed when read).
  public var extendedErrors: [ExtendedDNSError] {
    options.filter { $0.code == ExtendedDNSError.optionCode }.compactMap {
      ExtendedDNSError(optionData: $0.data)
    }
  }
}
