/// The navigation tree on the left: domain → MX hosts → addresses; in the lab, the scenario
/// list with the open scenario's hosts and addresses under it.
public struct NavigationItem: Sendable, Equatable {
  public enum Target: Sendable, Equatable {
    case scenario(ScenarioEntry)
    case domain(String)
    case host(String)
    case address(ProbeKey)
  }

  public var target: Target
  public var depth: Int
  public var text: String
  public var role: Role
}

enum NavigationTree {
  static func items(_ state: ConsoleState) -> [NavigationItem] {
    var items: [NavigationItem] = []
    if state.scenarios.isEmpty {
      return openDomainItems(state, depth: 0)
    }
    // A name below a scenario's domain (`mail.mx-cname.example`, `mx1.two-mx.example`) is
    // listed under that scenario, with its own hosts, so that the cursor can stand on it.
    let holder = state.currentScenario == nil ? holdingScenario(state) : nil
    for scenario in state.scenarios {
      let isOpen = ConsoleState.isSameDomain(scenario.domain, state.domain)
      items.append(NavigationItem(target: .scenario(scenario), depth: 0, text: scenario.name,
        role: isOpen ? .title : .normal))
      if isOpen { items += hostItems(state, depth: 1) }
      if scenario == holder { items += openDomainItems(state, depth: 1) }
    }
    // Not in the lab's scenarios at all: the domain is listed after them.
    if state.currentScenario == nil, holder == nil { items += openDomainItems(state, depth: 0) }
    return items
  }

  /// The open domain's row, then its hosts and addresses under it; nothing when none is open.
  private static func openDomainItems(_ state: ConsoleState, depth: Int) -> [NavigationItem] {
    guard let domain = state.domain else { return [] }
    let judged = state.isRechecking ? nil : state.report.map { HeaderBadges.dnssec($0).1 }
    let role = judged ?? .pending
    return [NavigationItem(target: .domain(domain), depth: depth, text: domain, role: role)]
      + hostItems(state, depth: depth + 1)
  }

  /// The scenario whose domain the open domain lies below (the deepest, should two nest).
  private static func holdingScenario(_ state: ConsoleState) -> ScenarioEntry? {
    guard let domain = state.domain else { return nil }
    return state.scenarios.filter { ConsoleState.isAtOrBelow(domain, $0.domain) }
      .max { $0.domain.count < $1.domain.count }
  }

  private static func hostItems(_ state: ConsoleState, depth: Int) -> [NavigationItem] {
    guard let report = state.report, ConsoleState.isSameDomain(report.domain, state.domain) else {
      return []
    }
    var items: [NavigationItem] = []
    for host in report.hosts {
      let addresses = host.addresses.map { address in
        let key = ProbeKey(host: host.name, address: address.text)
        let verdict = state.traces[key]?.verdict ?? address.verdict
        return NavigationItem(target: .address(key), depth: depth + 1, text: address.text,
          role: verdict.role)
      }
      // A host is as bad as its worst address (or its TLSA set, when that is worse).
      let unprobed = host.unprobed.map { [$0.verdict.role] } ?? []
      let role = ([host.tlsa.status.role] + addresses.map(\.role) + unprobed)
        .max { badness($0) < badness($1) }
      items.append(NavigationItem(target: .host(host.name), depth: depth, text: host.name,
        role: role ?? host.tlsa.status.role))
      items += addresses
    }
    return items
  }

  /// How bad a role reads, to pick a host's worst: bogus and error first, secure last.
  private static func badness(_ role: Role) -> Int {
    switch role {
    case .bogus: return 6
    case .error: return 5
    case .indeterminate: return 4
    case .warning: return 3
    case .insecure: return 2
    case .pending: return 1
    default: return 0
    }
  }

  /// Rows cut to `width` with a visible mark where a name was cut.
  static func rows(_ state: ConsoleState, width: Int) -> [Row] {
    items(state).map { item in
      let text = String(repeating: "  ", count: item.depth) + item.text
      return Row(TextWidth.truncate(text, to: width, ascii: state.options.isASCII), item.role)
    }
  }
}
