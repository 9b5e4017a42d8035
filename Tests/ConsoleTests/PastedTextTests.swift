import XCTest

@testable import Console

/// Keys between the terminal's paste marks (bracketed paste) are text for the open prompt and
/// never commands; a prompt holds at most `Prompt.capacity` octets however much is pasted.
final class PastedTextTests: XCTestCase {
  private func keys(_ text: String) -> [KeyPress] {
    text.map { $0 == "\r" ? KeyPress.enter : .character($0) }
  }

  /// The paste that got out to the shell: a line break, then `q` and more. Inside the marks the
  /// `q` is text, the prompt stays open, and the line break is kept (escaped on screen, refused
  /// on Enter) rather than submitting `two-mx`.
  func testAPastedEnterAndQIntoThePromptAreText() {
    var state = ReportFixture.state(width: 100, height: 30)
    _ = state.handle(.character("d"))
    let reaction = state.handle([.pasteStart] + keys("two-mx\rq3") + [.pasteEnd])
    XCTAssertFalse(reaction.contains(.quit))
    XCTAssertFalse(reaction.contains(.check))
    XCTAssertEqual(state.prompt?.text, "two-mx\nq3")
    XCTAssertEqual(state.pane, .chain)
    _ = state.handle(.enter)
    XCTAssertNil(state.prompt)
    XCTAssertEqual(state.statusIsError, true)
    XCTAssertTrue(state.statusMessage?.contains("the control character \\010") == true,
      state.statusMessage ?? "")
  }

  /// A copied line often ends with its line break: the paste's last line breaks are dropped,
  /// and the typed Enter then opens the name.
  func testAPastesTrailingLineBreakIsDropped() {
    var state = ReportFixture.state(width: 100, height: 30)
    _ = state.handle(.character("d"))
    _ = state.handle([.pasteStart] + keys("other.example.\r\r") + [.pasteEnd])
    XCTAssertEqual(state.prompt?.text, "other.example.")
    XCTAssertTrue(state.handle(.enter).contains(.check))
    XCTAssertEqual(state.domain, "other.example.")
  }

  /// A paste read in several batches (a long one is) is still one paste: its marks, not the
  /// batches, say where it ends.
  func testAPasteSpreadOverSeveralReadsStaysText() {
    var state = ReportFixture.state(width: 100, height: 30)
    _ = state.handle(.character("/"))
    XCTAssertTrue(state.handle([.pasteStart, .character("a"), .enter]).isEmpty == false)
    let reaction = state.handle([.character("q"), .escape, .character("4"), .pasteEnd])
    XCTAssertFalse(reaction.contains(.quit))
    XCTAssertEqual(state.prompt?.text, "a\nq\u{1B}4")
    XCTAssertEqual(state.pane, .chain)
    XCTAssertNil(state.paste)
    // After the end mark keys are commands again.
    XCTAssertTrue(state.handle([.escape]).contains(.redraw))
    XCTAssertTrue(state.handle([.character("q")]).contains(.quit))
  }

  /// With no prompt open a paste is ignored, whatever keys it holds, and the status line says
  /// where pasted text goes.
  func testAPasteWithNoPromptRunsNoCommand() {
    var state = ReportFixture.state(width: 100, height: 30)
    let reaction = state.handle([.pasteStart] + keys("3q\r") + [.pasteEnd])
    XCTAssertFalse(reaction.contains(.quit))
    XCTAssertEqual(state.pane, .chain)
    XCTAssertNil(state.prompt)
    XCTAssertEqual(state.statusMessage,
      "Pasted text is taken only at a prompt (d for a domain, / to search): 3 keys ignored.")
  }

  /// A start mark whose end never came: the run loop ends the paste after a silence, and keys
  /// are commands again.
  func testEndingAPasteWhoseEndMarkWasLost() {
    var state = ReportFixture.state(width: 100, height: 30)
    _ = state.handle([.pasteStart, .character("q")])
    XCTAssertNotNil(state.paste)
    _ = state.endPaste()
    XCTAssertNil(state.paste)
    XCTAssertTrue(state.handle([.character("q")]).contains(.quit))
  }

  /// Half a million keys into the prompt (typed or pasted alike): it keeps 255 octets, counts
  /// the rest as dropped and says so on its line, and Enter refuses the cut text instead of
  /// checking it as a shorter name.
  func testThePromptKeepsItsCapacityAndSaysWhatItDropped() {
    var state = ReportFixture.state(width: 340, height: 30)
    _ = state.handle(.character("d"))
    let count = 500_000
    var batch = [KeyPress](repeating: .character("b"), count: 4096)
    var sent = 0
    while sent < count {
      if count - sent < batch.count { batch = Array(batch.prefix(count - sent)) }
      _ = state.handle(batch)
      sent += batch.count
    }
    XCTAssertEqual(state.prompt?.text, String(repeating: "b", count: Prompt.capacity))
    XCTAssertEqual(state.prompt?.droppedCount, count - Prompt.capacity)
    let line = Renderer().render(state).lines.last ?? ""
    XCTAssertTrue(line.hasPrefix("domain: " + String(repeating: "b", count: 255) + "▏"), line)
    XCTAssertTrue(line.hasSuffix("(cut at 255 octets: 499745 more characters dropped)"), line)
    XCTAssertFalse(state.handle(.enter).contains(.check))
    XCTAssertTrue(state.statusMessage?.contains(
      "is not a mail domain: it was cut at 255 octets") == true, state.statusMessage ?? "")
  }

  /// A character that would pass the capacity in octets is dropped whole, not split.
  func testTheCapacityIsInOctets() {
    var prompt = Prompt(kind: .search, text: String(repeating: "a", count: 253))
    prompt.append("é")
    prompt.append("é")
    XCTAssertEqual(prompt.text.utf8.count, 255)
    XCTAssertEqual(prompt.droppedCount, 1)
    prompt.append("x")
    XCTAssertEqual(prompt.droppedCount, 2)
  }
}
