import XCTest

@testable import Lab

final class LabSMTPSessionTests: XCTestCase {
  func testDialogueUpToStartTLS() {
    var session = LabSMTPSession(hostName: "mx1.ee-valid.example", behaviour: .normal)
    XCTAssertTrue(session.greeting.hasPrefix("220 mx1.ee-valid.example "))
    XCTAssertEqual(
      session.handle("EHLO client.example"),
      .reply("250-mx1.ee-valid.example\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 STARTTLS"))
    XCTAssertEqual(session.handle("STARTTLS"), .replyThenStartTLS("220 2.0.0 Ready to start TLS"))
    session.didStartTLS()
    XCTAssertEqual(
      session.handle("ehlo client.example"),
      .reply("250-mx1.ee-valid.example\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES"))
    XCTAssertEqual(session.handle("STARTTLS"), .reply("503 5.5.1 TLS already active"))
    XCTAssertEqual(
      session.handle("QUIT"), .replyThenClose("221 2.0.0 mx1.ee-valid.example closing"))
    XCTAssertEqual(session.state, .closed)
  }

  func testNeverTakesMail() {
    var session = LabSMTPSession(hostName: "mx", behaviour: .normal)
    for command in ["MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>", "DATA", "BDAT 10 LAST"] {
      guard case .reply(let text) = session.handle(command) else {
        return XCTFail("\(command) did not get a plain reply")
      }
      XCTAssertTrue(text.hasPrefix("502 "), "\(command): \(text)")
    }
  }

  func testBehaviours() {
    var hidden = LabSMTPSession(hostName: "mx", behaviour: .noSTARTTLS)
    guard case .reply(let ehlo) = hidden.handle("EHLO c") else { return XCTFail("no EHLO reply") }
    XCTAssertFalse(ehlo.contains("STARTTLS"))
    XCTAssertEqual(hidden.handle("STARTTLS"), .reply("502 5.5.1 STARTTLS not offered"))
    var refusing = LabSMTPSession(hostName: "mx", behaviour: .refuseSTARTTLS)
    guard case .reply(let offer) = refusing.handle("EHLO c") else {
      return XCTFail("no EHLO reply")
    }
    XCTAssertTrue(offer.contains("STARTTLS"))
    guard case .reply(let refusal) = refusing.handle("STARTTLS") else { return XCTFail("no reply") }
    XCTAssertTrue(refusal.hasPrefix("454 "))
  }

  func testCommandLimitCloses() {
    var session = LabSMTPSession(hostName: "mx", behaviour: .normal)
    for _ in 0..<LabSMTPSession.maximumCommands { _ = session.handle("NOOP") }
    guard case .replyThenClose(let text) = session.handle("NOOP") else {
      return XCTFail("the session did not close after its command limit")
    }
    XCTAssertTrue(text.hasPrefix("421 "))
  }
}
