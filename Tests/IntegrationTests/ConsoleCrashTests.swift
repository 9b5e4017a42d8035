import Foundation
import XCTest

/// A crash by stack overflow on the console's curses thread, on a real pseudo-terminal under an
/// interactive bash. The overflow is made on purpose by a hook compiled into debug builds only:
/// DANESCOPE_DEBUG_STACK_OVERFLOW in the environment has the console recurse without end once
/// its first screen is drawn (Sources/Console/Runtime/StackOverflowDrill.swift; the tests run
/// the debug binary that `swift build` made). The SIGSEGV from the thread's guard page can only
/// be handled on an alternate signal stack; without one the kernel kills the process at once
/// and the shell is left on curses' screen, cursor hidden, in raw mode.
final class ConsoleCrashTests: XCTestCase {
  func testAStackOverflowOnTheCursesThreadStillRestoresTheTerminal() throws {
    let temporary = try TemporaryDirectory("danescope-crash")
    let terminal = try PseudoTerminal(environment: ["TMPDIR": temporary.url.path])
    defer { terminal.stop() }
    let folder = temporary.url.path
    // No core file: the crash is the point, and a core of a lab process is large.
    terminal.type(
      "stty rows 30 cols 100; ulimit -c 0; stty -g > \(folder)/before; echo ready-$((1+1))\r")
    terminal.waitFor("ready-2\r\n")
    let start = terminal.bytes.count
    terminal.type(
      "DANESCOPE_DEBUG_STACK_OVERFLOW=1 \(DanescopeBinary.url.path) --lab; echo \"status=$?\"; "
        + "stty -g > \(folder)/after; echo end-of-$((1+1))\r")
    guard let end = terminal.waitFor("end-of-2\r\n", after: start, timeout: 60) else { return }
    let output = Array(terminal.bytes[start..<end])
    let text = String(decoding: output, as: UTF8.self)
    // The process died of the signal (bash: 128 + SIGSEGV), as the handler re-raises it.
    XCTAssertTrue(text.contains("status=\(128 + SIGSEGV)\r\n"), text.debugDescription)
    // Every mode curses turned on is turned off after its last switch on: the alternate
    // screen left and the cursor shown again, among them.
    for mode in PseudoTerminal.consoleModes {
      guard let lastOn = PseudoTerminal.lastIndex(of: mode.on, in: output) else {
        XCTFail("the console never turned on the \(mode.name): \(text.debugDescription)")
        continue
      }
      let lastOff = PseudoTerminal.lastIndex(of: mode.off, in: output) ?? -1
      XCTAssertGreaterThan(lastOff, lastOn, "the \(mode.name) is left on: \(text.debugDescription)")
    }
    let before = try String(contentsOf: temporary.file("before"), encoding: .utf8)
    let after = try String(contentsOf: temporary.file("after"), encoding: .utf8)
    XCTAssertEqual(before, after, "the terminal's stty modes after the crash")
  }
}
