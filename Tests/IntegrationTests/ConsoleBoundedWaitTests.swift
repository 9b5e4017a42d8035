import Foundation
import XCTest

/// A call into libunbound that does not return within its bound (BoundedWait: a file swapped
/// for a FIFO) ends the process with exit status 2 and a message saying what was stuck and for
/// how long. While the console's curses screen owns the terminal nothing may be written over
/// it: the message goes to the `--log-file`, and to the terminal only once the console has put
/// the terminal back. The stuck call is made on purpose by a hook compiled into debug builds
/// only (DANESCOPE_DEBUG_BOUNDED_WAIT=SECONDS, Sources/ValidationCore/Resolver/
/// BoundedWaitDrill.swift), on a real pseudo-terminal under an interactive bash.
final class ConsoleBoundedWaitTests: XCTestCase {
  func testTheMessageWaitsForTheConsoleToGiveTheTerminalBackAndNamesTheBound() throws {
    let temporary = try TemporaryDirectory("danescope-bounded")
    let terminal = try PseudoTerminal(environment: ["TMPDIR": temporary.url.path])
    defer { terminal.stop() }
    let folder = temporary.url.path
    let log = temporary.url.appendingPathComponent("console.log").path
    terminal.type("stty rows 30 cols 100; stty -g > \(folder)/before; echo ready-$((1+1))\r")
    terminal.waitFor("ready-2\r\n")
    let start = terminal.bytes.count
    terminal.type(
      "DANESCOPE_DEBUG_BOUNDED_WAIT=1.5 \(DanescopeBinary.url.path) --lab --log-file \(log); "
        + "echo \"status=$?\"; stty -g > \(folder)/after; echo end-of-$((1+1))\r")
    guard let end = terminal.waitFor("end-of-2\r\n", after: start, timeout: 60) else { return }
    let output = Array(terminal.bytes[start..<end])
    let text = String(decoding: output, as: UTF8.self)
    XCTAssertTrue(text.contains("status=2\r\n"), text.debugDescription)

    let lead = "libunbound did not finish a drill call that never returns within "
    guard let message = PseudoTerminal.lastIndex(of: lead, in: output) else {
      return XCTFail("no message on the terminal: \(text.debugDescription)")
    }
    // The bound the call was given, not a constant: 1.5 s.
    let said = lead + "1.5 s"
    XCTAssertTrue(text.contains(said), text.debugDescription)
    // Written after curses let go of the terminal: after every mode it turned on was turned
    // off again (the alternate screen left, the cursor shown).
    for mode in PseudoTerminal.consoleModes {
      guard let lastOn = PseudoTerminal.lastIndex(of: mode.on, in: output) else {
        XCTFail("the console never turned on the \(mode.name): \(text.debugDescription)")
        continue
      }
      let lastOff = PseudoTerminal.lastIndex(of: mode.off, in: output) ?? -1
      XCTAssertGreaterThan(lastOff, lastOn, "the \(mode.name) is left on: \(text.debugDescription)")
      XCTAssertGreaterThan(message, lastOff, "written under curses: \(text.debugDescription)")
    }
    let before = try String(contentsOf: temporary.file("before"), encoding: .utf8)
    let after = try String(contentsOf: temporary.file("after"), encoding: .utf8)
    XCTAssertEqual(before, after, "the terminal's stty modes after the process ended")
    // The log file has it too.
    let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    XCTAssertTrue(logged.contains(said), logged)
  }
}
