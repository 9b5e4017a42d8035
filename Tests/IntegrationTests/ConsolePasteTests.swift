import Foundation
import XCTest

/// Text pasted into the console, in tmux, under a real interactive bash (the shell a person
/// runs it from). Whatever the console has not read when it leaves (ends or stops) must never
/// reach the shell, which would run it as commands: the paste's rest writes a marker file, and
/// the file must not be there afterwards. A paste the terminal marks as one (bracketed paste) is
/// text for the prompt, never commands.
final class ConsolePasteTests: XCTestCase {
  /// ^C, ^\ and ^Z inside pasted text end (or stop) the console by their signals, and the line
  /// after them was left for bash: `echo PASTED > marker` ran once the console had gone.
  func testTheRestOfAPasteAfterASignalCharacterDoesNotReachTheShell() throws {
    let folder = try TemporaryDirectory("danescope-paste")
    let shell = try InteractiveShell(folder)
    defer { shell.tmux.stop() }
    // bash's status for a job a signal ended is 128 + the signal; SIGINT ends the console with
    // status 3; a stopped job is 128 + SIGTSTP.
    for (control, status) in [("\u{03}", 3), ("\u{1C}", 128 + SIGQUIT), ("\u{1A}", 128 + SIGTSTP)]
    {
      let marker = folder.file("PWNED-\(control.unicodeScalars.first!.value)")
      try shell.startConsoleAtTheDomainPrompt()
      try shell.tmux.paste("mx.example\(control)echo PASTED > \(marker.path)\r", bracketed: false)
      try shell.waitForTheShell(status: Int(status), label: "\(control.debugDescription)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path),
        "the shell ran the paste's rest after \(control.debugDescription)")
      if control == "\u{1A}" {
        // The stopped console ends by SIGTERM once continued, cleaning up its lab.
        try shell.run("kill -TERM %1; fg", status: 128 + Int(SIGTERM))
      }
    }
  }

  /// A pasted Enter followed by `q`: pasted without the marks (as tmux's paste-buffer does
  /// unasked), the Enter opens two-mx and the `q` quits, and the 1000-octet tail and the line
  /// after it must not reach the shell. Pasted with them (as a terminal emulator pastes once the
  /// console has turned bracketed paste on), nothing of it is a command: the console stays, its
  /// prompt holds the text, and Esc and q typed afterwards leave as usual.
  func testAPastedEnterAndQuitDoNotLetThePasteReachTheShell() throws {
    let folder = try TemporaryDirectory("danescope-paste")
    // Wide enough for the whole prompt: the label, 255 octets, the cursor and the note.
    let shell = try InteractiveShell(folder, width: 340)
    defer { shell.tmux.stop() }
    let marker = folder.file("PWNED")
    let text = "two-mx\rq" + String(repeating: "a", count: 1000) + "\recho PASTED > \(marker.path)\r"

    try shell.startConsoleAtTheDomainPrompt()
    try shell.tmux.paste(text, bracketed: false)
    try shell.waitForTheShell(status: 0, label: "unmarked paste")
    XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path),
      "the shell ran the rest of an unmarked paste")

    try shell.startConsoleAtTheDomainPrompt()
    try shell.tmux.paste(text, bracketed: true)
    // The pasted line breaks are in the prompt (drawn as ?), the last one dropped.
    let screen = try shell.tmux.waitFor("domain: two-mx?qaaaa")
    XCTAssertTrue(screen.contains("more characters dropped)"), screen)
    XCTAssertEqual(try shell.tmux.foregroundCommand(), "danescope", "the console is still there")
    XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
    try shell.tmux.send("Escape")
    try shell.tmux.waitUntil("the prompt to close") { !$0.contains("domain: ") }
    try shell.tmux.send("q")
    try shell.waitForTheShell(status: 0, label: "marked paste")
    XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path),
      "the shell ran the rest of a marked paste")
  }

  /// 2 MB pasted into the domain prompt (it took more than 3 minutes, one redraw per few
  /// hundred keys and the whole text copied at each key): the console takes all of it, keeps
  /// the prompt's capacity and says how much it dropped, and still answers keys.
  func testATwoMegabytePasteIsTakenAndCutToThePromptsCapacity() throws {
    let folder = try TemporaryDirectory("danescope-paste")
    // Wide enough for the whole prompt: the label, 255 octets, the cursor and the note.
    let shell = try InteractiveShell(folder, width: 340)
    defer { shell.tmux.stop() }
    try shell.startConsoleAtTheDomainPrompt()
    let count = 2_000_000
    try shell.tmux.paste(String(repeating: "b", count: count), bracketed: false)
    // Said once the last key is taken: the count is of everything past the capacity.
    let screen = try shell.tmux.waitFor(
      "(cut at 255 octets: \(count - 255) more characters dropped)", timeout: 240)
    let line = try XCTUnwrap(screen.split(separator: "\n").first { $0.hasPrefix("domain: ") })
    XCTAssertEqual(line.filter { $0 == "b" }.count, 255, String(line))
    // Enter refuses the cut text rather than checking it as a name.
    try shell.tmux.send("Enter")
    try shell.tmux.waitFor("is not a mail domain: it was cut at 255 octets")
    try shell.tmux.send("q")
    try shell.waitForTheShell(status: 0, label: "2 MB paste")
  }
}

/// `bash --norc --noprofile -i` in tmux, with job control, in which the console is started
/// on the lab (TMPDIR a private folder) as a person would type it.
private struct InteractiveShell {
  let tmux: TmuxSession
  let folder: TemporaryDirectory

  init(_ folder: TemporaryDirectory, width: Int = 120) throws {
    self.folder = folder
    let bash = try TestProcess.locate("bash").path
    tmux = try TmuxSession([bash, "--norc", "--noprofile", "-i"], width: width, height: 30,
      environment: ["TMPDIR": folder.url.path, "PS1": "shell$ "])
    try tmux.waitFor("shell$")
  }

  /// Starts `danescope --lab ee-valid`, waits for its screen and opens the domain prompt.
  func startConsoleAtTheDomainPrompt() throws {
    try tmux.sendLiteral("clear; \(DanescopeBinary.url.path) --lab ee-valid")
    try tmux.send("Enter")
    try tmux.waitFor("1 Chain of trust", timeout: 60)
    try tmux.send("d")
    try tmux.waitFor("domain: ")
  }

  /// Waits until bash has the terminal again (the console ended or stopped), then asks it for
  /// the console's status. What bash runs first is whatever the console left unread.
  func waitForTheShell(status: Int, label: String) throws {
    XCTAssertTrue(
      try IntegrationTests.waitUntil(timeout: 240, interval: 0.1) {
        try tmux.foregroundCommand() == "bash" && !tmux.terminalModes().alternateScreen
      }, "\(label): the console did not leave")
    try run("echo \"status=$?\"", status: status)
  }

  /// Types `command` for bash (after a clear), followed by an echo of the status it left
  /// (or of `status` when the command is itself that echo), and checks the status.
  func run(_ command: String, status: Int) throws {
    let probe = command.hasPrefix("echo \"status=") ? command : command + "; echo \"status=$?\""
    try tmux.sendLiteral(probe)
    try tmux.send("Enter")
    try tmux.waitUntil("status \(status) from \(command)") {
      $0.contains("status=\(status)")
    }
    try tmux.sendLiteral("clear")
    try tmux.send("Enter")
    try tmux.waitUntil("a clear screen") { !$0.contains("status=") }
  }
}
