import Foundation
import XCTest

/// The real danescope binary in tmux on the embedded lab, driven by keys and read back with
/// `tmux capture-pane`.
final class ConsoleTmuxTests: XCTestCase {
  func testLabConsoleEndToEnd() throws {
    _ = try TestProcess.locate("tmux")
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 100, height: 30)
    defer { tmux.stop() }

    // Open: the scenario list on the left, the tabs, the hints.
    var screen = try tmux.waitFor("ee-valid")
    XCTAssertTrue(screen.contains("1 Chain of trust"), screen)
    XCTAssertTrue(screen.contains("ds-mismatch"), screen)
    XCTAssertTrue(screen.contains("? help"), screen)

    // Open the first scenario: the check runs and the header gives its verdict (ee-valid is
    // documented as MX secure, TLSA secure, verified).
    try tmux.send("Enter")
    screen = try tmux.waitFor("DANE verified", timeout: 60)
    XCTAssertTrue(screen.contains("DNSSEC secure"), screen)
    XCTAssertTrue(screen.contains("MX 1"), screen)
    XCTAssertTrue(screen.contains("127.0.0.2"), screen)

    // Switch panes with Tab and a digit.
    try tmux.send("Tab")
    screen = try tmux.waitFor("DANE-EE(3) SPKI(1) SHA2-256(1)")
    XCTAssertTrue(screen.contains("matched depth 0 in the last handshake"), screen)

    // Select the MX address in the tree and watch its handshake to the end.
    try tmux.send("h", "j", "j", "Enter")
    screen = try tmux.waitFor("connection closed")
    XCTAssertTrue(screen.contains("mx1.ee-valid.example. [127.0.0.2]"), screen)
    XCTAssertTrue(screen.contains("→ QUIT"), screen)
    XCTAssertTrue(screen.contains("DANE verified by 3 1 1"), screen)
    XCTAssertTrue(screen.contains("run 1"), screen)
    try tmux.send("r")
    screen = try tmux.waitUntil("the second run to finish") {
      $0.contains("run 2") && $0.contains("connection closed")
    }
    XCTAssertTrue(screen.contains("DNSSEC secure"), "a rerun keeps the report: \(screen)")

    // Open the explanation of the finding.
    try tmux.send("4", "G", "e")
    screen = try tmux.waitFor("What it means")
    XCTAssertTrue(screen.contains("TLSA_SINGLE_RECORD"), screen)
    XCTAssertTrue(screen.contains("How to fix it"), screen)
    try tmux.send("Escape")
    try tmux.waitUntil("the explanation to close") { !$0.contains("How to fix it") }

    try tmux.send("?")
    screen = try tmux.waitFor("Keys")
    XCTAssertTrue(screen.contains("explain the selected finding"), screen)
    try tmux.send("Escape")
    try tmux.waitUntil("the help to close") { !$0.contains("explain the selected finding") }

    // Search the scenario list.
    try tmux.send("h", "/")
    try tmux.sendLiteral("ds-mis")
    try tmux.send("Enter")
    try tmux.waitFor("/ds-mis: 1 matching line")

    // Change theme.
    try tmux.send("t")
    try tmux.waitFor("Theme: light")

    // Resize: below 80 columns the navigation tree hides; back again it shows.
    try tmux.resize(width: 70, height: 24)
    screen = try tmux.waitUntil("the narrow layout") {
      $0.split(separator: "\n").dropFirst().first?.hasPrefix(" 1 Chain of trust") == true
    }
    XCTAssertFalse(screen.contains("ee-expired-selfsigned"), screen)
    try tmux.resize(width: 100, height: 30)
    try tmux.waitFor("ee-expired-selfsigned")

    // Quit: the terminal is given back (the console's screen is gone) and the exit status is 0.
    try tmux.send("q")
    screen = try tmux.waitFor("exit status 0")
    XCTAssertFalse(screen.contains("1 Chain of trust"), screen)
  }

  /// Below 80 columns the tree is not drawn beside the panes, but it is still where a host and
  /// address are picked: `h` draws it over the pane with the cursor on the open scenario, and
  /// Enter on mx2's address (four rows down) shows mx2's handshake; a search in the tree goes
  /// back to mx1. two-mx is documented as mx1 verified, mx2 failed (its record matches no key).
  func testNarrowTerminalPicksTheSecondMXFromTheTree() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab", "two-mx"], width: 70,
      height: 24)
    defer { tmux.stop() }
    var screen = try tmux.waitFor("DANE 1 of 2 failed", timeout: 60)
    XCTAssertFalse(screen.contains("ee-valid"), "the tree is hidden at first: \(screen)")

    // Until an address is picked, the Handshake pane shows the primary's (mx1, preference 10).
    try tmux.send("3")
    try tmux.waitFor("mx1.two-mx.example. [127.0.0.15]")
    try tmux.send("?")
    screen = try tmux.waitFor("←/h")
    XCTAssertTrue(screen.contains("pick a scenario, MX host"), screen)
    try tmux.send("Escape")
    try tmux.waitUntil("the help to close") { !$0.contains("pick a scenario") }

    // The keys the report that found this pressed: the tree over the pane, down to mx2's
    // address (two-mx, mx1, its address, mx2, its address), open it.
    try tmux.send("h")
    screen = try tmux.waitFor("  mx2.two-mx.example.")
    XCTAssertTrue(screen.contains("ee-valid"), "the scenario list shows: \(screen)")
    try tmux.send("j", "j", "j", "j", "Enter")
    screen = try tmux.waitUntil("mx2's handshake to finish") {
      $0.contains("mx2.two-mx.example. [127.0.0.16]") && $0.contains("connection closed")
    }
    XCTAssertTrue(screen.contains("DANE failed"), screen)
    XCTAssertFalse(screen.contains("ee-valid"), "the tree closes once a pick is made: \(screen)")
    XCTAssertFalse(screen.contains("127.0.0.15"), screen)

    try tmux.send("h", "/")
    try tmux.sendLiteral("127.0.0.15")
    try tmux.send("Enter", "Enter")
    screen = try tmux.waitFor("mx1.two-mx.example. [127.0.0.15]")
    XCTAssertTrue(screen.contains("DANE verified"), screen)
  }

  func testCtrlCRestoresTheTerminal() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 90, height: 26)
    defer { tmux.stop() }
    try tmux.waitFor("ee-valid")
    try tmux.send("C-c")
    let screen = try tmux.waitFor("exit status 3")
    XCTAssertFalse(screen.contains("1 Chain of trust"), screen)
  }

  /// SIGTERM and SIGHUP (a closed terminal window) stop the console as `q` does: the terminal is
  /// put back and the lab's files are removed; then the process dies of the signal, so the shell
  /// sees 128 + the signal.
  func testSIGTERMAndSIGHUPRestoreTheTerminalAndRemoveTheLab() throws {
    for (number, status) in [(SIGTERM, 143), (SIGHUP, 129)] {
      let (tmux, temporary, before) = try consoleWithItsLab("danescope-console-signal")
      defer { tmux.stop() }
      let shell = try tmux.panePID()
      let children = try TestProcess.check("pgrep", ["-P", String(shell)])
      let pid = try XCTUnwrap(Int32(children.split(separator: "\n").first ?? ""), children)
      XCTAssertEqual(kill(pid, number), 0)
      let screen = try tmux.waitFor("exit status \(status)")
      XCTAssertFalse(screen.contains("1 Chain of trust"), screen)
      XCTAssertEqual(labFolders(in: temporary.url).subtracting(before), [], "signal \(number)")
    }
  }

  /// Ctrl-\\ (SIGQUIT), typed or inside pasted text, stops the console as SIGTERM does: no crash
  /// report from the Swift runtime over the screen, no wait for keys, the terminal put back,
  /// the lab's files removed, and the process ends by SIGQUIT (exit status 131).
  func testCtrlBackslashStopsCleanlyLikeSIGTERM() throws {
    for keys in [["C-\\"], ["-l", "ab\u{1c}cd"]] {
      let (tmux, temporary, before) = try consoleWithItsLab("danescope-console-quit")
      defer { tmux.stop() }
      if keys.first == "-l" { try tmux.sendLiteral(keys[1]) } else { try tmux.send(keys[0]) }
      let screen = try tmux.waitFor("exit status 131")
      XCTAssertFalse(screen.contains("1 Chain of trust"), screen)
      XCTAssertFalse(screen.contains("crashed"), screen)
      XCTAssertFalse(screen.contains("Press space"), screen)
      XCTAssertEqual(labFolders(in: temporary.url).subtracting(before), [], "keys \(keys)")
    }
  }

  /// `danescope --lab` in tmux with a private TMPDIR (env execs danescope, so the shell's child
  /// is still danescope), once the lab it starts after the console shows has made its folder.
  private func consoleWithItsLab(_ label: String) throws
    -> (tmux: TmuxSession, temporary: TemporaryDirectory, before: Set<String>)
  {
    let temporary = try TemporaryDirectory(label)
    let before = labFolders(in: temporary.url)
    let tmux = try TmuxSession(
      ["/usr/bin/env", "TMPDIR=\(temporary.url.path)", DanescopeBinary.url.path, "--lab"],
      width: 90, height: 26)
    do {
      try tmux.waitFor("ee-valid")
    } catch {
      tmux.stop()
      throw error
    }
    XCTAssertTrue(
      waitUntil(timeout: 60) { !labFolders(in: temporary.url).subtracting(before).isEmpty },
      "the lab made no folder")
    return (tmux, temporary, before)
  }

  /// NO_COLOR (and --no-color) draw with attributes only; the default theme uses colour;
  /// --ascii draws no character outside ASCII.
  func testNoColorAndASCII() throws {
    func isColour(_ number: Int) -> Bool {
      (30...49).contains(number) && number != 39 && number != 49 || (90...107).contains(number)
    }
    let plain = try TmuxSession([DanescopeBinary.url.path, "--lab", "--ascii"], width: 100,
      height: 30, environment: ["NO_COLOR": "1"])
    defer { plain.stop() }
    try plain.waitFor("ee-valid")
    let screen = try plain.capture()
    XCTAssertFalse(screen.unicodeScalars.contains { $0.value > 0x7E }, screen)
    XCTAssertTrue(screen.contains("| 1 Chain of trust"), screen)
    let parameters = TmuxSession.graphicParameters(try plain.captureWithEscapes())
    XCTAssertFalse(parameters.contains(where: isColour), "\(parameters)")
    XCTAssertTrue(parameters.contains(7), "the mono theme marks the header in reverse")
    // `t` says which theme is on now, though only its attributes show: from mono, where
    // NO_COLOR starts, the next is dark, as the User Guide's example says.
    try plain.send("t")
    let guide = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/UserGuide.md"), encoding: .utf8)
    let example = try XCTUnwrap(
      guide.firstMatch(of: /its first press [^.]*?says `(Theme: [^`]*)`/)?.output.1,
      "the User Guide gives no example of what `t` says without colour")
    let said = example.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertEqual(said, "Theme: dark, in attributes only (no colour: NO_COLOR or --no-color)")
    try plain.waitFor(said)

    let coloured = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 100, height: 30)
    defer { coloured.stop() }
    try coloured.waitFor("ee-valid")
    XCTAssertTrue(
      TmuxSession.graphicParameters(try coloured.captureWithEscapes()).contains(where: isColour))
  }

  func testUnknownTerminalTypeIsAClearError() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 100, height: 20,
      environment: ["TERM": "no-such-terminal"])
    defer { tmux.stop() }
    let screen = try tmux.waitFor("exit status 2")
    XCTAssertTrue(screen.contains("the terminal type 'no-such-terminal' is not known"), screen)
  }

  /// Started without a terminal, the console refuses as every usage error does (exit 2, then
  /// the `Try` line the User Guide promises), before the lab starts.
  func testNoTerminalIsAClearError() throws {
    for arguments in [["--lab"], ["--lab", "two-mx"], ["--forwarder", "127.0.0.1@9", "a.example"]] {
      let result = try DanescopeBinary.run(arguments)
      XCTAssertEqual(result.status, 2, "\(arguments)")
      XCTAssertEqual(
        result.stderr,
        "danescope: the console needs a terminal on standard input and output; for a report use"
          + " 'danescope check DOMAIN'\nTry 'danescope --help'.\n", "\(arguments)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
    }
  }

  /// An unknown theme name is a usage error before the terminal is looked at (here there is
  /// none), and it lists the themes there are.
  func testUnknownThemeNameIsAUsageError() throws {
    let result = try DanescopeBinary.run(["--lab", "--theme", "nope\u{1B}[2J"])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(result.stderr.contains("unknown theme 'nope\\027[2J'"), result.stderr)
    XCTAssertTrue(result.stderr.contains("available: dark, light, high-contrast, mono"),
      result.stderr)
    XCTAssertFalse(result.stderr.contains("needs a terminal"), result.stderr)
  }

  func testBrokenThemeIsReportedOnTheStatusLine() throws {
    let folder = try TemporaryDirectory("danescope-theme")
    _ = try folder.write("broken.theme", "normal = default\nsecure = green on\n")
    let tmux = try TmuxSession(
      [DanescopeBinary.url.path, "--lab", "--theme", "broken"], width: 120, height: 30,
      environment: ["DANESCOPE_THEMES": folder.url.path])
    defer { tmux.stop() }
    let screen = try tmux.waitFor("broken.theme:2")
    XCTAssertTrue(
      screen.contains("'on' must be followed by a colour; using the built-in dark theme"), screen)
  }

  /// `--theme NAME` with NAME.theme a FIFO, a folder or a link to /dev/zero: the console opens
  /// (without waiting on the FIFO), says on the status line what is wrong with the file, and
  /// draws with the built-in default.
  func testAThemeFileThatIsNoRegularFileIsReportedOnTheStatusLine() throws {
    let folder = try TemporaryDirectory("danescope-theme")
    XCTAssertEqual(mkfifo(folder.file("fifo.theme").path, 0o600), 0)
    try FileManager.default.createDirectory(
      at: folder.file("folder.theme"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("zero.theme").path, withDestinationPath: "/dev/zero")
    for (name, problem) in [
      ("fifo", "is not a regular file"), ("folder", "is a directory, not a file"),
      ("zero", "is not a regular file"),
    ] {
      let tmux = try TmuxSession(
        [DanescopeBinary.url.path, "--lab", "--theme", name], width: 160, height: 30,
        environment: ["DANESCOPE_THEMES": folder.url.path])
      defer { tmux.stop() }
      try tmux.waitFor("\(name).theme: \(problem); using the built-in dark theme")
      // The console goes on: the lab's scenario list shows once the lab has started.
      try tmux.waitFor("ee-valid")
    }
  }

  /// Pasted into the `d` prompt, control characters and escape sequences stay in the name
  /// (drawn escaped) and the name is refused on Enter as `check` refuses it; the sequences'
  /// bytes are not run as keys (`3` would switch panes, `q` quit). An Esc typed alone closes the
  /// prompt and clears the refusal from the status line.
  func testPastedControlCharactersAndEscapesInTheDomainPrompt() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 120, height: 30)
    defer { tmux.stop() }
    try tmux.waitFor("ee-valid")
    try tmux.send("d")
    try tmux.waitFor("domain: ")
    try tmux.sendLiteral("two\u{1}mx\u{1B}[3q.exa\u{7}mple")
    try tmux.waitFor("domain: two?mx?[3q.exa?mple")
    try tmux.send("Enter")
    let screen = try tmux.waitFor(
      "'two\\001mx\\027[3q.exa\\007mple' is not a mail domain: label 1 has the control"
        + " character \\001")
    XCTAssertTrue(screen.contains(" 1 Chain of trust "), "still the Chain pane: \(screen)")
    try tmux.send("d")
    try tmux.waitFor("domain: ")
    try tmux.send("Escape")
    try tmux.waitFor("Press ? for help.")
  }

  /// The theme chosen at start is not announced (only `t` says which theme is on), so the
  /// status line starts with what to do.
  func testTheStartingThemeIsNotAnnounced() throws {
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 100, height: 26)
    defer { tmux.stop() }
    let screen = try tmux.waitFor("ee-valid")
    XCTAssertFalse(screen.contains("Theme: dark"), screen)
    XCTAssertTrue(screen.contains("Press ? for help."), screen)
  }

  /// Under a locale that is not UTF-8 (LC_ALL=C) curses cannot draw line characters: the
  /// console draws with ASCII instead of blanks.
  func testALocaleWithoutUTF8DrawsWithASCII() throws {
    let tmux = try TmuxSession(
      [DanescopeBinary.url.path, "--lab", "ee-valid.example"], width: 120, height: 30,
      environment: ["LC_ALL": "C"])
    defer { tmux.stop() }
    let screen = try tmux.waitFor("DANE verified")
    XCTAssertTrue(screen.contains("|"), screen)
    XCTAssertFalse(screen.contains("│"), screen)
    XCTAssertTrue(screen.contains("Chain of trust"), screen)
  }

  /// With a domain to check at once, the check's own messages ("Checking…", "Checked…") do not
  /// bury what was wrong with the theme.
  func testBrokenThemeStaysInViewWhileADomainIsChecked() throws {
    let folder = try TemporaryDirectory("danescope-theme")
    _ = try folder.write("broken.theme", "normal = default\nsecure = green on\n")
    let tmux = try TmuxSession(
      [DanescopeBinary.url.path, "--lab", "ee-valid.example", "--theme", "broken"], width: 120,
      height: 30, environment: ["DANESCOPE_THEMES": folder.url.path])
    defer { tmux.stop() }
    // The check is done once the header has its verdict.
    let screen = try tmux.waitFor("DANE verified")
    XCTAssertTrue(screen.contains("broken.theme:2"), screen)
    XCTAssertFalse(screen.contains("Checked ee-valid.example."), screen)
  }
}
