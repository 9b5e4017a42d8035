import Console
import Foundation
import Lab

/// The console's figures: the first full frame (state, lab scenario list, render into the cell
/// grid), the median redraw of the Handshake pane holding 10,000 trace lines at 200×60, and the
/// process's peak resident memory. Targets are printed beside them, never asserted.
enum ConsoleBench {
  static func run() {
    print("Console")
    let firstFrame = measure {
      var state = ConsoleState(sourceLabel: "lab")
      state.resize(width: 200, height: 60)
      _ = state.apply(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
      _ = Renderer().render(state)
    }
    print(String(format: "  first full frame (headless, 200x60): %.2f ms (target < 150 ms)",
      firstFrame * 1000))

    var state = ConsoleState(sourceLabel: "bench")
    state.resize(width: 200, height: 60)
    _ = state.open(domain: "bench.example.")
    let key = ProbeKey(host: "mx1.bench.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(key))
    for index in 0..<10_000 {
      let kind: TraceLine.Kind = index % 2 == 0 ? .sent : .received
      _ = state.apply(.trace(key, TraceLine(elapsed: Double(index) / 1000, kind: kind,
        text: "250-line \(index) of a long trace, with some text to fill the row")))
    }
    _ = state.handle(.character("3"))
    let renderer = Renderer()
    var samples: [Double] = []
    for step in 0..<200 {
      _ = state.handle(step % 2 == 0 ? .up : .down)
      samples.append(measure { _ = renderer.render(state) })
    }
    samples.sort()
    print(String(format: "  median redraw, 10,000 trace lines at 200x60: %.3f ms (target < 5 ms)",
      samples[samples.count / 2] * 1000))
    print(String(format: "  peak memory of the bench process so far: %.1f MB (target < 40 MB)", peakMemoryMB()))
  }

  private static func measure(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// ru_maxrss is in kilobytes on Linux.
  private static func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
