import Foundation
import XCTest

/// Ctrl-Z and job control on a real pseudo-terminal under an interactive bash: the console
/// suspended, a signal sent to it while stopped (`kill -TERM %1; fg`; bash follows SIGTERM and
/// SIGHUP to a stopped job with SIGCONT, so the console wakes in the background), then brought
/// back. Every order of those must leave the terminal as it was: alternate screen, mouse
/// reporting, keypad mode and hidden cursor each switched back off after their last switch on
/// (read from the bytes written to the terminal), the same `stty` modes, the exit status of the
/// signal, no job left stopped and the lab's folder removed.
final class ConsoleSuspendTests: XCTestCase {
  func testASignalWhileSuspendedRestoresTheTerminalAndRemovesTheLab() throws {
    // bash reports the status of a job that a signal ended as 128 + the signal; SIGINT ends
    // the console with status 3 ("incomplete").
    let cases: [(name: String, status: Int32)] = [
      ("TERM", 128 + SIGTERM), ("HUP", 128 + SIGHUP), ("INT", 3), ("QUIT", 128 + SIGQUIT),
    ]
    for round in 1...2 {
      for (name, status) in cases {
        try suspendSignalAndResume(signal: name, expecting: status, label: "\(name) #\(round)")
      }
    }
  }

  /// Ctrl-Z, fg, q: the console draws again after fg and quits cleanly.
  func testSuspendResumeAndQuit() throws {
    try suspendSignalAndResume(signal: nil, expecting: 0, label: "fg, q")
  }

  /// Ctrl-Z, bg (the console goes on working in the background, drawing nothing), then SIGTERM:
  /// it ends by the signal without writing to the terminal from the background.
  func testSignalWhileRunningInTheBackground() throws {
    try suspendSignalAndResume(
      signal: "TERM", expecting: 128 + SIGTERM, label: "bg, TERM",
      commands: "bg; sleep 1; kill -TERM %1; wait %1")
  }

  /// Runs the console on two-mx, suspends it with Ctrl-Z once its check is done, then types
  /// `commands` (by default `kill -SIGNAL %1; fg`, or `fg` and then q with no signal).
  private func suspendSignalAndResume(
    signal: String?, expecting status: Int32, label: String, commands: String? = nil
  ) throws {
    let temporary = try TemporaryDirectory("danescope-suspend")
    let terminal = try PseudoTerminal(environment: ["TMPDIR": temporary.url.path])
    defer { terminal.stop() }
    terminal.type(
      "stty rows 30 cols 100; stty -g > \(temporary.url.path)/before; echo ready-$((1+1))\r")
    terminal.waitFor("ready-2\r\n")
    let start = terminal.bytes.count
    terminal.type("\(DanescopeBinary.url.path) --lab two-mx\r")
    // The lab (started once the console shows) has made its folder and the check is done.
    terminal.waitFor("to see them.", after: start, timeout: 60)
    XCTAssertFalse(labFolders(in: temporary.url).isEmpty, "\(label): no lab folder")
    terminal.type("\u{1A}")
    guard let stopped = terminal.waitFor("Stopped", after: start) else { return }
    // One line, so that nothing is typed while the console may have the terminal again; bash
    // goes on with the list once the job has ended (or stopped again).
    let report =
      "; echo \"status=$?\"; stty -g > \(temporary.url.path)/after; jobs; echo end-of-$((1+1))\r"
    if let commands {
      terminal.type(commands + report)
    } else if let signal {
      terminal.type("kill -\(signal) %1; fg" + report)
    } else {
      terminal.type("fg" + report)
      // Drawn again (the alternate screen back on) before the key is typed.
      terminal.waitFor("\u{1B}[?1049h", after: stopped)
      terminal.type("q")
    }
    guard let end = terminal.waitFor("end-of-2\r\n", after: stopped) else { return }
    let output = Array(terminal.bytes[..<end])
    let text = String(decoding: output, as: UTF8.self)
    let afterStop = String(decoding: output[stopped...], as: UTF8.self)
    XCTAssertTrue(afterStop.contains("status=\(status)\r\n"), "\(label): \(afterStop)")
    XCTAssertFalse(afterStop.contains("Stopped"), "\(label): stopped again: \(afterStop)")
    for mode in PseudoTerminal.consoleModes {
      guard let lastOn = PseudoTerminal.lastIndex(of: mode.on, in: output) else {
        XCTFail("\(label): the console never turned on the \(mode.name)")
        continue
      }
      let lastOff = PseudoTerminal.lastIndex(of: mode.off, in: output) ?? -1
      XCTAssertGreaterThan(lastOff, lastOn, "\(label): the \(mode.name) is left on: \(text)")
    }
    let before = try String(contentsOf: temporary.file("before"), encoding: .utf8)
    let after = try String(contentsOf: temporary.file("after"), encoding: .utf8)
    XCTAssertEqual(before, after, "\(label): stty modes")
    XCTAssertEqual(labFolders(in: temporary.url), [], "\(label): the lab's folder is left")
  }
}
