import Foundation
import ValidationCore

/// The real network as the console's source: the system resolver (or the one the options
/// describe) and probes of the real MX hosts.
public final class NetworkConsoleSource: ConsoleSource, @unchecked Sendable {
  public struct Settings: Sendable, Equatable {
    public var resolverConf: String?
    public var forwarders: [String] = []
    public var trustAnchor: String?
    public var isRecursive = false
    public var timeout: Double = 10
    public var port: UInt16 = 25

    public init() {}
  }

  let settings: Settings

  public init(_ settings: Settings) {
    self.settings = settings
  }

  public var label: String {
    if let file = settings.resolverConf { return "resolver-conf \(URL(fileURLWithPath: file).lastPathComponent)" }
    if !settings.forwarders.isEmpty { return "forwarder \(settings.forwarders.joined(separator: ","))" }
    return settings.isRecursive ? "recursive" : "system resolver"
  }

  public func start(emit: @escaping EventSink) async {}

  public func check(domain: String, emit: @escaping EventSink) async {
    // TODO: replaced when the resolver and the policy check land on main.
    emit(.message("Checking domains is not built yet in this version.", isError: true))
  }

  public func probe(_ key: ProbeKey, domain: String, emit: @escaping EventSink) async {
    emit(.message("Probing is not built yet in this version.", isError: true))
  }

  public func stop() async {}
}
