import ValidationCore

/// The chain of trust as a tree of zones: per zone its DS links, keys, signatures and denial
/// proofs, down to the RRsets that matter for mail. The selected node's records, digests and
/// findings show below the tree.
enum ChainPane {
  static func rows(_ context: PaneContext) -> [Row] {
    guard let report = context.state.report else {
      return [Row.label(context.state.idleText, .dim)]
    }
    if report.chain.isEmpty {
      let text = report.isComplete ? "No chain of trust was built." : "Building the chain of trust…"
      return [Row.label(text, report.isComplete ? .dim : .pending)]
    }
    var rows: [Row] = []
    for (index, root) in report.chain.enumerated() {
      append(root, prefix: "", isLast: index == report.chain.count - 1, isRoot: true,
        glyphs: context.glyphs, to: &rows)
    }
    return rows
  }

  private static func append(
    _ node: ChainNode, prefix: String, isLast: Bool, isRoot: Bool, glyphs: Glyphs,
    to rows: inout [Row]
  ) {
    let branch = isRoot ? "" : (isLast ? glyphs.lastBranch : glyphs.branch)
    var spans = [Span(prefix + branch, .border)]
    spans.append(Span(node.title, node.kind == .zone ? .title : .normal))
    spans.append(Span("  " + (node.statusWord ?? node.status.word), node.status.role))
    if let worst = node.findings.map(\.worstSeverity).max() {
      let count = node.findings.count
      spans.append(Span("  \(glyphs.bullet)\(count) \(worst)", worst.role))
    }
    rows.append(Row(spans, key: "chain:" + node.id))
    let childPrefix = isRoot ? "" : prefix + (isLast ? glyphs.gap : glyphs.continuation)
    for (index, child) in node.children.enumerated() {
      append(child, prefix: childPrefix, isLast: index == node.children.count - 1, isRoot: false,
        glyphs: glyphs, to: &rows)
    }
  }

  static func node(forKey key: String?, in report: ConsoleReport?) -> ChainNode? {
    guard let key, key.hasPrefix("chain:"), let report else { return nil }
    let id = String(key.dropFirst("chain:".count))
    return report.chain.lazy.flatMap { $0.flattened() }.first { $0.id == id }
  }

  /// The detail of one node: its records in zone-file form, digests published beside computed,
  /// notes (signature windows, proofs), and its findings.
  static func detailRows(_ node: ChainNode, glyphs: Glyphs) -> [Row] {
    var rows: [Row] = [Row.label(node.title, .title)]
    if !node.records.isEmpty {
      rows.append(Row.label("Records", .dim))
      rows += node.records.map { Row.label("  " + $0) }
    }
    for digest in node.digests {
      rows.append(Row.label("Digest \(digest.label)", .dim))
      rows.append(Row([Span("  published "), Span(digest.published)], isSelectable: false))
      if let computed = digest.computed {
        let mark = digest.matches ? "\(glyphs.ok) match" : "\(glyphs.bad) differs"
        rows.append(Row([
          Span("  computed  "), Span(computed), Span("  " + mark, digest.matches ? .secure : .bogus),
        ], isSelectable: false))
      } else {
        rows.append(Row([Span("  computed  "), Span("no matching DNSKEY to compute from", .bogus)],
          isSelectable: false))
      }
    }
    rows += node.notes.map { Row.label($0) }
    if !node.findings.isEmpty {
      rows.append(Row.label("Findings (e explains)", .dim))
      for finding in node.findings {
        rows.append(Row([
          Span("  \(finding.severity)  ", finding.severity.role), Span(finding.summary),
        ], isSelectable: false))
      }
    }
    return rows
  }
}
