import XCTest

@testable import Console

/// Enter on an MX host in the tree selects that host (the help: "open: select a host or
/// scenario"): its TLSA set shows, and its first address becomes the Handshake pane's probe.
final class TreeHostSelectionTests: XCTestCase {
  private func enterOnHost(_ name: String, width: Int, height: Int) throws -> ConsoleState {
    var state = ReportFixture.state(width: width, height: height)
    _ = state.handle(.character("h"))
    let index = try XCTUnwrap(state.navigationItems.firstIndex { $0.text == name })
    while state.navigation.cursor < index { _ = state.handle(.character("j")) }
    XCTAssertEqual(state.navigation.cursor, index)
    _ = state.handle(.enter)
    return state
  }

  func testEnterOnTheSecondHostSelectsItsFirstAddress() throws {
    for (width, height) in [(100, 32), (60, 24)] {
      var state = try enterOnHost("mx2.mail.example.", width: width, height: height)
      XCTAssertEqual(state.pane, .tlsa, "\(width)")
      XCTAssertEqual(state.selectedKey, "host:mx2.mail.example.", "\(width)")
      XCTAssertEqual(state.selectedProbe, ProbeKey(host: "mx2.mail.example.", address: "127.0.0.3"),
        "\(width)")
      _ = state.handle(.character("3"))
      let caption = HandshakePane.caption(state, glyphs: .unicode, width: width).text
      XCTAssertTrue(caption.contains("mx2.mail.example."), caption)
      XCTAssertTrue(caption.contains("127.0.0.3"), caption)
    }
  }

  func testEnterOnTheFirstHostAfterTheSecondGoesBack() throws {
    var state = try enterOnHost("mx2.mail.example.", width: 100, height: 32)
    _ = state.handle(.character("h"))
    while state.navigation.cursor > 0,
      state.navigationItems[state.navigation.cursor].text != "mx1.mail.example."
    {
      _ = state.handle(.character("k"))
    }
    _ = state.handle(.enter)
    XCTAssertEqual(state.selectedProbe, ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2"))
  }
}
