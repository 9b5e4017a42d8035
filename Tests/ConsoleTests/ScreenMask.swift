import Foundation
import ValidationCore

@testable import Console

/// What changes from one lab start to the next (the lab's keys are made per user, so key tags,
/// digests and signatures differ between machines; ports, dates timings and cached TTLs between runs) is
/// replaced in the model before rendering, so that stored screens compare exactly and columns
/// do not shift.
enum ScreenMask {
  private static let rules: [(NSRegularExpression, String)] = [
    (#"\b[0-9a-fA-F]{16,}\b"#, "<hex>"),
    (#"[A-Za-z0-9+/]{24,}={0,2}"#, "<base64>"),
    (#"\b(DS|DNSKEY|by|tag) \d{1,5}\b(?! \d)"#, "$1 #####"),
    (#"\bport \d+"#, "port #####"),
    (#"\]:\d+"#, "]:#####"),
    (#"\(\d+ octets\)"#, "(# octets)"),
    (#"\b\d{4}-\d{2}-\d{2}(T[0-9:]+Z?)?"#, "YYYY-MM-DD"),
    (#"\b\d{14}\b"#, "<time>"),
    // libunbound words a validation failure by what its cache held when it failed ("no keys
    // have a DS", "key for validation … is marked as invalid"): it differs with test order.
    (#"(validation failure <[^>]*>): (no keys have a DS|key for validation).*$"#, "$1: <reason>"),
    // The resolver's cache counts TTLs down between checks.
    (#" \d+ IN "#, " <ttl> IN "),
  ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

  static func text(_ text: String) -> String {
    rules.reduce(text) { result, rule in
      rule.0.stringByReplacingMatches(
        in: result, range: NSRange(result.startIndex..., in: result), withTemplate: rule.1)
    }
  }

  static func state(_ state: ConsoleState) -> ConsoleState {
    var masked = state
    masked.report = state.report.map(report)
    masked.traces = state.traces.mapValues { log in
      var log = log
      log.lines = log.lines.map { TraceLine(elapsed: 0, kind: $0.kind, text: text($0.text)) }
      return log
    }
    return masked
  }

  private static func report(_ report: ConsoleReport) -> ConsoleReport {
    var masked = report
    masked.mxNote = report.mxNote.map(text)
    masked.chain = report.chain.map(node)
    masked.findings = report.findings.map(finding)
    masked.hosts = report.hosts.map { host in
      var host = host
      host.tlsa.records = host.tlsa.records.map { record in
        var record = record
        record.data = text(record.data)
        record.failurePlacesAfterMatch = record.failurePlacesAfterMatch.map(text)
        return record
      }
      host.tlsa.findings = host.tlsa.findings.map(finding)
      host.tlsa.note = host.tlsa.note.map(text)
      host.addresses = host.addresses.map { address in
        var address = address
        address.reason = text(address.reason)
        return address
      }
      return host
    }
    return masked
  }

  private static func node(_ node: ChainNode) -> ChainNode {
    var masked = node
    masked.title = text(node.title)
    masked.records = node.records.map(text)
    masked.notes = node.notes.map(text)
    masked.digests = node.digests.map {
      ChainNode.DigestComparison(label: $0.label, published: text($0.published),
        computed: $0.computed.map(text))
    }
    masked.findings = node.findings.map(finding)
    masked.children = node.children.map(self.node)
    return masked
  }

  private static func finding(_ finding: Finding) -> Finding {
    Finding(
      finding.code, subject: text(finding.subject),
      evidence: finding.evidence.map { Evidence($0.label, text($0.value)) },
      severity: finding.severity, consequences: finding.consequences.map(self.finding))
  }
}
