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
