/// Paints a state into a cell grid: header, navigation tree, tabs, the pane, key hints and the
/// status line, then any overlay. It reads the state and never changes it.
public struct Renderer {
  public init() {}

  public func render(_ state: ConsoleState) -> CellGrid {
    let layout = state.layout
    var grid = CellGrid(width: layout.width, height: layout.height)
    if layout.isTooSmall {
      for (y, line) in Self.tooSmallLines(layout).enumerated() {
        grid.put(line, x: 0, y: y, role: .warning)
      }
      if state.options.isASCII { grid.transliterateToASCII() }
      return grid
    }
    let glyphs = state.glyphs
    paintHeader(state, into: &grid)
    paintTabs(state, into: &grid)
    paintPane(state, into: &grid, glyphs: glyphs)
    // After the pane: below 80 columns the tree is drawn over it. The separator on its right
    // is also its scroll bar: a track of its own beside it would read "││".
    if let navigation = state.navigationRect {
      for y in navigation.y..<navigation.maxY {
        grid.put(String(glyphs.vertical), x: navigation.maxX, y: y, role: .border)
      }
      paintNavigation(state, in: navigation, into: &grid)
    }
    paintHints(state, into: &grid)
    paintStatus(state, into: &grid)
    if let overlay = state.overlay { paintOverlay(overlay, state, into: &grid, glyphs: glyphs) }
    if state.options.isASCII { grid.transliterateToASCII() }
    return grid
  }

  /// The size needed, folded over the rows the terminal has: the longest wording that fits
  /// whole, else the shortest, cut at the last row, so that the size needed comes first.
  static func tooSmallLines(_ layout: Layout) -> [String] {
    let need = "\(Layout.minimumWidth)×\(Layout.minimumHeight)"
    let now = "\(layout.width)×\(layout.height)"
    let wordings = [
      "Terminal too small: need at least \(need), this one is \(now).",
      "Too small: need \(need), have \(now)", "Too small: need \(need)", "need \(need)",
    ]
    let width = max(1, layout.width)
    let folded = wordings.map { TextWrap.wrap($0, width: width, breaksLongWords: true) }
    let fitting = folded.first { lines in
      lines.count <= layout.height && lines.allSatisfy { TextWidth.columns(of: $0) <= width }
    }
    return fitting ?? Array(folded[folded.count - 1].prefix(layout.height))
  }

  private func paintHeader(_ state: ConsoleState, into grid: inout CellGrid) {
    let row = state.layout.header
    grid.fill(row, role: .header)
    var x = 0
    for span in HeaderLine.spans(state, width: row.width) {
      x = grid.put(span.text, x: x, y: row.y, role: span.role)
    }
    if let text = HeaderLine.progress(state, width: row.width, used: x) {
      grid.put(text, x: row.width - TextWidth.columns(of: text), y: row.y, role: .header)
    }
  }

  private func paintNavigation(_ state: ConsoleState, in rect: Rect, into grid: inout CellGrid) {
    let rows = NavigationTree.rows(state, width: rect.width)
    grid.fill(rect, role: .normal)
    if rows.isEmpty {
      grid.put(state.scenarios.isEmpty ? " (d: domain)" : "", x: rect.x, y: rect.y, role: .dim,
        limit: rect.maxX)
      return
    }
    let selection: Role = state.focus == .navigation ? .selected : .selectedInactive
    paintList(RowList(rows), position: state.navigation, in: rect, into: &grid,
      selection: selection, ascii: state.options.isASCII, markColumn: rect.maxX)
  }

  /// The tabs in the labels that fit (TabStrip); a label that still does not fit whole is cut
  /// with a mark (`…`, `~` in ASCII), as the header is.
  private func paintTabs(_ state: ConsoleState, into grid: inout CellGrid) {
    let rect = state.layout.tabs
    grid.fill(rect, role: .tab)
    var x = rect.x
    for (kind, label) in TabStrip.labels(width: rect.width, open: state.pane) {
      let role: Role = kind == state.pane ? .tabActive : .tab
      let room = rect.maxX - x
      guard room > 0 else { break }
      let shown = TextWidth.columns(of: label) <= room
        ? label : TextWidth.truncate(label, to: room, ascii: state.options.isASCII)
      x = grid.put(shown, x: x, y: rect.y, role: role, limit: rect.maxX) + 1
    }
  }

  private func paintPane(_ state: ConsoleState, into grid: inout CellGrid, glyphs: Glyphs) {
    let rect = state.layout.pane
    grid.fill(rect, role: .normal)
    let selection: Role = state.focus == .pane ? .selected : .selectedInactive
    if state.pane == .handshake {
      grid.put(HandshakePane.caption(state, glyphs: glyphs, width: rect.width), x: rect.x,
        y: rect.y, width: rect.width)
    }
    paintList(state.content(of: state.pane), position: state.position(of: state.pane),
      in: state.listRect, into: &grid, selection: selection, ascii: state.options.isASCII)
    if state.pane == .chain, let split = state.layout.chainSplit {
      paintChainDetail(state, in: split.detail, into: &grid, glyphs: glyphs)
    }
  }

  private func paintChainDetail(
    _ state: ConsoleState, in rect: Rect, into grid: inout CellGrid, glyphs: Glyphs
  ) {
    guard state.report?.chain.isEmpty == false else { return }
    let rule = String(repeating: glyphs.horizontal, count: rect.width)
    grid.put(rule, x: rect.x, y: rect.y, role: .border)
    guard let node = ChainPane.node(forKey: state.selectedKey, in: state.report) else {
      grid.put(" select a node to see its records ", x: rect.x + 2, y: rect.y, role: .dim,
        limit: rect.maxX)
      return
    }
    let rows = ChainPane.detailRows(node, glyphs: glyphs)
      .flatMap { RowWrap.wrap($0, width: rect.width - 1) }
    for (offset, row) in rows.prefix(rect.height - 1).enumerated() {
      grid.put(row, x: rect.x + 1, y: rect.y + 1 + offset, width: rect.width - 1)
    }
  }

  /// Paints the visible rows of a list, the cursor row in `selection`, with a scroll mark on
  /// the right edge when the list is longer than the rectangle, or in `markColumn` (a
  /// separator already drawn beside it) when given.
  private func paintList(
    _ content: PaneContent, position: ListPosition, in rect: Rect, into grid: inout CellGrid,
    selection: Role, ascii: Bool, markColumn: Int? = nil
  ) {
    let count = content.count
    guard rect.height > 0 else { return }
    let scroll = min(max(0, position.scroll), max(0, count - rect.height))
    let end = min(count, scroll + rect.height)
    let hasScrollMark = count > rect.height
    let textWidth = hasScrollMark && markColumn == nil ? rect.width - 1 : rect.width
    var isSelected = false
    for index in scroll..<max(scroll, end) {
      let row = content.row(at: index)
      let y = rect.y + index - scroll
      // The cursor row and the rows it was folded onto.
      isSelected = index == position.cursor ? row.isSelectable : isSelected && row.isContinuation
      grid.put(row, x: rect.x, y: y, width: textWidth, background: isSelected ? selection : nil)
    }
    if hasScrollMark {
      let markY = rect.y + (rect.height - 1) * scroll / max(1, count - rect.height)
      for y in rect.y..<rect.maxY {
        grid.put(y == markY ? (ascii ? "#" : "┃") : (ascii ? "|" : "│"),
          x: markColumn ?? rect.maxX - 1, y: y, role: .border)
      }
    }
  }

  /// The hint line: `? help` and `q quit` always, then as many other hints as fit, in table
  /// order (less used ones drop first: they come later in the table). `h tree` only in the
  /// narrow layout, where the tree is hidden until asked for.
  private func paintHints(_ state: ConsoleState, into grid: inout CellGrid) {
    let rect = state.layout.hints
    grid.fill(rect, role: .keyHint)
    let isNarrow = state.layout.navigation == nil
    let hints = KeyMap.bindings.compactMap { binding -> (key: String, hint: String, isKept: Bool)? in
      guard let hint = binding.hint, isNarrow || !binding.isHintedOnlyWhenNarrow else { return nil }
      return (binding.hintLabel, hint, binding.command == .help || binding.command == .quit)
    }
    func width(_ item: (key: String, hint: String, isKept: Bool)) -> Int {
      TextWidth.columns(of: " \(item.key) \(item.hint)")
    }
    var room = rect.width - 1 - hints.filter(\.isKept).map(width).reduce(0, +)
    var shown: [(key: String, hint: String, isKept: Bool)] = []
    for item in hints {
      if !item.isKept {
        guard width(item) <= room else { continue }
        room -= width(item)
      }
      shown.append(item)
    }
    var x = rect.x
    for item in shown {
      x = grid.put(" " + item.key, x: x, y: rect.y, role: .keyName, limit: rect.maxX)
      x = grid.put(" " + item.hint, x: x, y: rect.y, role: .keyHint, limit: rect.maxX)
    }
  }

  private func paintStatus(_ state: ConsoleState, into grid: inout CellGrid) {
    let rect = state.layout.status
    if let prompt = state.prompt {
      grid.fill(rect, role: .prompt)
      // The label, then the end of the text where the cursor is; what scrolled off the left is
      // marked (`…`, `~` in ASCII, by the transliteration).
      var x = grid.put(prompt.label, x: rect.x, y: rect.y, role: .prompt)
      var room = rect.maxX - x - 1
      // Text past the prompt's capacity was dropped: said at the line's right end, while the
      // text keeps at least a few columns.
      if let note = prompt.droppedNote {
        let columns = CellGrid.columns(drawing: note)
        if room - columns - 2 >= 8 {
          room -= columns + 2
          grid.put(note, x: rect.maxX - columns, y: rect.y, role: .prompt)
        }
      }
      if CellGrid.columns(drawing: prompt.text) > room {
        x = grid.put("…", x: x, y: rect.y, role: .prompt)
        x = grid.put(CellGrid.suffix(prompt.text, columns: room - 1), x: x, y: rect.y,
          role: .prompt)
      } else {
        x = grid.put(prompt.text, x: x, y: rect.y, role: .prompt)
      }
      grid.put(state.options.isASCII ? "_" : "▏", x: x, y: rect.y, role: .prompt)
      return
    }
    let role: Role = state.statusIsError ? .statusError : .status
    grid.fill(rect, role: role)
    // The layout gave the status line as many rows as the folded message has (up to a limit).
    for (offset, line) in state.statusLines.prefix(rect.height).enumerated() {
      grid.put(" " + line, x: rect.x, y: rect.y + offset, role: role, limit: rect.maxX)
    }
  }

  private func paintOverlay(
    _ overlay: Overlay, _ state: ConsoleState, into grid: inout CellGrid, glyphs: Glyphs
  ) {
    let box = state.layout.overlay
    // A blank column on each side of the box, so that no stray character of the pane behind
    // (a "]", a scroll mark) stands against its border.
    let margin = Rect(x: max(0, box.x - 1), y: box.y,
      width: min(grid.width, box.maxX + 1) - max(0, box.x - 1), height: box.height)
    grid.fill(margin, role: .normal)
    grid.fill(box, role: .normal)
    let horizontal = String(repeating: glyphs.horizontal, count: max(0, box.width - 2))
    let corners = glyphs.isASCII ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
    grid.put(corners[0] + horizontal + corners[1], x: box.x, y: box.y, role: .border)
    grid.put(corners[2] + horizontal + corners[3], x: box.x, y: box.maxY - 1, role: .border)
    for y in (box.y + 1)..<(box.maxY - 1) {
      grid.put(String(glyphs.vertical), x: box.x, y: y, role: .border)
      grid.put(String(glyphs.vertical), x: box.maxX - 1, y: y, role: .border)
    }
    grid.put(" \(overlay.title) ", x: box.x + 2, y: box.y, role: .title, limit: box.maxX - 2)
    grid.put(" Esc closes, j/k scroll ", x: box.maxX - 26, y: box.maxY - 1, role: .dim,
      limit: box.maxX - 1)
    let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
    let rows = overlay.rows(width: inner.width)
    let scroll = min(state.overlayScroll, max(0, rows.count - inner.height))
    for (offset, row) in rows.dropFirst(scroll).prefix(inner.height).enumerated() {
      grid.put(row, x: inner.x, y: inner.y + offset, width: inner.width)
    }
  }
}
