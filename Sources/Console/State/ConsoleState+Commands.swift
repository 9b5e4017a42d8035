/// Commands: what each key of the table does to the state. Nothing here draws or starts work;
/// the returned `Reaction` tells the run loop what to do.
extension ConsoleState {
  /// A key from the terminal: typed into the prompt when one is open, else looked up in the
  /// key table.
  public mutating func handle(_ key: KeyPress) -> Reaction {
    switch key {
    case .resize: return .redraw
    case .mouse(let x, let y, let action): return handleMouse(x: x, y: y, action: action)
    default: break
    }
    if prompt != nil { return handlePromptKey(key) }
    guard let command = KeyMap.command(for: key) else { return [] }
    return apply(command)
  }

  /// The keys read together from the terminal, in order. An Esc with other keys in the same
  /// read, before or after it, was pasted, not typed (a person's Esc arrives on its own; a
  /// paste may end with one): in a prompt it is
  /// taken as text, so that a pasted escape sequence neither ends the prompt nor has its rest
  /// run as commands; the name is then refused for its control character on Enter.
  /// A resize read with the keys is no key: it does not make an Esc pasted.
  public mutating func handle(_ keys: [KeyPress]) -> Reaction {
    var reaction: Reaction = []
    let typedCount = keys.count { $0 != .resize }
    for key in keys {
      if key == .escape, prompt != nil, typedCount > 1 {
        reaction.formUnion(handlePromptKey(.other(0x1B)))
      } else {
        reaction.formUnion(handle(key))
      }
      if reaction.contains(.quit) { break }
    }
    return reaction
  }

  public mutating func apply(_ command: Command) -> Reaction {
    if overlay != nil { return applyInOverlay(command) }
    switch command {
    case .nextPane: show(PaneKind(rawValue: (pane.rawValue + 1) % PaneKind.allCases.count)!)
    case .previousPane:
      let count = PaneKind.allCases.count
      show(PaneKind(rawValue: (pane.rawValue + count - 1) % count)!)
    case .showPane(let target): show(target)
    case .up: move(by: -1)
    case .down: move(by: 1)
    case .pageUp: page(by: -1)
    case .pageDown: page(by: 1)
    case .top:
      // Going up stops following the trace, as k and PgUp do.
      if focus == .pane, pane == .handshake { follow = false }
      move(to: 0, direction: 1)
    case .bottom: move(to: focusedCount - 1, direction: -1)
    case .focusNavigation: if navigationHeight > 0 { focus = .navigation }
    case .focusPane: focus = .pane
    case .open: return focus == .navigation ? activateNavigation() : openInPane()
    case .explain: explainSelection()
    case .search: prompt = Prompt(kind: .search)
    case .searchNext: findNext(forward: true)
    case .searchPrevious: findNext(forward: false)
    case .enterDomain: prompt = Prompt(kind: .domain)
    case .refresh:
      if pane == .handshake, let key = selectedProbe {
        if let reason = deferralReason(of: key) {
          let why = reason.hasSuffix(".") ? reason : reason + "."
          say("No handshake to run for \(key.host) [\(key.address)]: delivery to the host is"
            + " deferred, so a DANE sender does not connect to it. Why: \(why)")
          return .redraw
        }
        return [.redraw, .probe]
      }
      if let domain {
        // As when a domain is opened: the last check's "Checked …" would contradict the header.
        say("Checking \(domain)…")
        isRechecking = true
        return [.redraw, .check]
      }
      say("Nothing to refresh: press d to enter a domain.")
    case .toggleFollow:
      follow.toggle()
      if follow { followTrace() }
      say(follow ? "Following the trace." : "Not following the trace.")
    case .cycleTheme:
      let index = themeNames.firstIndex(of: themeName) ?? -1
      themeName = themeNames[(index + 1) % max(1, themeNames.count)]
      return [.redraw, .theme]
    case .help:
      overlay = .help
      overlayScroll = 0
    case .close:
      statusMessage = nil
      statusIsError = false
      if isTreeOverPane { focus = .pane }
    case .quit: return .quit
    }
    return .redraw
  }

  /// Why no handshake is run for `key`: its host is deferred (an address or TLSA lookup failed
  /// or was bogus), as the report says; nil when a handshake may be run. Once the address has a
  /// trace (a handshake ran before the verdict), `r` runs it again as usual. The check's own
  /// verdict leaves an empty log with no run behind: that is no trace.
  func deferralReason(of key: ProbeKey) -> String? {
    guard traces[key].map({ $0.runs == 0 && $0.lines.isEmpty }) ?? true,
      let address = report?.hosts.first(where: { $0.name == key.host })?.addresses
        .first(where: { $0.text == key.address }),
      address.verdict == .deferred
    else { return nil }
    return address.reason
  }

  private mutating func applyInOverlay(_ command: Command) -> Reaction {
    switch command {
    case .up: overlayScroll = max(0, overlayScroll - 1)
    case .down: overlayScroll += 1
    case .pageUp: overlayScroll = max(0, overlayScroll - max(1, layout.overlay.height - 3))
    case .pageDown: overlayScroll += max(1, layout.overlay.height - 3)
    case .top: overlayScroll = 0
    case .bottom: overlayScroll = Int.max / 2
    case .close, .quit, .open, .explain, .help: overlay = nil
    case .showPane(let target):
      overlay = nil
      show(target)
    default: return []
    }
    return .redraw
  }

  mutating func show(_ target: PaneKind) {
    pane = target
    focus = .pane
    keepCursorsVisible()
  }

  // MARK: Lists

  var focusedCount: Int {
    focus == .navigation ? navigationItems.count : content(of: pane).count
  }

  var focusedHeight: Int {
    focus == .navigation ? navigationHeight : layout.listHeight(for: pane)
  }

  var focusedPosition: ListPosition {
    get { focus == .navigation ? navigation : position(of: pane) }
    set {
      if focus == .navigation { navigation = newValue } else { positions[pane] = newValue }
    }
  }

  mutating func move(by delta: Int) {
    if focus == .pane, pane == .handshake, delta < 0 { follow = false }
    move(to: focusedPosition.cursor + delta, direction: delta < 0 ? -1 : 1)
  }

  /// PgUp (-1) and PgDn (1): the view scrolls by a page (the list's height less one row, kept
  /// for context) and the cursor moves as far, staying on the same screen row. Only the cursor
  /// moves once the view is at that end. Every press that can move the view moves it, also
  /// in the Handshake pane, whose cursor is not drawn: moving only the cursor there (until it
  /// left the view) made presses seem skipped.
  mutating func page(by direction: Int) {
    let step = max(1, focusedHeight - 1) * direction
    var position = focusedPosition
    position.scroll = min(max(0, position.scroll + step), max(0, focusedCount - focusedHeight))
    focusedPosition = position
    move(by: step)
  }

  /// Puts the cursor on `index`, or the nearest selectable row in `direction` (then the other
  /// way), and scrolls it into view.
  mutating func move(to index: Int, direction: Int) {
    let count = focusedCount
    guard count > 0 else {
      focusedPosition = ListPosition()
      return
    }
    let isSelectable: (Int) -> Bool
    if focus == .navigation {
      isSelectable = { _ in true }
    } else {
      let content = content(of: pane)
      isSelectable = { content.row(at: $0).isSelectable }
    }
    let start = min(max(index, 0), count - 1)
    var target = start
    while target >= 0, target < count, !isSelectable(target) { target += direction }
    if target < 0 || target >= count {
      target = start
      while target >= 0, target < count, !isSelectable(target) { target -= direction }
    }
    guard target >= 0, target < count else { return }
    var position = focusedPosition
    position.cursor = target
    focusedPosition = position
    if focus == .pane, pane == .handshake, target == count - 1 { follow = true }
    keepCursorsVisible()
    if focus == .pane { showContinuations(of: target) }
  }

  /// Scrolls down far enough to show the rows a long row at `index` was folded onto, without
  /// scrolling the row itself out of view.
  private mutating func showContinuations(of index: Int) {
    let content = content(of: pane)
    var last = index
    while last + 1 < content.count, content.row(at: last + 1).isContinuation { last += 1 }
    let height = layout.listHeight(for: pane)
    var position = position(of: pane)
    if last >= position.scroll + height {
      position.scroll = min(index, last - height + 1)
      positions[pane] = position
    }
  }

  /// Scrolls every list so that its cursor shows, and no list scrolls past its end.
  mutating func keepCursorsVisible() {
    navigation = Self.visible(navigation, count: navigationItems.count, height: navigationHeight)
    for kind in PaneKind.allCases {
      positions[kind] = Self.visible(position(of: kind), count: content(of: kind).count,
        height: layout.listHeight(for: kind))
    }
  }

  static func visible(_ position: ListPosition, count: Int, height: Int) -> ListPosition {
    var result = position
    result.cursor = min(max(0, result.cursor), max(0, count - 1))
    guard height > 0 else { return result }
    if result.cursor < result.scroll { result.scroll = result.cursor }
    if result.cursor >= result.scroll + height { result.scroll = result.cursor - height + 1 }
    result.scroll = min(max(0, result.scroll), max(0, count - height))
    return result
  }

  mutating func followTrace() {
    let count = content(of: .handshake).count
    var position = position(of: .handshake)
    position.cursor = max(0, count - 1)
    positions[.handshake] = Self.visible(position, count: count,
      height: layout.listHeight(for: .handshake))
  }
}
