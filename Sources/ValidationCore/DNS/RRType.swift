/// A resource record type (RFC 1035 §3.2.2 and later). Types danescope decodes have a case;
/// any other keeps its number in `unassigned` and its data as RFC 3597 unknown data.
public enum RRType: Sendable, Hashable, Comparable, CustomStringConvertible {
  case a, ns, cname, soa, ptr, mx, txt, aaaa, dname, opt, ds, rrsig, nsec, dnskey, nsec3
  case nsec3param, tlsa, cds, cdnskey, any
  case unassigned(UInt16)

  private static let known: [(RRType, UInt16, String)] = [
    (.a, 1, "A"), (.ns, 2, "NS"), (.cname, 5, "CNAME"), (.soa, 6, "SOA"), (.ptr, 12, "PTR"),
    (.mx, 15, "MX"), (.txt, 16, "TXT"), (.aaaa, 28, "AAAA"), (.dname, 39, "DNAME"),
    (.opt, 41, "OPT"), (.ds, 43, "DS"), (.rrsig, 46, "RRSIG"), (.nsec, 47, "NSEC"),
    (.dnskey, 48, "DNSKEY"), (.nsec3, 50, "NSEC3"), (.nsec3param, 51, "NSEC3PARAM"),
    (.tlsa, 52, "TLSA"), (.cds, 59, "CDS"), (.cdnskey, 60, "CDNSKEY"), (.any, 255, "ANY"),
  ]

  public init(rawValue: UInt16) {
    self = Self.known.first { $0.1 == rawValue }?.0 ?? .unassigned(rawValue)
  }

  public var rawValue: UInt16 {
    if case .unassigned(let value) = self { return value }
    return Self.known.first { $0.0 == self }!.1
  }

  /// Mnemonic, or `TYPE123` (RFC 3597 §5). Types kept as unknown data but with a known layout
  /// (SRV, CAA, …, see RecordLayout.swift) print their mnemonic.
  public var description: String {
    if case .unassigned(let value) = self {
      return RecordLayout.forType(value)?.mnemonic ?? "TYPE\(value)"
    }
    return Self.known.first { $0.0 == self }!.2
  }

  /// Parses a mnemonic (any case) or `TYPEnnn`.
  public init?(mnemonic: String) {
    let upper = mnemonic.uppercased()
    if let entry = Self.known.first(where: { $0.2 == upper }) {
      self = entry.0
    } else if let value = RecordLayout.type(forMnemonic: upper) {
      self = .unassigned(value)
    } else if upper.hasPrefix("TYPE"), let value = UInt16(upper.dropFirst(4)) {
      self.init(rawValue: value)
    } else {
      return nil
    }
  }

  public static func < (lhs: RRType, rhs: RRType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A record class. Only IN matters to danescope; the others are kept by number.
public enum RRClass: Sendable, Hashable, CustomStringConvertible {
  case `in`, ch, hs, none, any
  case unassigned(UInt16)

  public init(rawValue: UInt16) {
    switch rawValue {
    case 1: self = .in
    case 3: self = .ch
    case 4: self = .hs
    case 254: self = .none
    case 255: self = .any
    default: self = .unassigned(rawValue)
    }
  }

  public var rawValue: UInt16 {
    switch self {
    case .in: return 1
    case .ch: return 3
    case .hs: return 4
    case .none: return 254
    case .any: return 255
    case .unassigned(let value): return value
    }
  }

  public var description: String {
    switch self {
    case .in: return "IN"
    case .ch: return "CH"
    case .hs: return "HS"
    case .none: return "NONE"
    case .any: return "ANY"
    case .unassigned(let value): return "CLASS\(value)"
    }
  }

  public init?(mnemonic: String) {
    switch mnemonic.uppercased() {
    case "IN": self = .in
    case "CH": self = .ch
    case "HS": self = .hs
    case "NONE": self = .none
    case "ANY": self = .any
    case let upper where upper.hasPrefix("CLASS"):
      guard let value = UInt16(upper.dropFirst(5)) else { return nil }
      self.init(rawValue: value)
    default: return nil
    }
  }
}

/// DNSSEC algorithm numbers (IANA "DNS Security Algorithm Numbers").
public enum DNSSECAlgorithm: Sendable, Hashable, CustomStringConvertible {
  case rsaMD5, dsa, rsaSHA1, dsaNSEC3SHA1, rsaSHA1NSEC3SHA1, rsaSHA256, rsaSHA512
  case eccGOST, ecdsaP256SHA256, ecdsaP384SHA384, ed25519, ed448
  case unassigned(UInt8)

  private static let table: [(DNSSECAlgorithm, UInt8, String)] = [
    (.rsaMD5, 1, "RSAMD5"), (.dsa, 3, "DSA"), (.rsaSHA1, 5, "RSASHA1"),
    (.dsaNSEC3SHA1, 6, "DSA-NSEC3-SHA1"), (.rsaSHA1NSEC3SHA1, 7, "RSASHA1-NSEC3-SHA1"),
    (.rsaSHA256, 8, "RSASHA256"), (.rsaSHA512, 10, "RSASHA512"), (.eccGOST, 12, "ECC-GOST"),
    (.ecdsaP256SHA256, 13, "ECDSAP256SHA256"), (.ecdsaP384SHA384, 14, "ECDSAP384SHA384"),
    (.ed25519, 15, "ED25519"), (.ed448, 16, "ED448"),
  ]

  public init(rawValue: UInt8) {
    self = Self.table.first { $0.1 == rawValue }?.0 ?? .unassigned(rawValue)
  }

  public var rawValue: UInt8 {
    if case .unassigned(let value) = self { return value }
    return Self.table.first { $0.0 == self }!.1
  }

  public var mnemonic: String {
    if case .unassigned(let value) = self { return "ALG\(value)" }
    return Self.table.first { $0.0 == self }!.2
  }

  public var description: String { "\(mnemonic)(\(rawValue))" }

  /// Parses a mnemonic such as `ECDSAP256SHA256` (any case); numbers are read by the caller.
  public init?(mnemonic: String) {
    let upper = mnemonic.uppercased()
    guard let entry = Self.table.first(where: { $0.2 == upper }) else { return nil }
    self = entry.0
  }
}

/// DS digest types (IANA "Delegation Signer (DS) Resource Record Type Digest Algorithms").
public enum DSDigestType: Sendable, Hashable, CustomStringConvertible {
  case sha1, sha256, gostR341194, sha384
  case unassigned(UInt8)

  public init(rawValue: UInt8) {
    switch rawValue {
    case 1: self = .sha1
    case 2: self = .sha256
    case 3: self = .gostR341194
    case 4: self = .sha384
    default: self = .unassigned(rawValue)
    }
  }

  public var rawValue: UInt8 {
    switch self {
    case .sha1: return 1
    case .sha256: return 2
    case .gostR341194: return 3
    case .sha384: return 4
    case .unassigned(let value): return value
    }
  }

  /// Digest length in octets, when known.
  public var digestLength: Int? {
    switch self {
    case .sha1: return 20
    case .sha256, .gostR341194: return 32
    case .sha384: return 48
    case .unassigned: return nil
    }
  }

  public var description: String {
    switch self {
    case .sha1: return "SHA-1(1)"
    case .sha256: return "SHA-256(2)"
    case .gostR341194: return "GOST(3)"
    case .sha384: return "SHA-384(4)"
    case .unassigned(let value): return "DIGEST\(value)"
    }
  }
}
