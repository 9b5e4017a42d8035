import Foundation
import XCTest

@testable import ValidationCore

/// A call blocked where it cannot be interrupted (an open(2) of a FIFO with no writer, as
/// libunbound's would be on a file replaced by a FIFO) gets its expiry handler called, which in
/// danescope ends the process; here the handler records the call and opens the FIFO's other end,
/// which lets the blocked open return. A call that returns in time never calls it.
final class BoundedWaitTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "bounded-wait" }

  private final class Calls: @unchecked Sendable {
    private let lock = NSLock()
    private var said: [String] = []
    func add(_ what: String) { lock.withLock { said.append(what) } }
    var all: [String] { lock.withLock { said } }
  }

  func testBlockedCallGetsItsExpiryHandlerCalled() throws {
    let fifo = folder.appendingPathComponent("blocked.fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let calls = Calls()
    let reader = BoundedWait.run(
      seconds: 0.2, doing: "opening a FIFO",
      expired: { what in
        calls.add(what)
        // The blocked reader is waiting: a writer that does not block can open now.
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        if writer >= 0 { close(writer) }
      }
    ) { open(fifo, O_RDONLY) }
    XCTAssertGreaterThanOrEqual(reader, 0)
    if reader >= 0 { close(reader) }
    XCTAssertEqual(calls.all, ["opening a FIFO"])
  }

  func testCallThatReturnsInTimeDoesNotCallIt() {
    let calls = Calls()
    let value = BoundedWait.run(seconds: 30, doing: "adding", expired: { calls.add($0) }) {
      2 + 2
    }
    XCTAssertEqual(value, 4)
    XCTAssertEqual(calls.all, [])
  }
}
