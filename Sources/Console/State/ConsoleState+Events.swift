import ValidationCore

/// Events from work (lookups, handshakes) and the mouse, applied to the state.
extension ConsoleState {
  /// The most trace lines kept per probe: a hostile server cannot grow memory without bound.
  public static let traceLineLimit = 50_000

  public mutating func apply(_ event: ConsoleEvent) -> Reaction {
    switch event {
    case .scenarios(let list):
      scenarios = list
      // Nothing open yet: the list is what there is to do (drawn over the pane if narrow).
      if domain == nil, navigationHeight > 0 { focus = .navigation }
      placeNavigationOnDomain()
    case .progress(let text):
      progress = text
    case .report(let newReport):
      guard Self.isSameDomain(newReport.domain, domain) else { return [] }
      report = newReport
      isRechecking = false
      chooseProbe()
      if newReport.isComplete, statusMessage?.hasPrefix("Checking") == true {
        say(Self.checkedMessage(newReport))
      }
    case .traceStarted(let key):
      var log = TraceLog(isRunning: true)
      log.runs = (traces[key]?.runs ?? 0) + 1
      traces[key] = log
      chooseProbe(started: key)
    case .trace(let key, let line):
      var log = traces[key] ?? TraceLog(isRunning: true)
      if log.lines.count < Self.traceLineLimit { log.lines.append(line) }
      traces[key] = log
      if key == selectedProbe, follow { followTrace() }
      return key == selectedProbe ? .redraw : []
    case .traceFinished(let key, let verdict):
      var log = traces[key] ?? TraceLog()
      log.isRunning = false
      log.verdict = verdict
      traces[key] = log
    case .message(let text, let isError):
      // A check that could not run sends no report: the last one's badges are its word again.
      if isError { isRechecking = false }
      say(text, isError: isError)
    }
    keepCursorsVisible()
    return .redraw
  }

  /// Until one is picked, the Handshake pane shows the first address in the report's order that
  /// has a trace (the primary MX), not whichever probe happened to start first. When the check
  /// has ended with no trace at all (every host deferred), the first address of the first MX
  /// host, whose pane says why it was not probed.
  mutating func chooseProbe(started key: ProbeKey? = nil) {
    guard !isProbePicked else { return }
    let keys = report?.hosts.lazy.flatMap { host in
      host.addresses.map { ProbeKey(host: host.name, address: $0.text) }
    }
    let first = keys?.first { traces[$0] != nil }
    let ended = report?.isComplete == true ? keys?.first : nil
    if let chosen = first ?? selectedProbe ?? key ?? ended, chosen != selectedProbe {
      selectedProbe = chosen
      if follow { followTrace() }
    }
  }

  /// "Checked example.: no findings." or "…: 3 findings — press 4 to see them.", counting
  /// every finding the Findings pane lists, consequences nested under a root cause too (as
  /// `check` lists them), then, for a check that could not complete, "Incomplete: " and why,
  /// as `check` ends its report.
  static func checkedMessage(_ report: ConsoleReport) -> String {
    let counted: String
    switch countAtEveryDepth(report.findings) {
    case 0: counted = "Checked \(report.domain): no findings."
    case 1: counted = "Checked \(report.domain): 1 finding — press 4 to see it."
    case let count: counted = "Checked \(report.domain): \(count) findings — press 4 to see them."
    }
    let asOf = report.judgedAsOf.map { " Judged as of \(UTCTimestamp.text($0)) (--at)." } ?? ""
    return counted + asOf + (report.incompleteReason.map { " Incomplete: \($0)" } ?? "")
  }

  /// Findings with their consequences, and theirs: as many as the Findings pane lists.
  private static func countAtEveryDepth(_ findings: [Finding]) -> Int {
    findings.reduce(0) { $0 + 1 + countAtEveryDepth($1.consequences) }
  }

  mutating func handleMouse(x: Int, y: Int, action: MouseAction) -> Reaction {
    if overlay != nil {
      switch action {
      case .scrollUp: overlayScroll = max(0, overlayScroll - 3)
      case .scrollDown: overlayScroll += 3
      case .click: overlay = nil
      }
      return .redraw
    }
    if let navigationRect, navigationRect.contains(x: x, y: y) {
      focus = .navigation
      switch action {
      case .scrollUp: move(by: -3)
      case .scrollDown: move(by: 3)
      case .click:
        let index = navigation.scroll + (y - navigationRect.y)
        guard index < navigationItems.count else { return .redraw }
        move(to: index, direction: 1)
        return activateNavigation()
      }
      return .redraw
    }
    if layout.tabs.contains(x: x, y: y), action == .click {
      let column = x - layout.tabs.x
      if let target = TabStrip.pane(atColumn: column, width: layout.tabs.width, open: pane) {
        show(target)
      }
      return .redraw
    }
    let list = listRect
    guard list.contains(x: x, y: y) else { return [] }
    focus = .pane
    switch action {
    case .scrollUp: move(by: -3)
    case .scrollDown: move(by: 3)
    case .click:
      let index = position(of: pane).scroll + (y - list.y)
      if index < content(of: pane).count { move(to: index, direction: -1) }
    }
    return .redraw
  }

  /// Where the pane's list is drawn (below the handshake caption, above the chain detail).
  var listRect: Rect {
    var rect = layout.pane
    if pane == .handshake { rect.y += 1 }
    rect.height = layout.listHeight(for: pane)
    return rect
  }
}

/// The tab labels above the panes, shared by the renderer and mouse hits.
/// The tab bar's labels at a width: every title whole where they fit (`1 Chain of trust`), else
/// the first pane's title shortened (`1 Chain`), else the number alone beside the open pane's
/// whole title. The renderer cuts what still does not fit with a mark, as the header does.
enum TabStrip {
  static func labels(width: Int = .max, open: PaneKind = .chain) -> [(PaneKind, String)] {
    let full = PaneKind.allCases.map { ($0, " \($0.rawValue + 1) \($0.title) ") }
    let short = PaneKind.allCases.map { kind in
      (kind, " \(kind.rawValue + 1) \(kind == .chain ? "Chain" : kind.title) ")
    }
    let numbers = PaneKind.allCases.map { kind in
      (kind, kind == open ? " \(kind.rawValue + 1) \(kind.title) " : " \(kind.rawValue + 1) ")
    }
    return [full, short].first { columns($0) <= width } ?? numbers
  }

  /// The columns the labels take, one blank between each two.
  static func columns(_ labels: [(PaneKind, String)]) -> Int {
    labels.reduce(-1) { $0 + TextWidth.columns(of: $1.1) + 1 }
  }

  static func pane(atColumn column: Int, width: Int = .max, open: PaneKind = .chain)
    -> PaneKind?
  {
    var x = 0
    for (kind, label) in labels(width: width, open: open) {
      let width = TextWidth.columns(of: label)
      if column >= x, column < x + width { return kind }
      x += width + 1
    }
    return nil
  }
}
