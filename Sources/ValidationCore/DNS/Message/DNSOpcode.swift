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
