/// An Extended DNS Error (RFC 8914): an INFO-CODE and optional EXTRA-TEXT, carried in EDNS
/// option 15 as a 16-bit code followed by UTF-8 text.
public struct ExtendedDNSError: Sendable, Hashable, CustomStringConvertible {
  public static let optionCode: UInt16 = 15

  public var code: Code
  /// The EXTRA-TEXT octets as received (not NUL-terminated by the RFC, though some send one).
  public var extraTextBytes: [UInt8]

  public init(code: Code, extraText: String = "") {
    self.code = code
    self.extraTextBytes = Array(extraText.utf8)
  }

  init(code: Code, extraTextBytes: [UInt8]) {
    self.code = code
    self.extraTextBytes = extraTextBytes
  }

  /// The text, safe to print: a trailing NUL dropped, read as UTF-8 and sanitised
  /// (`SanitizedText(proseOctets:)`): an octet that is not UTF-8 is `\DDD`, as is a control
  /// character, so that nothing from the network steers a terminal.
  public var extraText: String {
    var bytes = extraTextBytes[...]
    if bytes.last == 0 { bytes = bytes.dropLast() }
    return SanitizedText(proseOctets: bytes).text
  }

  public var option: EDNSOption {
    EDNSOption(
      code: Self.optionCode,
      data: [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)] + extraTextBytes)
  }

  /// Decodes option 15's data; fewer than two octets cannot hold an INFO-CODE.
  init?(optionData data: [UInt8]) {
    guard data.count >= 2 else { return nil }
    code = Code(rawValue: UInt16(data[0]) << 8 | UInt16(data[1]))
    extraTextBytes = Array(data[2...])
  }

  public var description: String {
    extraTextBytes.isEmpty ? code.description : "\(code): \(extraText)"
  }

  /// INFO-CODEs from the IANA "Extended DNS Error Codes" registry (RFC 8914 §5.2 and later).
  public enum Code: Sendable, Hashable, CustomStringConvertible {
    case other, unsupportedDNSKEYAlgorithm, unsupportedDSDigestType, staleAnswer, forgedAnswer
    case dnssecIndeterminate, dnssecBogus, signatureExpired, signatureNotYetValid, dnskeyMissing
    case rrsigsMissing, noZoneKeyBitSet, nsecMissing, cachedError, notReady, blocked, censored
    case filtered, prohibited, staleNXDomainAnswer, notAuthoritative, notSupported
    case noReachableAuthority, networkError, invalidData, signatureExpiredBeforeValid, tooEarly
    case unsupportedNSEC3IterationsValue, unableToConformToPolicy, synthesized
    case unassigned(UInt16)

    private static let table: [(Code, String)] = [
      (.other, "Other Error"), (.unsupportedDNSKEYAlgorithm, "Unsupported DNSKEY Algorithm"),
      (.unsupportedDSDigestType, "Unsupported DS Digest Type"), (.staleAnswer, "Stale Answer"),
      (.forgedAnswer, "Forged Answer"), (.dnssecIndeterminate, "DNSSEC Indeterminate"),
      (.dnssecBogus, "DNSSEC Bogus"), (.signatureExpired, "Signature Expired"),
      (.signatureNotYetValid, "Signature Not Yet Valid"), (.dnskeyMissing, "DNSKEY Missing"),
      (.rrsigsMissing, "RRSIGs Missing"), (.noZoneKeyBitSet, "No Zone Key Bit Set"),
      (.nsecMissing, "NSEC Missing"), (.cachedError, "Cached Error"), (.notReady, "Not Ready"),
      (.blocked, "Blocked"), (.censored, "Censored"), (.filtered, "Filtered"),
      (.prohibited, "Prohibited"), (.staleNXDomainAnswer, "Stale NXDomain Answer"),
      (.notAuthoritative, "Not Authoritative"), (.notSupported, "Not Supported"),
      (.noReachableAuthority, "No Reachable Authority"), (.networkError, "Network Error"),
      (.invalidData, "Invalid Data"),
      (.signatureExpiredBeforeValid, "Signature Expired before Valid"),
      (.tooEarly, "Too Early"),
      (.unsupportedNSEC3IterationsValue, "Unsupported NSEC3 Iterations Value"),
      (.unableToConformToPolicy, "Unable to conform to policy"), (.synthesized, "Synthesized"),
    ]

    public init(rawValue: UInt16) {
      self = Int(rawValue) < Self.table.count ? Self.table[Int(rawValue)].0 : .unassigned(rawValue)
    }

    public var rawValue: UInt16 {
      if case .unassigned(let value) = self { return value }
      return UInt16(Self.table.firstIndex { $0.0 == self }!)
    }

    /// The registry's name, e.g. `DNSSEC Bogus`.
    public var name: String {
      if case .unassigned(let value) = self { return "Unassigned (\(value))" }
      return Self.table[Int(rawValue)].1
    }

    public var description: String { "\(name) (\(rawValue))" }
  }
}
