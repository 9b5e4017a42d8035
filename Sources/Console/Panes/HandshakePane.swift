import FoundationEssentials
import ValidationCore

/// The live trace of the selected MX host and address: SMTP lines with direction marks, TLS
/// messages, parameters, the chain and the DANE decision. Rows are made on demand.
enum HandshakePane {
  static func content(_ context: PaneContext) -> PaneContent {
    let state = context.state
    guard let key = state.selectedProbe else {
      return RowList(TextWrap.wrap(unselectedText(state), width: context.width - 1)
        .map { Row.label($0, .dim) })
    }
    let log = state.traces[key] ?? TraceLog()
    if log.lines.isEmpty {
      if log.isRunning { return RowList([Row.label("Connecting…", .pending)]) }
      let address = state.report?.hosts.first { $0.name == key.host }?.addresses
        .first { $0.text == key.address }
      if let address, address.verdict == .deferred {
        // A sender would not connect at all: say why instead of offering a handshake.
        return RowList(TextWrap.wrap("Not probed: a sending server defers delivery to this host. "
          + address.reason, width: context.width - 1).map { Row.label($0, .indeterminate) })
      }
      // "yet" only while the check runs, whose probes may still reach this address; once it
      // has ended without one there is nothing for `r` to run again (the status line says so).
      guard state.report?.isComplete == true else {
        return RowList([Row.label("No handshake yet: the check has not reached this address.",
          .dim)])
      }
      let reason = address.map { $0.reason.isEmpty ? "" : " " + $0.reason } ?? ""
      return RowList(TextWrap.wrap("Not probed: the check did not connect to this address."
        + reason, width: context.width - 1).map { Row.label($0, .dim) })
    }
    return TraceRows(lines: log.lines, glyphs: context.glyphs, width: context.width - 1)
  }

  /// What the pane says with no address to show: the check is still running, it ended with no
  /// MX host to probe (in the TLSA pane's words: bogus MX lookup, null MX, no such domain), or
  /// no address has been picked yet.
  static func unselectedText(_ state: ConsoleState) -> String {
    guard let report = state.report else { return state.idleText }
    if report.hosts.isEmpty {
      guard report.isComplete else { return "Looking up MX…" }
      return "Nothing probed: there is no MX host to connect to. "
        + (report.mxNote ?? "No MX hosts.")
    }
    if report.isComplete, report.hosts.allSatisfy(\.addresses.isEmpty) {
      return "Nothing probed: no MX host has an address to connect to (see 2 TLSA)."
    }
    return "Select an MX address in the navigation tree (h, j/k, Enter) to see its handshake."
  }

  /// The line above the trace: which host and address and the verdict so far, then the line
  /// count and follow mode when there is room for them. When the line is too narrow, the
  /// verdict comes first and the host name is shortened, marked, so that the address (which of
  /// the host's servers this is) stays whole.
  static func caption(_ state: ConsoleState, glyphs: Glyphs, width: Int) -> Row {
    guard let key = state.selectedProbe else { return Row.label("Handshake", .dim) }
    let log = state.traces[key] ?? TraceLog()
    let verdict = log.isRunning
      ? Span("running", .pending) : Span(log.verdict.word, log.verdict.role)
    let address = " [\(key.address)]"
    var spans = [Span(key.host, .title), Span(address + "  ", .dim), verdict]
    if TextWidth.columns(of: Row(spans).text) > width {
      let room = width - TextWidth.columns(of: verdict.text + "  " + address)
      let host = TextWidth.truncate(key.host, to: max(room, 1), ascii: state.options.isASCII)
      spans = [verdict, Span("  " + host, .title), Span(address, .dim)]
    }
    var extras: [Span] = []
    if log.runs > 0 {
      extras.append(Span("  \(Counted.text(log.lines.count, "line")), run \(log.runs)", .dim))
    }
    extras.append(Span(state.follow ? "  follow on (f)" : "  follow off (f)", .dim))
    for extra in extras
    where TextWidth.columns(of: Row(spans + [extra]).text) <= width {
      spans.append(extra)
    }
    return Row(spans, isSelectable: false)
  }

  /// The trace rows. A line too long for the pane folds onto the rows below it, under its
  /// text, as rows fold in every other pane (`RowWrap`: at spaces, and a digest wider than a
  /// row broken into even pieces); only the lines that need it are folded.
  struct TraceRows: PaneContent {
    let lines: [TraceLine]
    let glyphs: Glyphs
    /// Columns for the time, the mark and the text.
    let width: Int
    /// Per row: the line and which of its rows. Nil when every line fits on one row.
    private let pieces: [(line: Int, piece: Int)]?
    /// The rows of each line too long for one, by the line's index.
    private let folded: [Int: [Row]]

    private static let timeColumns = 8

    init(lines: [TraceLine], glyphs: Glyphs, width: Int) {
      self.lines = lines
      self.glyphs = glyphs
      self.width = width
      var folded: [Int: [Row]] = [:]
      // Each kind's mark measured once: a trace holds thousands of lines, and this runs at
      // every frame.
      let markWidths = TraceLine.Kind.allCases.map {
        TextWidth.columns(of: Self.mark(for: $0, glyphs: glyphs).0)
      }
      for (index, line) in lines.enumerated() {
        let markColumns = markWidths[line.kind.ordinal]
        guard Self.timeColumns + markColumns + line.columns > width else { continue }
        var row = Self.row(line, glyphs: glyphs)
        // The folded rest goes under the text, past the time and the mark; the first row is
        // not left without text for them (nor for blanks the text starts with).
        row.foldColumn = Self.timeColumns + markColumns
        let blanks = line.text.prefix { $0 == " " }.count
        let rows = RowWrap.wrap(row, width: width, leadColumns: row.foldColumn! + blanks)
        if rows.count > 1 { folded[index] = rows }
      }
      self.folded = folded
      guard !folded.isEmpty else {
        pieces = nil
        return
      }
      var pieces: [(line: Int, piece: Int)] = []
      pieces.reserveCapacity(lines.count + folded.values.reduce(0) { $0 + $1.count - 1 })
      for index in lines.indices {
        for piece in 0..<(folded[index]?.count ?? 1) { pieces.append((index, piece)) }
      }
      self.pieces = pieces
    }

    var count: Int { pieces?.count ?? lines.count }

    func row(at index: Int) -> Row {
      let (lineIndex, piece) = pieces?[index] ?? (index, 0)
      var row = folded[lineIndex]?[piece] ?? Self.row(lines[lineIndex], glyphs: glyphs)
      // Folded rows can take the cursor too: every row of a trace is a place to stop.
      row.key = "trace:\(index)"
      row.isSelectable = true
      return row
    }

    /// One line as one row: the time, the mark and the text.
    private static func row(_ line: TraceLine, glyphs: Glyphs) -> Row {
      let (mark, role) = mark(for: line.kind, glyphs: glyphs)
      let time = PrintfText.make("%7.3f ", line.elapsed)
      return Row([Span(time, .dim), Span(mark, role), Span(line.text, textRole(line.kind))])
    }

    private static func textRole(_ kind: TraceLine.Kind) -> Role {
      switch kind {
      case .error: return .error
      case .decision: return .title
      default: return .normal
      }
    }

    static func mark(for kind: TraceLine.Kind, glyphs: Glyphs) -> (String, Role) {
      switch kind {
      case .sent: return ("\(glyphs.sent) ", .sent)
      case .received: return ("\(glyphs.received) ", .received)
      case .tls: return ("TLS  ", .tls)
      case .parameter: return ("  ", .dim)
      case .certificate: return ("cert ", .info)
      case .decision: return ("DANE ", .title)
      case .note: return ("  ", .dim)
      case .error: return ("!! ", .error)
      }
    }
  }
}

extension TraceLine.Kind {
  /// The kind's place in `allCases`, found without hashing (the trace rows look it up for
  /// every line at every frame).
  fileprivate var ordinal: Int {
    let ordinal: Int
    switch self {
    case .sent: ordinal = 0
    case .received: ordinal = 1
    case .tls: ordinal = 2
    case .parameter: ordinal = 3
    case .certificate: ordinal = 4
    case .decision: ordinal = 5
    case .note: ordinal = 6
    case .error: ordinal = 7
    }
    assert(Self.allCases[ordinal] == self, "allCases is in declaration order")
    return ordinal
  }
}
