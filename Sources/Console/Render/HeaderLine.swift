/// The header bar's text at a given width: the program name, the domain, the badges and the
/// source, then the spinner with the current step in the room left on the right.
///
/// What gives way when the bar is too narrow, in this order: the program name and the source;
/// the domain, shortened to `shortDomainColumns`; the MX count; the `--at` time's hour (its
/// day stays); the domain, down to one character; the `--at` day's "as of" (`@2027-02-10`);
/// the `--at` day, leaving a bare `@`. The DNSSEC and DANE badges go last, and only below what
/// the badges need alone; the `--at` mark never goes (it then stands before them). Whatever is
/// cut ends with `…` (`~` in ASCII), never in the middle of a word without a mark.
enum HeaderLine {
  /// The domain is not shortened below this many columns while the MX count can go instead.
  static let shortDomainColumns = 12
  /// The spinner is left out when fewer columns than this are left for its step.
  static let minimumProgressColumns = 6

  static func spans(_ state: ConsoleState, width: Int) -> [Span] {
    let ascii = state.options.isASCII
    let program = Span(" danescope ", .header)
    let source = Span(" [\(state.sourceLabel)]", .header)
    guard let domain = state.domain else {
      let idle = [program, Span(" no domain open ", .header), source]
      return fitted(idle, width: width, ascii: ascii)
    }
    var badges: [Span] = []
    var verdicts: [Span] = []
    // Per `--at` form, the verdicts and that form (the verdicts alone without `--at`).
    var withAt: [HeaderBadges.AtForm: [Span]] = [:]
    var atMark: Span?
    if let report = state.report, ConsoleState.isSameDomain(report.domain, domain) {
      verdicts = HeaderBadges.spans(
        report, traces: state.traces, isRechecking: state.isRechecking)
      for form in HeaderBadges.AtForm.allCases {
        withAt[form] = verdicts + (HeaderBadges.atSpan(report, form: form).map { [$0] } ?? [])
      }
      atMark = HeaderBadges.atSpan(report, form: .mark)
      badges = withAt[.whole]! + [HeaderBadges.mxSpan(report, isRechecking: state.isRechecking)]
    }
    let name = { (columns: Int) in
      Span(" " + TextWidth.truncate(domain, to: columns, ascii: ascii) + " ", .header)
    }
    let whole = TextWidth.columns(of: domain)
    let full = [program, name(whole)] + badges + [source]
    if columns(full) <= width { return full }
    // Each layout gives the domain what the spans beside it leave, down to its least.
    let short = min(whole, shortDomainColumns)
    let layouts: [(beside: [Span], least: Int)] = [
      (badges, short), (withAt[.whole] ?? [], short), (withAt[.day] ?? [], short),
      (withAt[.day] ?? [], 1), (withAt[.compactDay] ?? [], 1),
      // Too narrow for the time's day beside the verdicts: a bare `@` says the verdicts are
      // judged as of another time (the status line's "Checked …" gives it).
      (withAt[.mark] ?? [], 1),
    ]
    for (beside, least) in layouts {
      let room = width - columns(beside) - 2
      if room >= least { return [name(min(room, whole))] + beside }
    }
    // The badges alone are wider than the bar: cut at its end. The `--at` mark goes before
    // them, where the cut cannot reach it.
    let mark = atMark.map { [Span("@", $0.role)] } ?? []
    return fitted([name(1)] + mark + verdicts, width: width, ascii: ascii)
  }

  /// The spinner's text for the room left after `used` columns, cut with a mark to fit; nil
  /// when too little room is left for it to say anything.
  static func progress(_ state: ConsoleState, width: Int, used: Int) -> String? {
    guard let progress = state.progress else { return nil }
    let glyphs = state.glyphs
    let frame = glyphs.spinner[state.tick % glyphs.spinner.count]
    // A blank column after the badges, and one blank at each end of the text.
    let room = width - used - 1 - 2
    guard room >= minimumProgressColumns else { return nil }
    return " " + TextWidth.truncate("\(frame) \(progress)", to: room, ascii: state.options.isASCII)
      + " "
  }

  static func columns(_ spans: [Span]) -> Int {
    spans.reduce(0) { $0 + TextWidth.columns(of: $1.text) }
  }

  /// `spans` cut at `width` columns, the last one shown ending with the mark.
  private static func fitted(_ spans: [Span], width: Int, ascii: Bool) -> [Span] {
    var shown: [Span] = []
    var used = 0
    for span in spans {
      let size = TextWidth.columns(of: span.text)
      if used + size <= width {
        shown.append(span)
        used += size
        continue
      }
      let room = width - used
      if room > 0 {
        shown.append(Span(TextWidth.truncate(span.text, to: room, ascii: ascii), span.role))
      } else if var last = shown.popLast() {
        // No room after the last span shown: it gives up its last column to the mark.
        let size = TextWidth.columns(of: last.text)
        last.text = TextWidth.truncate(last.text + " ", to: size, ascii: ascii)
        shown.append(last)
      }
      break
    }
    return shown
  }
}
