import Console
import Foundation
import Lab
import ValidationCore

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
    if let terminal = TerminalFirstFrame.measure(),
      let baseline = TerminalFirstFrame.measure(command: "echo '4 Findings'; sleep 5")
    {
      print(String(format: "  first full frame of the release binary in tmux (--lab, 120x40, "
        + "process start included): %.0f ms, of which tmux itself %.0f ms (target < 150 ms)",
        terminal * 1000, baseline * 1000))
    } else {
      print("  first full frame in tmux: not measured (tmux or .build/release/danescope missing)")
    }

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
    foldFigures()
    runLargeCertificate()
    print(String(format: "  peak memory of the bench process so far: %.1f MB (target < 40 MB)", peakMemoryMB()))
  }

  /// The pane line-wrapper on very long text: one trace line of a server banner (words) or of
  /// digests with no space, folded by the Handshake pane at 200x60 (every row of it made, as
  /// scrolling through it would). Ten times the text should take about ten times as long: the
  /// wrapper is linear (it was quadratic in the length of a word).
  private static func foldFigures() {
    let hex = "0123456789abcdef"
    for length in [10_000, 100_000] {
      let banner = String(String(repeating: "250-ESMTP banner words ", count: length / 23 + 1)
        .prefix(length))
      let digits = String(String(repeating: hex, count: length / hex.count + 1).prefix(length))
      for (name, text) in [("banner", banner), ("digest run", digits)] {
        var state = ConsoleState(sourceLabel: "bench")
        state.resize(width: 200, height: 60)
        _ = state.open(domain: "bench.example.")
        let key = ProbeKey(host: "mx1.bench.example.", address: "127.0.0.2")
        _ = state.apply(.traceStarted(key))
        _ = state.apply(.trace(key, TraceLine(elapsed: 0, kind: .received, text: text)))
        _ = state.handle(.character("3"))
        var samples: [Double] = []
        for _ in 0..<5 {
          samples.append(measure {
            let content = state.content(of: .handshake)
            for index in 0..<content.count { _ = content.row(at: index) }
          })
        }
        samples.sort()
        let figure = String(format: "%.2f ms", samples[samples.count / 2] * 1000)
        print("  fold one \(name) line of \(length) characters (200x60, every row): \(figure)")
      }
    }
  }

  static func measure(_ body: () -> Void) -> Double {
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

/// Starts `danescope --lab` (the release build) in a detached tmux on a private socket and reads
/// the pane until the console's tab line shows: the first full frame as a person sees it.
enum TerminalFirstFrame {
  /// `command` replaces the console (a baseline: how long tmux itself takes to show a line).
  static func measure(command: String? = nil) -> Double? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("danescope").path
    let program = command ?? "env TERM=xterm-256color LANG=C.UTF-8 \(binary) --lab"
    guard let tmux = ["/usr/bin/tmux", "/bin/tmux"].first(where: {
      FileManager.default.isExecutableFile(atPath: $0)
    }), FileManager.default.isExecutableFile(atPath: binary) else { return nil }
    let socket = "danescope-bench-\(getpid())"
    defer { _ = shell("\(tmux) -L \(socket) kill-server") }
    let start = DispatchTime.now().uptimeNanoseconds
    guard shell("\(tmux) -L \(socket) -f /dev/null new-session -d -x 120 -y 40 \"\(program)\"")
      == 0
    else { return nil }
    let deadline = start + 10_000_000_000
    while DispatchTime.now().uptimeNanoseconds < deadline {
      if capture(tmux, socket).contains("4 Findings") {
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      }
      usleep(2000)
    }
    return nil
  }

  /// Runs a shell command line with its output discarded; returns its exit status.
  private static func shell(_ command: String) -> Int32 {
    var pid: pid_t = 0
    let words = ["/bin/sh", "-c", command + " </dev/null >/dev/null 2>&1"]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status
  }

  private static func capture(_ tmux: String, _ socket: String) -> String {
    guard let pipe = popen("\(tmux) -L \(socket) capture-pane -p 2>/dev/null", "r") else {
      return ""
    }
    defer { pclose(pipe) }
    var text = ""
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), pipe) != nil {
      text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return text
  }
}

/// A leaf certificate with 1,400 DNS names (about 30 KB of names; a server chooses what it
/// sends) in the Handshake pane at 120x40: the median cost of one key press (j/k) and the frame
/// drawn after it. Each key once took 2 to 5 seconds there.
extension ConsoleBench {
  static func runLargeCertificate() {
    guard let key = try? LabKey.generate(.ecdsaP256SHA256, flags: 256),
      let leaf = try? LabCertificate.make(
        LabCertificate.Profile(commonName: "mx1.bench.example",
          dnsNames: (0..<1400).map { "name-\($0).mx1.bench.example" }, serial: 1),
        key: key, issuer: nil, now: Date())
    else {
      print("  key press with a 1,400-name certificate: not measured (no certificate made)")
      return
    }
    var state = ConsoleState(sourceLabel: "bench")
    state.resize(width: 120, height: 40)
    _ = state.open(domain: "bench.example.")
    let probe = ProbeKey(host: "mx1.bench.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(probe))
    let event = TraceEvent(time: Date(), elapsed: 0.1, address: "127.0.0.2", port: 25,
      kind: .peerChain([leaf.facts]))
    for line in TraceLine.lines(for: event) { _ = state.apply(.trace(probe, line)) }
    _ = state.handle(.character("3"))
    let renderer = Renderer()
    var samples: [Double] = []
    for step in 0..<40 {
      samples.append(measure {
        _ = state.handle([step % 2 == 0 ? .down : .up])
        _ = renderer.render(state)
      })
    }
    samples.sort()
    print(String(format: "  key press and frame, Handshake pane with a 1,400-name certificate"
      + " (120x40): median %.3f ms (target < 5 ms)", samples[samples.count / 2] * 1000))
  }
}
