import Foundation
import XCTest

/// After the terminal changes size, an Esc typed on its own still closes the `/` and `d`
/// prompts (Docs/UserGuide.md), and the keys after it are commands again, not prompt text.
final class ConsoleResizePromptTests: XCTestCase {
  func testEscapeClosesThePromptsAfterAResize() throws {
    _ = try TestProcess.locate("tmux")
    let tmux = try TmuxSession(
      [DanescopeBinary.url.path, "--lab", "ee-valid"], width: 100, height: 30)
    defer { tmux.stop() }
    try tmux.waitFor("Checked ee-valid.example.", timeout: 60)
    try tmux.resize(width: 70, height: 24)
    try tmux.waitUntil("the narrow layout") {
      $0.split(separator: "\n").dropFirst().first?.hasPrefix(" 1 Chain of trust") == true
    }
    for (key, label) in [("/", "/"), ("d", "domain:")] {
      try tmux.send(key)
      try tmux.waitUntil("the \(key) prompt") { Self.statusLine($0).hasPrefix(label) }
      try tmux.send("Escape")
      try tmux.waitUntil("Esc to close the \(key) prompt") {
        !Self.statusLine($0).hasPrefix(label)
      }
    }
    // The key after the Esc is a command again: `?` opens the help rather than being typed.
    try tmux.send("d")
    try tmux.waitUntil("the d prompt") { Self.statusLine($0).hasPrefix("domain:") }
    try tmux.send("Escape")
    // Sent once the Esc is read: an Esc and a key read together are a paste.
    try tmux.waitUntil("Esc to close the d prompt") {
      !Self.statusLine($0).hasPrefix("domain:")
    }
    try tmux.send("?")
    let screen = try tmux.waitFor("─ Keys ─")
    XCTAssertFalse(screen.contains("domain:"), screen)
  }

  /// The last line with text: the status line, where a prompt is drawn.
  private static func statusLine(_ screen: String) -> String {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    let last = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    return last.trimmingCharacters(in: .whitespaces)
  }
}
