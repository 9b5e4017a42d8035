import FoundationEssentials

/// One finished query, as the console's DNS log shows it and as tests assert it. A resolver
/// emits exactly one event per `query` call, whatever its outcome.
public struct ResolverEvent: Sendable, Hashable {
  public let name: DNSName
  public let type: RRType
  public let start: Date
  public let end: Date
  public let status: SecurityStatus
  /// Nil when no answer arrived (timeout, cancellation, resolver error).
  public let rcode: DNSRcode?

  public init(
    name: DNSName, type: RRType, start: Date, end: Date, status: SecurityStatus,
    rcode: DNSRcode?
  ) {
    self.name = name
    self.type = type
    self.start = start
    self.end = end
    self.status = status
    self.rcode = rcode
  }
}

/// Where a resolver sends its events. Called on a resolver thread: keep it short.
public typealias ResolverEventHandler = @Sendable (ResolverEvent) -> Void
