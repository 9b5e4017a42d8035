import Console
import Foundation
import ValidationCore
import XCTest

/// Something the engine's start has to tell (the lab's key cache could not be used: its keys
/// are new for this run) goes to the status line once the engine is ready, made safe to draw:
/// curses owns the screen, so stderr would be drawn over or lost.
final class EngineNoticeTests: XCTestCase {
  func testANoticeReachesTheStatusLine() async {
    var engine = CheckEngine(
      lookup: { name, type in RRsetLookup(name: name, type: type, security: .insecure) },
      chain: nil)
    engine.notice = "Note: the lab's key cache cannot be used (/x\u{1B}[2J is not a folder)."
    let prepared = engine
    let source = CheckConsoleSource(label: "lab") { prepared }
    let events = EventRecorder()
    await source.start(emit: events.record)
    let messages = events.all.compactMap { event -> String? in
      if case .message(let text, _) = event { return text }
      return nil
    }
    XCTAssertEqual(messages.count, 1, "\(messages)")
    XCTAssertTrue(messages.first?.contains("key cache cannot be used") == true, "\(messages)")
    XCTAssertFalse(messages.joined().contains("\u{1B}"), "\(messages)")

    let quiet = CheckConsoleSource(label: "lab") {
      CheckEngine(
        lookup: { name, type in RRsetLookup(name: name, type: type, security: .insecure) },
        chain: nil)
    }
    let none = EventRecorder()
    await quiet.start(emit: none.record)
    XCTAssertFalse(
      none.all.contains { if case .message = $0 { return true } else { return false } },
      "\(none.all)")
  }
}
