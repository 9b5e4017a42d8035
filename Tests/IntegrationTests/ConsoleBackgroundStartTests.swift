import Foundation
import XCTest

/// `danescope --lab two-mx &` from an interactive bash on a real pseudo-terminal: the console
/// started in the background does not take the terminal (no alternate screen, no mode change)
/// but stops, as a background program writing to the terminal would, until `fg` brings it to
/// the foreground; killed while it waits, it ends by the signal and leaves the terminal's
/// modes and the temporary folder as they were.
final class ConsoleBackgroundStartTests: XCTestCase {
  func testKilledWhileWaitingInTheBackgroundLeavesTheTerminalAlone() throws {
    let run = try BackgroundStart()
    defer { run.terminal.stop() }
    guard let stopped = run.startInTheBackground() else { return }
    // bash sends SIGTERM and SIGCONT to the stopped job, but its `wait` answers "stopped"
    // (128 + SIGTTOU) until it has seen the job continue: ask again until it answers otherwise
    // (by pid: bash keeps a background pid's status after it has reported the job's end).
    let stoppedStatus = 128 + SIGTTOU
    run.terminal.type(
      "kill %1; while :; do wait $pid 2>/dev/null; s=$?; [ $s -ne \(stoppedStatus) ] && break;"
        + " sleep 0.1; done; echo \"status=$s\"; stty -g > \(run.folder.path)/after; jobs;"
        + " echo end-of-$((1+1))\r")
    guard let end = run.terminal.waitFor("end-of-2\r\n", after: stopped) else { return }
    let output = Array(run.terminal.bytes[..<end])
    let text = String(decoding: output, as: UTF8.self)
    XCTAssertTrue(text.contains("status=\(128 + SIGTERM)\r\n"), text)
    for mode in PseudoTerminal.consoleModes {
      XCTAssertNil(
        PseudoTerminal.range(of: Array(mode.on.utf8), in: output, from: run.start),
        "the \(mode.name) was turned on from the background: \(text)")
    }
    XCTAssertEqual(try run.modes("before"), try run.modes("after"), "stty modes")
    XCTAssertEqual(labFolders(in: run.folder), [], "the lab's folder is left")
  }

  /// Brought to the foreground with `fg`, it takes the terminal, checks, and quits on `q`
  /// with the terminal's modes as they were.
  func testForegroundedItDrawsAndQuitsCleanly() throws {
    let run = try BackgroundStart()
    defer { run.terminal.stop() }
    guard let stopped = run.startInTheBackground() else { return }
    run.terminal.type(
      "fg; echo \"status=$?\"; stty -g > \(run.folder.path)/after; echo end-of-$((1+1))\r")
    guard run.terminal.waitFor("\u{1B}[?1049h", after: stopped) != nil,
      run.terminal.waitFor("to see them.", after: stopped, timeout: 60) != nil
    else { return }
    run.terminal.type("q")
    guard let end = run.terminal.waitFor("end-of-2\r\n", after: stopped) else { return }
    let text = String(decoding: run.terminal.bytes[stopped..<end], as: UTF8.self)
    XCTAssertTrue(text.contains("status=0\r\n"), text)
    XCTAssertEqual(try run.modes("before"), try run.modes("after"), "stty modes")
  }

  /// A bash on a pseudo-terminal that has saved its `stty -g` in `before`.
  private final class BackgroundStart {
    let temporary: TemporaryDirectory
    let terminal: PseudoTerminal
    var folder: URL { temporary.url }
    private(set) var start = 0

    init() throws {
      temporary = try TemporaryDirectory("danescope-background")
      terminal = try PseudoTerminal(environment: ["TMPDIR": temporary.url.path])
      terminal.type(
        "stty rows 30 cols 100; stty -g > \(temporary.url.path)/before; echo ready-$((1+1))\r")
      terminal.waitFor("ready-2\r\n")
    }

    /// Starts the console with `&` and waits (bounded by `waitFor`) until bash lists the job
    /// as stopped; returns where the terminal's output was then.
    func startInTheBackground() -> Int? {
      start = terminal.bytes.count
      terminal.type("\(DanescopeBinary.url.path) --lab two-mx & pid=$!\r")
      terminal.type(
        "until jobs -l %1 | grep -q Stopped; do sleep 0.1; done; echo stopped-$((1+1))\r")
      return terminal.waitFor("stopped-2\r\n", after: start)
    }

    func modes(_ name: String) throws -> String {
      try String(contentsOf: temporary.file(name), encoding: .utf8)
    }
  }
}
