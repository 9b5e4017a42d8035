/// A lab scenario as the navigation tree lists it.
public struct ScenarioEntry: Sendable, Equatable {
  /// The short name the navigation tree shows (`ee-valid`).
  public var name: String
  public var domain: String
  public var title: String
  /// What the scenario teaches and what to look at in each pane.
  public var teaching: String
  /// The documented expected verdict, in words.
  public var expected: String

  public init(name: String, domain: String, title: String, teaching: String, expected: String) {
    self.name = name
    self.domain = domain
    self.title = title
    self.teaching = teaching
    self.expected = expected
  }
}

/// Something work produced, posted to the run loop. The loop applies events to the state and
/// redraws; work never touches the screen.
public enum ConsoleEvent: Sendable, Equatable {
  case scenarios([ScenarioEntry])
  /// What runs now ("looking up MX", "probing mx1 2/4"); nil when nothing runs.
  case progress(String?)
  /// A new or more complete report for `domain`.
  case report(ConsoleReport)
  case traceStarted(ProbeKey)
  case trace(ProbeKey, TraceLine)
  case traceFinished(ProbeKey, ConsoleReport.ProbeVerdict)
  case message(String, isError: Bool)
}

public typealias EventSink = @Sendable (ConsoleEvent) -> Void

/// Where the console's data comes from: the embedded lab, or the network through a resolver
/// configuration. Each call runs off the UI thread and reports through `emit`.
public protocol ConsoleSource: Sendable {
  /// Shown in the header: "lab", "system resolver", "resolver-conf unbound.conf".
  var label: String { get }
  /// Prepares the source (the lab starts its zones and servers) and emits what the navigation
  /// tree starts with.
  func start(emit: @escaping EventSink) async
  /// Checks a domain: reports as lookups finish, then traces every MX × address.
  func check(domain: String, emit: @escaping EventSink) async
  /// Runs one handshake again.
  func probe(_ key: ProbeKey, domain: String, emit: @escaping EventSink) async
  /// Stops what `start` started.
  func stop() async
}
