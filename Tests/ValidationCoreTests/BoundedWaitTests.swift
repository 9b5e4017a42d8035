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
      expired: { expiry in
        calls.add(expiry.what)
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
    let value = BoundedWait.run(seconds: 30, doing: "adding", expired: { calls.add($0.what) }) {
      2 + 2
    }
    XCTAssertEqual(value, 4)
    XCTAssertEqual(calls.all, [])
  }

  /// The message names the bound the call was given (it named the 60 s constant whatever the
  /// bound was).
  func testTheMessageNamesTheBoundTheCallWasGiven() {
    let calls = Calls()
    let fifo = folder.appendingPathComponent("bound.fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let reader = BoundedWait.run(
      seconds: 0.2, doing: "opening a FIFO",
      expired: { expiry in
        calls.add(expiry.message)
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        if writer >= 0 { close(writer) }
      }
    ) { open(fifo, O_RDONLY) }
    if reader >= 0 { close(reader) }
    XCTAssertEqual(calls.all.count, 1)
    let message = calls.all.first ?? ""
    XCTAssertTrue(message.contains("did not finish opening a FIFO within 0.2 s;"), message)
    XCTAssertFalse(message.contains("60 s"), message)
    let long = BoundedWait.Expiry(what: "stopping its worker", seconds: BoundedWait.libunboundBound)
    XCTAssertTrue(long.message.contains("stopping its worker within 60 s;"), long.message)
  }

  /// While a screen owns the terminal (the console under curses) the message goes to the
  /// `--log-file` log and not to stderr, unless the screen has given the terminal back when
  /// asked; with no screen it goes to stderr as well.
  func testTheMessageReachesStderrOnlyWhenNoScreenHoldsTheTerminal() throws {
    let log = folder.appendingPathComponent("resolver.log").path
    _ = try UnboundLog.shared.stream(for: log)
    let expiry = BoundedWait.Expiry(what: "loading the resolver configuration", seconds: 60)
    let asked = Calls()
    defer { TerminalOwner.release() }

    TerminalOwner.claim {
      asked.add("kept")
      return false
    }
    XCTAssertEqual(try stderr { BoundedWait.report(expiry) }, "")
    XCTAssertEqual(asked.all, ["kept"])
    var logged = try String(contentsOfFile: log, encoding: .utf8)
    XCTAssertEqual(logged, expiry.message)

    TerminalOwner.claim {
      asked.add("given back")
      return true
    }
    XCTAssertEqual(try stderr { BoundedWait.report(expiry) }, expiry.message)
    XCTAssertEqual(asked.all, ["kept", "given back"])

    // No screen: stderr, as for `check` and the other commands.
    XCTAssertEqual(try stderr { BoundedWait.report(expiry) }, expiry.message)
    XCTAssertEqual(asked.all, ["kept", "given back"])
    logged = try String(contentsOfFile: log, encoding: .utf8)
    XCTAssertEqual(logged, String(repeating: expiry.message, count: 3))
  }

  /// What `body` writes to file descriptor 2.
  private func stderr(_ body: () -> Void) throws -> String {
    let path = folder.appendingPathComponent("stderr-\(UUID().uuidString)").path
    let target = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    XCTAssertGreaterThanOrEqual(target, 0)
    let saved = dup(STDERR_FILENO)
    dup2(target, STDERR_FILENO)
    body()
    dup2(saved, STDERR_FILENO)
    close(saved)
    close(target)
    return try String(contentsOfFile: path, encoding: .utf8)
  }
}
