import Console
import Foundation
import ValidationCore

/// Writing a report as JSON (`check --json`, the report's own writer, Docs/Decisions.md
/// D-report-6) beside writing it as text, for a real check of `two-mx.example.` against the
/// in-process lab. The first write is timed on its own: a short `check` run writes once, so a
/// cost paid on first use (as Foundation's JSONEncoder had, about 2.7 ms) is what counts there.
enum ReportJSONBench {
  static let domain = "two-mx.example."
  static let rounds = 200

  static func run() {
    print("Report JSON (check --json of \(domain), in-process lab)")
    let report = ChainEngineBench.blocking { () -> Result<DomainReport, BenchFailure> in
      do {
        let engine = try await CheckEngine.lab()
        defer { engine.stop() }
        var check = DANECheck(
          lookup: engine.lookup, probe: DANECheck.liveProbe(clock: engine.clock),
          clock: engine.clock)
        check.chainOfTrust = engine.chain
        check.endpoints = engine.endpoints
        return .success(await check.run(domain: try DNSName(domain)))
      } catch {
        return .failure(BenchFailure(description: "\(error)"))
      }
    }
    guard case .success(let report) = report else {
      if case .failure(let failure) = report { print("  not measured: \(failure)") }
      return
    }
    var bytes = 0
    let first = seconds { bytes = report.jsonText().utf8.count }
    let json = (0..<rounds).map { _ in seconds { _ = report.jsonText() } }.sorted()
    let text = (0..<rounds).map { _ in seconds { _ = report.text } }.sorted()
    print(
      String(
        format: "  JSON: first write %.3f ms, then %.3f ms median of %d (%d bytes); "
          + "the text report %.3f ms median (no target; for comparison)",
        first * 1000, json[rounds / 2] * 1000, rounds, bytes, text[rounds / 2] * 1000))
  }

  private static func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  struct BenchFailure: Error, CustomStringConvertible {
    let description: String
  }
}
