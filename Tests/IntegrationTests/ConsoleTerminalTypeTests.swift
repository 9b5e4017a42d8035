import Foundation
import XCTest

/// A terminal type that terminfo knows but that cannot run a full-screen program is refused
/// before curses starts, with what was wrong and what to do, as an unknown type is: the console
/// does not draw a blank screen on it.
final class ConsoleTerminalTypeTests: XCTestCase {
  /// TERM=dumb (Emacs' shell buffers, some CI runners) has no cursor addressing: curses started
  /// on it and showed only the header; keys showed nothing.
  func testADumbTerminalIsAClearError() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab", "ee-valid"], width: 120,
      height: 20, environment: ["TERM": "dumb"])
    defer { tmux.stop() }
    // The message is wider than the pane: tmux wraps it at the edge without adding spaces.
    let screen = try tmux.waitFor("exit status 2").replacingOccurrences(of: "\n", with: "")
    XCTAssertTrue(screen.contains("the terminal type 'dumb' cannot place the cursor"), screen)
    XCTAssertTrue(screen.contains("TERM=xterm-256color"), screen)
    XCTAssertTrue(screen.contains("danescope check DOMAIN"), screen)
    XCTAssertFalse(screen.contains("Chain of trust"), "nothing of the console drawn: \(screen)")
  }

  /// A hard-copy type (terminfo's `hc`) prints on paper. None is installed here, so the test
  /// compiles one with tic into a private terminfo folder.
  func testAHardCopyTerminalIsAClearError() throws {
    let folder = try TemporaryDirectory("danescope-terminfo")
    let source = try folder.write(
      "paper.ti", "danescope-paper|a hard-copy terminal for a test,\n\tam, hc, cols#80,\n"
        + "\tbel=^G, cr=\\r, cud1=\\n, ind=\\n,\n")
    let database = folder.file("terminfo")
    try TestProcess.check("tic", ["-o", database.path, source.path])
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 120, height: 20,
      environment: ["TERM": "danescope-paper", "TERMINFO": database.path])
    defer { tmux.stop() }
    let screen = try tmux.waitFor("exit status 2").replacingOccurrences(of: "\n", with: "")
    XCTAssertTrue(
      screen.contains("the terminal type 'danescope-paper' is a hard-copy terminal"), screen)
  }
}
