import Foundation
import XCTest

/// A program running in a tmux session on a private server socket (`tmux -L
/// danescope-test-<random>`), driven with send-keys and read with capture-pane. The server is
/// killed when the session is stopped or released, also when a test fails.
final class TmuxSession {
  let socket = "danescope-test-\(UUID().uuidString.prefix(8).lowercased())"
  let name = "console"
  private var isStopped = false

  /// Starts `command` in a detached session of `width` × `height` under TERM=xterm-256color
  /// and LANG=C.UTF-8 (plus `environment`). The pane stays after the program exits, so that
  /// what it left on the screen can still be read.
  init(_ command: [String], width: Int, height: Int, environment: [String: String] = [:]) throws {
    var variables = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
    variables.merge(environment) { $1 }
    let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }
    // The shell traps SIGINT and SIGQUIT with a command (so the program still gets the default
    // disposition) and lives on after a Ctrl-C or Ctrl-\\ to print the exit status.
    let script = "trap : INT QUIT; env -u NO_COLOR " + assignments.joined(separator: " ") + " "
      + command.map(Self.quote).joined(separator: " ") + "; echo \"exit status $?\"; sleep 600"
    try startServer(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y",
      "\(height)", "sh", "-c", script])
  }

  /// The first tmux call starts the server, which daemonizes. Foundation's Process was seen
  /// here never noticing that such a client had exited (left a zombie, waited forever), so this
  /// one call goes through posix_spawn and waitpid, with /dev/null for its output.
  private func startServer(_ arguments: [String]) throws {
    let tmux = try TestProcess.locate("tmux").path
    let command = ([tmux, "-L", socket] + arguments).map(Self.quote).joined(separator: " ")
      + " </dev/null >/dev/null 2>&1"
    let words: [String] = ["/bin/sh", "-c", command]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else {
      throw TestProcess.ToolFailed(command: command, status: -1, output: "posix_spawn failed")
    }
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(20)
    while waitpid(pid, &status, WNOHANG) == 0 {
      if Date() > deadline {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw TestProcess.TimedOut(command: command, seconds: 20)
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    guard status == 0 else {
      throw TestProcess.ToolFailed(command: command, status: status, output: "")
    }
  }

  deinit { stop() }

  func stop() {
    guard !isStopped else { return }
    isStopped = true
    _ = try? TestProcess.run("tmux", ["-L", socket, "kill-server"], timeout: 10)
  }

  /// Types keys: tmux key names (`Enter`, `Tab`, `BTab`, `Escape`, `Down`) or literal text.
  func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", name] + keys)
  }

  func sendLiteral(_ text: String) throws {
    try tmux(["send-keys", "-t", name, "-l", text])
  }

  /// Pastes `text` as tmux's paste-buffer does: the bytes written to the program at once, and
  /// with `bracketed` between the paste marks when the program has turned bracketed paste on
  /// (as a terminal emulator pastes). Line feeds are sent as carriage returns (tmux's default).
  func paste(_ text: String, bracketed: Bool) throws {
    let folder = try TemporaryDirectory("danescope-paste")
    let file = try folder.write("buffer", text)
    try tmux(["load-buffer", "-b", "test-paste", file.path])
    try tmux(["paste-buffer", "-d", "-b", "test-paste", "-t", name] + (bracketed ? ["-p"] : []))
  }

  /// The name of the command in the pane's foreground now (`bash` once a program it ran has
  /// ended or stopped).
  func foregroundCommand() throws -> String {
    try tmux(["display-message", "-p", "-t", name, "#{pane_current_command}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The pane's text now.
  func capture() throws -> String {
    try tmux(["capture-pane", "-p", "-t", name])
  }

  /// The pane's text with its attributes and colours as escape sequences (`capture-pane -e`).
  func captureWithEscapes() throws -> String {
    try tmux(["capture-pane", "-p", "-e", "-t", name])
  }

  /// The parameters of every SGR sequence (`ESC [ … m`) in `text`, one number each.
  static func graphicParameters(_ text: String) -> [Int] {
    var numbers: [Int] = []
    var rest = Substring(text)
    while let start = rest.range(of: "\u{1B}[") {
      rest = rest[start.upperBound...]
      guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
      if rest[end] == "m" { numbers += rest[..<end].split(separator: ";").compactMap { Int($0) } }
      rest = rest[end...]
    }
    return numbers
  }

  /// Whether the pane shows the alternate screen (curses' screen) and whether its cursor is
  /// visible: a program that gave the terminal back leaves the first off and the second on.
  func terminalModes() throws -> (alternateScreen: Bool, cursorVisible: Bool) {
    let text = try tmux(["display-message", "-p", "-t", name, "#{alternate_on} #{cursor_flag}"])
    let flags = text.split(separator: " ").map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return (flags.first == "1", flags.last == "1")
  }

  /// The process id of the pane's shell.
  func panePID() throws -> Int32 {
    let text = try tmux(["list-panes", "-t", name, "-F", "#{pane_pid}"])
    guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw TestProcess.ToolFailed(command: "tmux list-panes", status: 0, output: text)
    }
    return pid
  }

  func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
  }

  /// Reads the pane until `condition` holds or `timeout` seconds pass; returns the last screen.
  /// Failing to get there fails the test with the screen as it was.
  @discardableResult
  func waitUntil(
    _ description: String, timeout: TimeInterval = 30, file: StaticString = #filePath,
    line: UInt = #line, _ condition: (String) -> Bool
  ) throws -> String {
    var screen = ""
    let reached = try IntegrationTests.waitUntil(timeout: timeout, interval: 0.1) {
      screen = try capture()
      return condition(screen)
    }
    if !reached {
      XCTFail(
        "timed out waiting for \(description); the screen was:\n\(screen)", file: file,
        line: line)
    }
    return screen
  }

  @discardableResult
  func waitFor(
    _ text: String, timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line
  ) throws -> String {
    try waitUntil("'\(text)'", timeout: timeout, file: file, line: line) { $0.contains(text) }
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    try TestProcess.check("tmux", ["-L", socket] + arguments, timeout: 20)
  }

  private static func quote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
