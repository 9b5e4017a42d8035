import FoundationEssentials
import ValidationCore

/// Opening, explaining and searching what the cursor is on.
extension ConsoleState {
  /// Enter in the tree: a scenario or domain is checked, a host shows its TLSA set (and picks
  /// its first address for the Handshake pane), an address its handshake. Beside the pane the
  /// tree keeps the focus, to go on picking; drawn over the pane (below 80 columns) it closes,
  /// so that what was picked shows.
  mutating func activateNavigation() -> Reaction {
    let items = navigationItems
    guard navigation.cursor < items.count else { return [] }
    let reaction: Reaction
    switch items[navigation.cursor].target {
    case .scenario(let scenario):
      reaction = open(domain: scenario.domain)
    case .domain(let name):
      reaction = open(domain: name)
    case .host(let name):
      show(.tlsa)
      let content = content(of: .tlsa)
      if let row = (0..<content.count).first(where: { content.row(at: $0).key == "host:" + name }) {
        positions[.tlsa] = ListPosition()
        move(to: row, direction: 1)
      }
      // Picking a host picks its first address too, so that the Handshake pane (3) is about
      // the host the tree's cursor is on.
      if let address = report?.hosts.first(where: { $0.name == name })?.addresses.first {
        selectedProbe = ProbeKey(host: name, address: address.text)
        isProbePicked = true
        follow = true
        followTrace()
      }
      reaction = .redraw
    case .address(let key):
      selectedProbe = key
      isProbePicked = true
      follow = true
      show(.handshake)
      followTrace()
      // A deferred host is not connected to: the pane says why, and nothing is run.
      reaction = traces[key] == nil && deferralReason(of: key) == nil ? [.redraw, .probe] : .redraw
    }
    focus = isTreeOverPane ? .pane : .navigation
    return reaction
  }

  /// Opens a domain: forgets the old report and traces, and asks the run loop to check it.
  public mutating func open(domain typed: String) -> Reaction {
    let name = Self.normalisedDomain(typed)
    domain = name
    report = nil
    isRechecking = false
    traces = [:]
    selectedProbe = nil
    isProbePicked = false
    positions = [:]
    domainHistory.removeAll { $0 == name }
    domainHistory.append(name)
    placeNavigationOnDomain()
    say("Checking \(name)…")
    return [.redraw, .check]
  }

  /// The name the console checks and shows for what was typed: fully qualified, as reports and
  /// scenarios name domains, and in lowercase, as `check` prints it (names compare without
  /// case, RFC 4343), so that the header, the tree, the TLSA owners and SNI all use one form.
  static func normalisedDomain(_ typed: String) -> String {
    if let name = try? MailDomain.parse(typed) { return name.lowercased.description }
    if let name = try? DNSName(typed) { return name.lowercased.description }
    return typed.hasSuffix(".") ? typed : typed + "."
  }

  /// Puts the tree's cursor on the open scenario or domain, however it was opened (the command
  /// line, `d`), so that the tree starts from it and j goes on to its hosts.
  mutating func placeNavigationOnDomain() {
    let index = navigationItems.firstIndex { item in
      switch item.target {
      case .scenario(let scenario): return Self.isSameDomain(scenario.domain, domain)
      case .domain(let name): return Self.isSameDomain(name, domain)
      case .host, .address: return false
      }
    }
    guard let index else { return }
    navigation.cursor = index
    keepCursorsVisible()
  }

  mutating func openInPane() -> Reaction {
    switch pane {
    case .findings, .chain, .tlsa: explainSelection()
    case .handshake: break
    }
    return .redraw
  }

  /// What the cursor is on, as something to explain.
  var explainable: Overlay? {
    if focus == .navigation {
      let items = navigationItems
      if navigation.cursor < items.count, case .scenario(let scenario) = items[navigation.cursor]
        .target
      {
        return .scenario(scenario)
      }
      return nil
    }
    let key = selectedKey
    if let key, key.hasPrefix("scenario:"), let scenario = currentScenario {
      return .scenario(scenario)
    }
    if let finding = FindingsPane.finding(forKey: key, in: report)
      ?? TLSAPane.finding(forKey: key, in: report)
      ?? ChainPane.node(forKey: key, in: report)?.findings.first
    {
      return .finding(finding)
    }
    return nil
  }

  mutating func explainSelection() {
    guard let target = explainable else {
      say("Nothing to explain here: select a finding (4 opens the Findings pane).")
      return
    }
    overlay = target
    overlayScroll = 0
  }

  // MARK: Search

  /// Moves the cursor of the focused list to the next row containing the last search.
  mutating func findNext(forward: Bool) {
    guard let needle = lastSearch, !needle.isEmpty else {
      say("No search yet: press / to search.")
      return
    }
    var texts: [String]
    // A match on a row the cursor cannot take (a summary under its finding) selects the
    // selectable row above it.
    var owner: (Int) -> Int = { $0 }
    if focus == .navigation {
      texts = navigationItems.map(\.text)
    } else {
      let content = content(of: pane)
      texts = (0..<content.count).map { content.row(at: $0).text }
      owner = { index in
        var row = index
        while row > 0, !content.row(at: row).isSelectable { row -= 1 }
        return row
      }
    }
    guard !texts.isEmpty else { return }
    let start = focusedPosition.cursor
    // Case-insensitive. FoundationEssentials has no such search; upper case then lower case
    // folds what full Foundation's folded ("ß" finds "SS", "ς" finds "Σ", "fi" finds "ﬁ").
    let fold = { (text: String) in text.uppercased().lowercased() }
    let folded = fold(needle)
    let matches = { (text: String) in fold(text).contains(folded) }
    for step in 1...texts.count {
      let index = ((start + (forward ? step : -step)) % texts.count + texts.count) % texts.count
      if matches(texts[index]), owner(index) != start {
        if focus == .pane, pane == .handshake { follow = false }
        move(to: owner(index), direction: 1)
        let total = texts.filter(matches).count
        say("/\(needle): \(total) matching line\(total == 1 ? "" : "s") (n/N for more)")
        return
      }
    }
    // Only the focused list is searched: say which, and where else to look.
    let searched = focus == .navigation ? "the navigation tree" : "the \(pane.title) pane"
    let other = focus == .navigation ? "l or → for the pane" : "h or ← for the tree"
    say("/\(needle): not found in \(searched) (\(other))", isError: true)
  }

  // MARK: Prompt

  mutating func handlePromptKey(_ key: KeyPress) -> Reaction {
    guard var prompt else { return [] }
    // Out of the state while it changes, so that its text has one owner and grows in place
    // (a copy shared with the state would be copied whole at each key of a long paste).
    self.prompt = nil
    switch key {
    case .character(let character):
      prompt.append(character)
    case .tab:
      prompt.append("\t")
    case .other(let code) where (0..<32).contains(code) || code == 127:
      // A control character (pasted, or typed with Ctrl) is kept, shown escaped, and refused
      // on Enter with the reason `check` gives, rather than dropped unseen.
      prompt.append(Character(Unicode.Scalar(UInt8(code))))
    case .backspace:
      prompt.removeLast()
    case .escape:
      clearStatusUnlessChecking()
      return .redraw
    case .up, .down:
      guard prompt.kind == .domain, !domainHistory.isEmpty else {
        self.prompt = prompt
        return []
      }
      let last = domainHistory.count - 1
      var index = prompt.historyIndex ?? (last + 1)
      index += key == .up ? -1 : 1
      index = min(max(index, 0), last + 1)
      prompt.historyIndex = index
      prompt.replaceText(with: index <= last ? domainHistory[index] : "")
    case .enter:
      return submit(prompt)
    default:
      self.prompt = prompt
      return []
    }
    self.prompt = prompt
    return .redraw
  }

  /// After a prompt is given up, the message from before it is stale (a search's count, an old
  /// "Checked …"): the status line goes back to its hint. Only "Checking NAME…" stays while
  /// that check runs, since its end replaces it with the outcome.
  private mutating func clearStatusUnlessChecking() {
    let isCheckRunning = progress != nil || report?.isComplete != true
    if let domain, isCheckRunning, statusMessage == "Checking \(domain)…" { return }
    statusMessage = nil
    statusIsError = false
    keepCursorsVisible()
  }

  private mutating func submit(_ prompt: Prompt) -> Reaction {
    let text = prompt.text.trimmingWhitespace()
    switch prompt.kind {
    case .search:
      guard !text.isEmpty else { return .redraw }
      lastSearch = text
      findNext(forward: true)
      return .redraw
    case .domain:
      guard !text.isEmpty else { return .redraw }
      // What was kept is not what was given: never check a cut name as if it were whole.
      if prompt.droppedCount > 0 {
        say("'\(Self.quoted(text))…' is not a mail domain: it was cut at \(Prompt.capacity)"
          + " octets, longer than any domain name (253, and the final dot)", isError: true)
        return .redraw
      }
      if let problem = Self.domainProblem(text) {
        say("'\(Self.quoted(text))' is not a mail domain: \(problem)", isError: true)
        return .redraw
      }
      guard !scenarios.isEmpty else { return open(domain: text) }
      // In the lab, as on the command line with --lab: a scenario's short name opens its domain,
      // and a name outside every scenario is refused (the lab's root would "prove" it missing).
      if let scenario = scenarios.first(where: { $0.name == text.lowercased() }) {
        return open(domain: scenario.domain)
      }
      guard scenarios.contains(where: { Self.isAtOrBelow(text, $0.domain) }) else {
        say(
          "'\(Self.quoted(text))' is not in the lab: give a scenario's name or domain"
            + " (the list on the left)", isError: true)
        return .redraw
      }
      return open(domain: text)
    }
  }

  /// What was typed, escaped, and shortened in the middle past 40 columns: a long name would
  /// otherwise push the reason off the status line.
  static func quoted(_ text: String) -> String {
    let shown = SanitizedText(prose: text).text
    guard shown.count > 40 else { return shown }
    return shown.prefix(24) + "…" + shown.suffix(15)
  }

  /// `name` is `domain` or a name below it, compared as DNS names (case and final dot aside).
  static func isAtOrBelow(_ name: String, _ domain: String) -> Bool {
    guard let name = try? DNSName(name), let domain = try? DNSName(domain) else { return false }
    return name.isSubdomain(of: domain)
  }

  /// Why `text` cannot be a mail domain (MailDomain's rules), or nil when it can be looked up.
  public static func domainProblem(_ text: String) -> String? {
    do {
      _ = try MailDomain.parse(text)
      return nil
    } catch {
      return error.description
    }
  }
}
