/// Typed record data. The codecs (wire and presentation, both ways) live in RDataWire.swift and
/// RDataPresentation.swift; canonical form in CanonicalForm.swift.
public enum RData: Sendable, Hashable {
  case a(IPv4Address)
  case aaaa(IPv6Address)
  case ns(DNSName)
  case cname(DNSName)
  case dname(DNSName)
  case ptr(DNSName)
  case soa(SOAData)
  case mx(MXData)
  case txt([[UInt8]])
  case ds(DSData)
  case cds(DSData)
  case dnskey(DNSKEYData)
  case cdnskey(DNSKEYData)
  case rrsig(RRSIGData)
  case nsec(NSECData)
  case nsec3(NSEC3Data)
  case nsec3param(NSEC3PARAMData)
  case tlsa(TLSAData)
  case opt([EDNSOption])
  /// RFC 3597: any type danescope does not decode, kept as opaque octets.
  case unknown(type: UInt16, data: [UInt8])

  public var type: RRType {
    switch self {
    case .a: return .a
    case .aaaa: return .aaaa
    case .ns: return .ns
    case .cname: return .cname
    case .dname: return .dname
    case .ptr: return .ptr
    case .soa: return .soa
    case .mx: return .mx
    case .txt: return .txt
    case .ds: return .ds
    case .cds: return .cds
    case .dnskey: return .dnskey
    case .cdnskey: return .cdnskey
    case .rrsig: return .rrsig
    case .nsec: return .nsec
    case .nsec3: return .nsec3
    case .nsec3param: return .nsec3param
    case .tlsa: return .tlsa
    case .opt: return .opt
    case .unknown(let type, _): return RRType(rawValue: type)
    }
  }
}

public struct SOAData: Sendable, Hashable {
  public var mname: DNSName
  public var rname: DNSName
  public var serial: UInt32
  public var refresh: UInt32
  public var retry: UInt32
  public var expire: UInt32
  public var minimum: UInt32

  public init(
    mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32,
    expire: UInt32, minimum: UInt32
  ) {
    self.mname = mname
    self.rname = rname
    self.serial = serial
    self.refresh = refresh
    self.retry = retry
    self.expire = expire
    self.minimum = minimum
  }
}

public struct MXData: Sendable, Hashable {
  public var preference: UInt16
  public var exchange: DNSName

  public init(preference: UInt16, exchange: DNSName) {
    self.preference = preference
    self.exchange = exchange
  }
}

/// DS and CDS (RFC 4034 §5).
public struct DSData: Sendable, Hashable {
  public var keyTag: UInt16
  public var algorithm: DNSSECAlgorithm
  public var digestType: DSDigestType
  public var digest: [UInt8]

  public init(keyTag: UInt16, algorithm: DNSSECAlgorithm, digestType: DSDigestType, digest: [UInt8])
  {
    self.keyTag = keyTag
    self.algorithm = algorithm
    self.digestType = digestType
    self.digest = digest
  }
}

/// DNSKEY and CDNSKEY (RFC 4034 §2).
public struct DNSKEYData: Sendable, Hashable {
  public static let zoneKeyFlag: UInt16 = 0x0100  // bit 7
  public static let revokeFlag: UInt16 = 0x0080  // bit 8, RFC 5011
  public static let secureEntryPointFlag: UInt16 = 0x0001  // bit 15

  public var flags: UInt16
  public var protocolField: UInt8
  public var algorithm: DNSSECAlgorithm
  public var publicKey: [UInt8]

  public init(
    flags: UInt16, protocolField: UInt8 = 3, algorithm: DNSSECAlgorithm, publicKey: [UInt8]
  ) {
    self.flags = flags
    self.protocolField = protocolField
    self.algorithm = algorithm
    self.publicKey = publicKey
  }

  public var isZoneKey: Bool { flags & Self.zoneKeyFlag != 0 }
  public var isSecureEntryPoint: Bool { flags & Self.secureEntryPointFlag != 0 }
  public var isRevoked: Bool { flags & Self.revokeFlag != 0 }
}

/// RRSIG (RFC 4034 §3).
public struct RRSIGData: Sendable, Hashable {
  public var typeCovered: RRType
  public var algorithm: DNSSECAlgorithm
  public var labels: UInt8
  public var originalTTL: UInt32
  /// Seconds since the epoch, modulo 2^32 (RFC 4034 §3.1.5: serial-number arithmetic).
  public var expiration: UInt32
  public var inception: UInt32
  public var keyTag: UInt16
  public var signerName: DNSName
  public var signature: [UInt8]

  public init(
    typeCovered: RRType, algorithm: DNSSECAlgorithm, labels: UInt8, originalTTL: UInt32,
    expiration: UInt32, inception: UInt32, keyTag: UInt16, signerName: DNSName, signature: [UInt8]
  ) {
    self.typeCovered = typeCovered
    self.algorithm = algorithm
    self.labels = labels
    self.originalTTL = originalTTL
    self.expiration = expiration
    self.inception = inception
    self.keyTag = keyTag
    self.signerName = signerName
    self.signature = signature
  }
}

/// A type bit map (RFC 4034 §4.1.2), kept as the sorted set of types it lists.
public struct TypeBitMap: Sendable, Hashable, CustomStringConvertible {
  public var types: [RRType]

  public init(_ types: [RRType]) {
    self.types = Array(Set(types)).sorted()
  }

  public func contains(_ type: RRType) -> Bool { types.contains(type) }

  public var description: String { types.map(\.description).joined(separator: " ") }
}

public struct NSECData: Sendable, Hashable {
  public var nextDomain: DNSName
  public var types: TypeBitMap

  public init(nextDomain: DNSName, types: TypeBitMap) {
    self.nextDomain = nextDomain
    self.types = types
  }
}

/// NSEC3 (RFC 5155 §3).
public struct NSEC3Data: Sendable, Hashable {
  public static let optOutFlag: UInt8 = 0x01

  public var hashAlgorithm: UInt8
  public var flags: UInt8
  public var iterations: UInt16
  public var salt: [UInt8]
  public var nextHashedOwner: [UInt8]
  public var types: TypeBitMap

  public init(
    hashAlgorithm: UInt8, flags: UInt8, iterations: UInt16, salt: [UInt8],
    nextHashedOwner: [UInt8], types: TypeBitMap
  ) {
    self.hashAlgorithm = hashAlgorithm
    self.flags = flags
    self.iterations = iterations
    self.salt = salt
    self.nextHashedOwner = nextHashedOwner
    self.types = types
  }

  public var isOptOut: Bool { flags & Self.optOutFlag != 0 }
}

public struct NSEC3PARAMData: Sendable, Hashable {
  public var hashAlgorithm: UInt8
  public var flags: UInt8
  public var iterations: UInt16
  public var salt: [UInt8]

  public init(hashAlgorithm: UInt8, flags: UInt8, iterations: UInt16, salt: [UInt8]) {
    self.hashAlgorithm = hashAlgorithm
    self.flags = flags
    self.iterations = iterations
    self.salt = salt
  }
}

/// TLSA (RFC 6698 §2). Fields keep unassigned values so that unusable records can be shown.
public struct TLSAData: Sendable, Hashable {
  public var usage: TLSAUsage
  public var selector: TLSASelector
  public var matchingType: TLSAMatchingType
  public var data: [UInt8]

  public init(
    usage: TLSAUsage, selector: TLSASelector, matchingType: TLSAMatchingType, data: [UInt8]
  ) {
    self.usage = usage
    self.selector = selector
    self.matchingType = matchingType
    self.data = data
  }
}

public enum TLSAUsage: Sendable, Hashable, CustomStringConvertible {
  case pkixTA, pkixEE, daneTA, daneEE, privateUse
  case unassigned(UInt8)

  public init(rawValue: UInt8) {
    switch rawValue {
    case 0: self = .pkixTA
    case 1: self = .pkixEE
    case 2: self = .daneTA
    case 3: self = .daneEE
    case 255: self = .privateUse
    default: self = .unassigned(rawValue)
    }
  }

  public var rawValue: UInt8 {
    switch self {
    case .pkixTA: return 0
    case .pkixEE: return 1
    case .daneTA: return 2
    case .daneEE: return 3
    case .privateUse: return 255
    case .unassigned(let value): return value
    }
  }

  /// RFC 7218 acronym with the number: `DANE-EE(3)`.
  public var description: String {
    switch self {
    case .pkixTA: return "PKIX-TA(0)"
    case .pkixEE: return "PKIX-EE(1)"
    case .daneTA: return "DANE-TA(2)"
    case .daneEE: return "DANE-EE(3)"
    case .privateUse: return "PrivCert(255)"
    case .unassigned(let value): return "unassigned(\(value))"
    }
  }
}

public enum TLSASelector: Sendable, Hashable, CustomStringConvertible {
  case fullCertificate, subjectPublicKeyInfo, privateUse
  case unassigned(UInt8)

  public init(rawValue: UInt8) {
    switch rawValue {
    case 0: self = .fullCertificate
    case 1: self = .subjectPublicKeyInfo
    case 255: self = .privateUse
    default: self = .unassigned(rawValue)
    }
  }

  public var rawValue: UInt8 {
    switch self {
    case .fullCertificate: return 0
    case .subjectPublicKeyInfo: return 1
    case .privateUse: return 255
    case .unassigned(let value): return value
    }
  }

  public var description: String {
    switch self {
    case .fullCertificate: return "Cert(0)"
    case .subjectPublicKeyInfo: return "SPKI(1)"
    case .privateUse: return "PrivSel(255)"
    case .unassigned(let value): return "unassigned(\(value))"
    }
  }
}

public enum TLSAMatchingType: Sendable, Hashable, CustomStringConvertible {
  case full, sha256, sha512, privateUse
  case unassigned(UInt8)

  public init(rawValue: UInt8) {
    switch rawValue {
    case 0: self = .full
    case 1: self = .sha256
    case 2: self = .sha512
    case 255: self = .privateUse
    default: self = .unassigned(rawValue)
    }
  }

  public var rawValue: UInt8 {
    switch self {
    case .full: return 0
    case .sha256: return 1
    case .sha512: return 2
    case .privateUse: return 255
    case .unassigned(let value): return value
    }
  }

  /// Length of the association data for hashed types.
  public var digestLength: Int? {
    switch self {
    case .sha256: return 32
    case .sha512: return 64
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .full: return "Full(0)"
    case .sha256: return "SHA2-256(1)"
    case .sha512: return "SHA2-512(2)"
    case .privateUse: return "PrivMatch(255)"
    case .unassigned(let value): return "unassigned(\(value))"
    }
  }
}

/// One EDNS option (RFC 6891 §6.1.2). Extended DNS Errors (code 15) are decoded by the message
/// layer into `ExtendedDNSError`.
public struct EDNSOption: Sendable, Hashable {
  public var code: UInt16
  public var data: [UInt8]

  public init(code: UInt16, data: [UInt8]) {
    self.code = code
    self.data = data
  }
}
