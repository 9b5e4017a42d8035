import Foundation
import Lab
import ValidationCore

/// The embedded lab as the console's source: the scenario list in the navigation tree, each
/// scenario's domain checked against the lab's own zones and STARTTLS servers.
public final class LabConsoleSource: ConsoleSource, @unchecked Sendable {
  public init() {}

  public var label: String { "lab" }

  public func start(emit: @escaping EventSink) async {
    emit(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
  }

  public func check(domain: String, emit: @escaping EventSink) async {
    // TODO: replaced when the lab's start-up and the policy check land on main; until then the
    // console lists the scenarios and says plainly that it cannot check them.
    emit(.message("Checking lab domains is not built yet in this version.", isError: true))
  }

  public func probe(_ key: ProbeKey, domain: String, emit: @escaping EventSink) async {
    emit(.message("Probing is not built yet in this version.", isError: true))
  }

  public func stop() async {}
}
