/// OPCODE (RFC 1035 §4.1.1, IANA "DNS OpCodes").
public enum DNSOpcode: Sendable, Hashable, CustomStringConvertible {
  case query, inverseQuery, status, notify, update, dso
  case unassigned(UInt8)

  private static let table: [(DNSOpcode, UInt8, String)] = [
    (.query, 0, "QUERY"), (.inverseQuery, 1, "IQUERY"), (.status, 2, "STATUS"),
    (.notify, 4, "NOTIFY"), (.update, 5, "UPDATE"), (.dso, 6, "DSO"),
  ]

  public init(rawValue: UInt8) {
    self = Self.table.first { $0.1 == rawValue }?.0 ?? .unassigned(rawValue)
  }

  public var rawValue: UInt8 {
    if case .unassigned(let value) = self { return value }
    return Self.table.first { $0.0 == self }!.1
  }

  public var description: String {
    if case .unassigned(let value) = self { return "OPCODE\(value)" }
    return Self.table.first { $0.0 == self }!.2
  }
}

/// RCODE, 12 bits with the EDNS extension (RFC 6891 §6.1.3, IANA "DNS RCODEs").
public enum DNSRcode: Sendable, Hashable, CustomStringConvertible {
  case noError, formatError, serverFailure, nameError, notImplemented, refused
  case yxDomain, yxRRSet, nxRRSet, notAuth, notZone, dsoTypeNotImplemented
  case badVersion, badKey, badTime, badMode, badName, badAlgorithm, badTruncation, badCookie
  case unassigned(UInt16)

  private static let table: [(DNSRcode, UInt16, String)] = [
    (.noError, 0, "NOERROR"), (.formatError, 1, "FORMERR"), (.serverFailure, 2, "SERVFAIL"),
    (.nameError, 3, "NXDOMAIN"), (.notImplemented, 4, "NOTIMP"), (.refused, 5, "REFUSED"),
    (.yxDomain, 6, "YXDOMAIN"), (.yxRRSet, 7, "YXRRSET"), (.nxRRSet, 8, "NXRRSET"),
    (.notAuth, 9, "NOTAUTH"), (.notZone, 10, "NOTZONE"), (.dsoTypeNotImplemented, 11, "DSOTYPENI"),
    (.badVersion, 16, "BADVERS"), (.badKey, 17, "BADKEY"), (.badTime, 18, "BADTIME"),
    (.badMode, 19, "BADMODE"), (.badName, 20, "BADNAME"), (.badAlgorithm, 21, "BADALG"),
    (.badTruncation, 22, "BADTRUNC"), (.badCookie, 23, "BADCOOKIE"),
  ]

  public init(rawValue: UInt16) {
    self = Self.table.first { $0.1 == rawValue }?.0 ?? .unassigned(rawValue)
  }

  public var rawValue: UInt16 {
    if case .unassigned(let value) = self { return value }
    return Self.table.first { $0.0 == self }!.1
  }

  public var description: String {
    if case .unassigned(let value) = self { return "RCODE\(value)" }
    return Self.table.first { $0.0 == self }!.2
  }
}

/// One entry of the question section.
public struct DNSQuestion: Sendable, Hashable, CustomStringConvertible {
  public var name: DNSName
  public var type: RRType
  public var rrClass: RRClass

  public init(name: DNSName, type: RRType, rrClass: RRClass = .in) {
    self.name = name
    self.type = type
    self.rrClass = rrClass
  }

  public var description: String { "\(name) \(rrClass) \(type)" }
}
