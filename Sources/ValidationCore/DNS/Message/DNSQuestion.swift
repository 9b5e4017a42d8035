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
