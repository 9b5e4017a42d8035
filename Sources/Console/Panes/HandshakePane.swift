import Foundation

/// The live trace of the selected MX host and address: SMTP lines with direction marks, TLS
/// messages, parameters, the chain and the DANE decision. Rows are made on demand.
enum HandshakePane {
  static func content(_ context: PaneContext) -> PaneContent {
    let state = context.state
    guard let key = state.selectedProbe else {
      let hint = state.report?.hosts.isEmpty == false
        ? "Select an MX address in the navigation tree (h, j/k, Enter) to see its handshake."
        : state.idleText
      return RowList([Row.label(hint, .dim)])
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
      return RowList([Row.label("No handshake yet: r runs it.", .dim)])
    }
    return TraceRows(lines: log.lines, glyphs: context.glyphs)
  }

  /// The line above the trace: which host and address, the verdict so far, follow mode.
  static func caption(_ state: ConsoleState, glyphs: Glyphs) -> Row {
    guard let key = state.selectedProbe else { return Row.label("Handshake", .dim) }
    let log = state.traces[key] ?? TraceLog()
    var spans = [Span(key.host, .title), Span(" [\(key.address)]  ", .dim)]
    if log.isRunning {
      spans.append(Span("running", .pending))
    } else {
      spans.append(Span(log.verdict.word, log.verdict.role))
    }
    if log.runs > 0 { spans.append(Span("  \(log.lines.count) lines, run \(log.runs)", .dim)) }
    spans.append(Span(state.follow ? "  follow on (f)" : "  follow off (f)", .dim))
    return Row(spans, isSelectable: false)
  }

  struct TraceRows: PaneContent {
    let lines: [TraceLine]
    let glyphs: Glyphs

    var count: Int { lines.count }

    func row(at index: Int) -> Row {
      let line = lines[index]
      let time = String(format: "%7.3f ", line.elapsed)
      let (mark, role) = Self.mark(for: line.kind, glyphs: glyphs)
      return Row([Span(time, .dim), Span(mark, role), Span(line.text, textRole(line.kind))],
        key: "trace:\(index)")
    }

    private func textRole(_ kind: TraceLine.Kind) -> Role {
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
