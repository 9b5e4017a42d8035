import XCTest

@testable import Console

/// What the status line says after `r`, Esc on a prompt and `r` on a deferred host; `g` in the
/// Handshake pane; control characters and pasted escape sequences in the `d` prompt.
final class StatusAndPromptKeysTests: XCTestCase {
  /// `r` checks again and says so, as `d` does, instead of leaving the last check's count; the
  /// new report's end replaces it with the new count.
  func testRefreshSaysChecking() {
    var state = ReportFixture.state(width: 100, height: 30)
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 2 findings — press 4 to see them.")
    XCTAssertTrue(state.handle(.character("r")).contains(.check))
    XCTAssertEqual(state.statusMessage, "Checking mail.example.…")
    let statusLine = Renderer().render(state).lines.last ?? ""
    XCTAssertTrue(statusLine.contains("Checking mail.example.…"), statusLine)
    _ = state.apply(.report(ReportFixture.report))
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 2 findings — press 4 to see them.")
  }

  /// Esc on a prompt goes back to the hint, not to an older message unrelated to it.
  func testEscapeOnAPromptClearsAStaleMessage() {
    var state = ReportFixture.state(width: 100, height: 30)
    _ = state.handle(.character("d"))
    _ = state.handle(.character("x"))
    _ = state.handle(.escape)
    XCTAssertNil(state.prompt)
    XCTAssertNil(state.statusMessage)
    XCTAssertEqual(state.statusLines, ["Press ? for help."])

    state.say("/nothing: not found in the Chain of trust pane", isError: true)
    _ = state.handle(.character("/"))
    _ = state.handle(.escape)
    XCTAssertNil(state.statusMessage)
    XCTAssertFalse(state.statusIsError)
  }

  /// …except "Checking NAME…" while that check still runs: its end turns it into the count.
  func testEscapeOnAPromptKeepsTheRunningChecksMessage() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 100, height: 30)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.handle(.character("/"))
    _ = state.handle(.escape)
    XCTAssertEqual(state.statusMessage, "Checking mail.example.…")
    _ = state.apply(.report(ReportFixture.report))
    XCTAssertEqual(state.statusMessage, "Checked mail.example.: 2 findings — press 4 to see them.")
  }

  /// `r` in the Handshake pane on an address of a deferred host (its lookups failed or were
  /// bogus, RFC 7672 §2.2): no sender connects, so there is no handshake to run, ever; the
  /// message says why instead of "yet".
  func testRefreshOnADeferredHostSaysWhyThereIsNoHandshake() {
    var report = ReportFixture.report
    let reason = "Lookup bogus: signature expired; delivery is deferred."
    report.hosts[0].addresses[0] = ConsoleReport.Address(
      text: "127.0.0.2", verdict: .deferred, reason: reason)
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 200, height: 30)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("3"))
    XCTAssertEqual(state.selectedProbe, ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2"))
    let reaction = state.handle(.character("r"))
    XCTAssertFalse(reaction.contains(.probe), "no handshake is started")
    XCTAssertEqual(
      state.statusMessage,
      "No handshake to run for mx1.mail.example. [127.0.0.2]: delivery to the host is deferred,"
        + " so a DANE sender does not connect to it. Why: " + reason)
    // Another host's address, not deferred, runs again as before.
    state.selectedProbe = ProbeKey(host: "mx2.mail.example.", address: "127.0.0.3")
    XCTAssertTrue(state.handle(.character("r")).contains(.probe))
  }

  /// `g` (and Home) go to the top of the trace and stop following it, as k and PgUp do; G
  /// follows again.
  func testTopStopsFollowingTheTrace() {
    for key in [KeyPress.character("g"), .home] {
      var state = ReportFixture.state(width: 80, height: 12)
      let probe = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
      _ = state.apply(.traceStarted(probe))
      _ = state.handle(.character("3"))
      for index in 0..<40 {
        _ = state.apply(
          .trace(probe, TraceLine(elapsed: Double(index), kind: .received, text: "250")))
      }
      XCTAssertTrue(state.follow)
      _ = state.handle(key)
      XCTAssertFalse(state.follow, "\(key)")
      XCTAssertEqual(state.position(of: .handshake).cursor, 0)
      _ = state.apply(.trace(probe, TraceLine(elapsed: 41, kind: .sent, text: "QUIT")))
      XCTAssertEqual(state.position(of: .handshake).cursor, 0, "not following: the view stays")
      _ = state.handle(.character("G"))
      XCTAssertTrue(state.follow)
    }
  }

  /// Control characters pasted into the `d` prompt are kept (drawn escaped, never raw) and the
  /// name is refused on Enter with the reason `check` gives for it.
  func testControlCharactersInTheDomainPromptAreRefusedAsCheckRefusesThem() {
    var state = ReportFixture.state(width: 120, height: 30)
    let keys: [KeyPress] =
      [.character("d")] + "two".map(KeyPress.character) + [.other(1)]
      + "mx".map(KeyPress.character) + [.other(7)] + ".example".map(KeyPress.character)
    _ = state.handle(keys)
    XCTAssertEqual(state.prompt?.text, "two\u{1}mx\u{7}.example")
    let typing = Renderer().render(state).lines.joined()
    XCTAssertFalse(typing.unicodeScalars.contains { $0.value < 0x20 }, typing)
    let reaction = state.handle(.enter)
    XCTAssertFalse(reaction.contains(.check))
    XCTAssertEqual(state.domain, ReportFixture.domain, "the open domain stays")
    XCTAssertTrue(state.statusIsError)
    // `danescope check 'two\x01mx\x07.example'` says: 'two\001mx\007.example' is not a mail
    // domain: label 1 has the control character \001
    XCTAssertEqual(
      state.statusMessage,
      "'two\\001mx\\007.example' is not a mail domain: label 1 has the control character \\001")
  }

  /// An escape sequence pasted into the prompt (Esc with more keys behind it in one read) is
  /// text, not the end of the prompt followed by commands: "3" does not switch panes, "q"
  /// does not quit, and Enter refuses the name for its ESC.
  func testAPastedEscapeSequenceIsNotRunAsCommands() {
    var state = ReportFixture.state(width: 120, height: 30)
    _ = state.handle(.character("d"))
    let pasted: [KeyPress] =
      "two".map(KeyPress.character) + [.escape] + "[3q".map(KeyPress.character)
      + "x.example".map(KeyPress.character)
    let reaction = state.handle(pasted)
    XCTAssertFalse(reaction.contains(.quit))
    XCTAssertEqual(state.pane, .chain)
    XCTAssertEqual(state.prompt?.text, "two\u{1B}[3qx.example")
    _ = state.handle(.enter)
    XCTAssertEqual(
      state.statusMessage,
      "'two\\027[3qx.example' is not a mail domain: label 1 has the control character \\027")
    // A paste that ends with Esc keeps it too: the prompt stays open and Enter refuses it.
    _ = state.handle([.character("d")])
    _ = state.handle("ee-valid".map(KeyPress.character) + [.escape])
    XCTAssertEqual(state.prompt?.text, "ee-valid\u{1B}")
    _ = state.handle(.enter)
    XCTAssertEqual(
      state.statusMessage,
      "'ee-valid\\027' is not a mail domain: label 1 has the control character \\027")
    // An Esc read on its own still closes the prompt.
    _ = state.handle([.character("d")])
    _ = state.handle([.escape])
    XCTAssertNil(state.prompt)
  }

  /// A resize read together with an Esc is no key: the Esc was typed on its own and closes the
  /// prompt.
  func testAResizeReadWithAnEscapeLeavesItTyped() {
    var state = ReportFixture.state(width: 120, height: 30)
    for opener in ["/", "d"] {
      _ = state.handle([.character(Character(opener))])
      XCTAssertNotNil(state.prompt)
      _ = state.handle([.resize, .escape])
      XCTAssertNil(state.prompt, opener)
    }
  }
}
