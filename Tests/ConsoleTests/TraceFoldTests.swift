import XCTest

@testable import Console

/// How a trace line too long for the Handshake pane folds onto the rows below it.
final class TraceFoldTests: XCTestCase {
  typealias Rows = HandshakePane.TraceRows
  let digest = String(repeating: "0123456789abcdef", count: 4)

  func testADigestThatFitsOnARowIsNotCutInTheMiddle() {
    let text = "[0] SPKI SHA-256 " + digest
    let pieces = Rows.split(text, room: 70)
    XCTAssertEqual(pieces, ["[0] SPKI SHA-256", digest])
  }

  func testAWordLongerThanTheRoomIsCutWhereTheRoomEnds() {
    let pieces = Rows.split("SHA-512 " + digest + digest, room: 40)
    XCTAssertTrue(pieces.allSatisfy { $0.count <= 40 }, "\(pieces)")
    XCTAssertEqual(pieces.joined(), "SHA-512 " + digest + digest)
    XCTAssertEqual(pieces.first?.count, 40)
  }

  func testProseBreaksAtTheLastSpaceAndDropsIt() {
    let pieces = Rows.split("the server sent a certificate chain of three", room: 20)
    XCTAssertEqual(pieces, ["the server sent a", "certificate chain of", "three"])
  }

  func testALeadingSpaceMakesNoEmptyRow() {
    let pieces = Rows.split(" " + digest, room: 30)
    XCTAssertFalse(pieces.contains(""), "\(pieces)")
    XCTAssertEqual(pieces.joined(), " " + digest)
  }

  /// The hint of a Handshake pane with nothing selected folds like any long line: the whole
  /// sentence is on screen, whatever the width.
  func testTheHandshakeHintFoldsInANarrowPane() {
    var state = ReportFixture.state(width: 110, height: 30)
    _ = state.handle(.character("3"))
    state.selectedProbe = nil
    let screen = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(screen.contains("to see its"), screen)
    XCTAssertTrue(screen.contains("handshake."), screen)
  }
}
