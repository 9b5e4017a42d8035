import FoundationEssentials

/// Where "now" comes from. Everything that judges a validity window takes a clock, so tests and
/// `--at` can fix the time.
public protocol Clock: Sendable {
  var now: Date { get }
}

public struct SystemClock: Clock {
  public init() {}
  public var now: Date { Date() }
}

public struct FixedClock: Clock {
  public let now: Date
  public init(_ now: Date) { self.now = now }
}
