import XCTest

@testable import ValidationCore

/// Every transition of the probe's SMTP state machine, and that it never sends mail commands.
final class SMTPClientStateMachineTests: XCTestCase {
  private func reply(_ code: Int, _ lines: String...) -> SMTPReply {
    SMTPReply(code: code, lines: lines.map { Array($0.utf8) })
  }

  private let ehloWithSTARTTLS = SMTPReply(
    code: 250, lines: ["mx.example", "PIPELINING", "STARTTLS"].map { Array($0.utf8) })

  func testGoodPathToTLSAndQuit() {
    var machine = SMTPClientStateMachine(heloName: "probe.invalid")
    XCTAssertEqual(machine.step, .connect)
    XCTAssertEqual(machine.connected(), .readReply)
    XCTAssertEqual(machine.state, .awaitingGreeting)
    XCTAssertEqual(machine.received(reply(220, "ready")), .send(.ehlo("probe.invalid")))
    XCTAssertEqual(machine.received(ehloWithSTARTTLS), .send(.startTLS))
    XCTAssertEqual(machine.step, .startTLS)
    XCTAssertEqual(machine.received(reply(220, "go ahead")), .startTLS(discardedPlaintext: []))
    XCTAssertEqual(machine.state, .handshaking)
    XCTAssertEqual(machine.handshakeSucceeded(), .send(.ehlo("probe.invalid")))
    let secure = reply(250, "mx.example")
    XCTAssertEqual(machine.received(secure), .send(.quit))
    XCTAssertEqual(machine.step, .quit)
    XCTAssertEqual(machine.received(reply(221, "bye")), .close(.tlsEstablished(secureEHLO: secure)))
    XCTAssertEqual(machine.plaintextEHLO, ehloWithSTARTTLS)
    XCTAssertEqual(machine.secureEHLO, secure)
  }

  func testPlaintextAfterThe220IsHandedBackForDiscarding() {
    var machine = SMTPClientStateMachine(heloName: "h")
    _ = machine.connected()
    _ = machine.received(reply(220))
    _ = machine.received(ehloWithSTARTTLS)
    let injected = Array("250 injected\r\n".utf8)
    XCTAssertEqual(
      machine.received(reply(220), pipelinedBytes: injected),
      .startTLS(discardedPlaintext: injected))
  }

  func testRefusedGreetingQuits() {
    var machine = SMTPClientStateMachine(heloName: "h")
    _ = machine.connected()
    let refusal = reply(554, "no service")
    XCTAssertEqual(machine.received(refusal), .send(.quit))
    XCTAssertEqual(machine.received(reply(221)), .close(.greetingRefused(refusal)))
  }

  func testEHLORejectedAndSTARTTLSNotOffered() {
    var rejected = SMTPClientStateMachine(heloName: "h")
    _ = rejected.connected()
    _ = rejected.received(reply(220))
    XCTAssertEqual(rejected.received(reply(550, "no")), .send(.quit))
    XCTAssertEqual(rejected.failed(.closedByPeer), .close(.ehloRejected(reply(550, "no"))))

    var plain = SMTPClientStateMachine(heloName: "h")
    _ = plain.connected()
    _ = plain.received(reply(220))
    XCTAssertEqual(plain.received(reply(250, "mx", "PIPELINING")), .send(.quit))
    XCTAssertEqual(plain.received(reply(221)), .close(.startTLSNotOffered))
  }

  func testSTARTTLSRefusedWith454() {
    var machine = SMTPClientStateMachine(heloName: "h")
    _ = machine.connected()
    _ = machine.received(reply(220))
    _ = machine.received(ehloWithSTARTTLS)
    let refusal = reply(454, "TLS not available")
    XCTAssertEqual(machine.received(refusal), .send(.quit))
    XCTAssertEqual(machine.received(reply(221)), .close(.startTLSRefused(refusal)))
  }

  func testFailuresByStep() {
    var silent = SMTPClientStateMachine(heloName: "h")
    _ = silent.connected()
    XCTAssertEqual(
      silent.failed(.timedOut(seconds: 2)), .close(.failed(step: .greeting, .timedOut(seconds: 2))))

    var handshake = SMTPClientStateMachine(heloName: "h")
    _ = handshake.connected()
    _ = handshake.received(reply(220))
    _ = handshake.received(ehloWithSTARTTLS)
    _ = handshake.received(reply(220))
    XCTAssertEqual(handshake.handshakeFailed(), .close(.handshakeFailed))

    var cancelled = SMTPClientStateMachine(heloName: "h")
    _ = cancelled.connected()
    _ = cancelled.received(reply(220))
    _ = cancelled.received(ehloWithSTARTTLS)
    _ = cancelled.received(reply(220))
    XCTAssertEqual(cancelled.failed(.cancelled), .close(.failed(step: .handshake, .cancelled)))

    var secure = SMTPClientStateMachine(heloName: "h")
    _ = secure.connected()
    _ = secure.received(reply(220))
    _ = secure.received(ehloWithSTARTTLS)
    _ = secure.received(reply(220))
    _ = secure.handshakeSucceeded()
    XCTAssertEqual(secure.failed(.closedByPeer), .close(.tlsEstablished(secureEHLO: nil)))
  }

  func testUnexpectedEventsEndTheDialogue() {
    var machine = SMTPClientStateMachine(heloName: "h")
    guard case .close(.failed(step: .connect, _)) = machine.handshakeSucceeded() else {
      return XCTFail("a handshake before connecting was accepted")
    }
  }

  func testOnlyEHLOSTARTTLSAndQUITExist() {
    XCTAssertEqual(SMTPCommand.ehlo("a.b").wireBytes, Array("EHLO a.b\r\n".utf8))
    XCTAssertEqual(SMTPCommand.startTLS.text, "STARTTLS")
    XCTAssertEqual(SMTPCommand.quit.text, "QUIT")
  }
}
