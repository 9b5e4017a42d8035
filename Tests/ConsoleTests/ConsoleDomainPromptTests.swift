import Foundation
import ValidationCore
import XCTest

@testable import Console

/// The `d` prompt: what may be typed, how it is shown, and how the report is matched to it.
final class ConsoleDomainPromptTests: XCTestCase {
  private func type(_ text: String, into state: inout ConsoleState) {
    for character in text { _ = state.handle(.character(character)) }
  }

  /// U+202E typed (or pasted) into the prompt is never drawn raw, in the header or the status
  /// line, and the refusal quotes it escaped.
  func testABidiOverrideTypedIsShownEscapedAndRefused() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 30)
    _ = state.handle(.character("d"))
    type("mx.\u{202E}live.example", into: &state)
    let typing = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertFalse(typing.unicodeScalars.contains { $0.value == 0x202E }, typing)
    XCTAssertTrue(typing.contains("mx.?live.example"), typing)
    _ = state.handle(.enter)
    XCTAssertNil(state.domain)
    XCTAssertEqual(
      state.statusMessage,
      "'mx.\\226\\128\\174live.example' is not a mail domain: label 2 has the non-ASCII"
        + " '\\226\\128\\174': give the name in its xn-- (punycode) form, e.g. xn--bcher-kva for"
        + " b\u{FC}cher")
    let refused = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertFalse(refused.unicodeScalars.contains { $0.value == 0x202E }, refused)
  }

  /// A non-ASCII name is refused at once, with the advice, instead of a check whose report
  /// would never match what was typed.
  func testANonASCIIDomainIsRefusedWithTheALabelAdvice() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 30)
    _ = state.handle(.character("d"))
    type("b\u{FC}cher.example", into: &state)
    XCTAssertFalse(state.handle(.enter).contains(.check))
    XCTAssertNil(state.domain)
    XCTAssertTrue(state.statusIsError)
    XCTAssertTrue(
      state.statusMessage?.contains("give the name in its xn-- (punycode) form") == true,
      state.statusMessage ?? "")
  }

  /// Reports are matched to the domain asked for as names: case, the final dot and `\DDD`
  /// escapes make no difference.
  func testReportsMatchTheDomainAsNames() {
    XCTAssertTrue(ConsoleState.isSameDomain("MAIL.Example", "mail.example."))
    XCTAssertTrue(ConsoleState.isSameDomain("b\\195\\188cher.example.", "b\u{FC}cher.example"))
    XCTAssertTrue(ConsoleState.isSameDomain("a\\046b.example.", "a\\.b.example"))
    XCTAssertFalse(ConsoleState.isSameDomain("a\\.b.example.", "a.b.example."))
    XCTAssertFalse(ConsoleState.isSameDomain("mail.example.", "mail.example.org."))

    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 30)
    _ = state.open(domain: "MAIL.Example")
    _ = state.apply(.report(ReportFixture.report))
    XCTAssertEqual(state.report?.domain, ReportFixture.domain, "the report was dropped")
  }

  /// The SNI (a name from DNS, as OpenSSL was given it) is drawn through the one sanitiser in
  /// the Handshake pane, when the handshake starts and in the negotiated parameters.
  func testTheServerNameInTheHandshakePaneIsSanitised() {
    func event(_ kind: TraceEvent.Kind) -> TraceEvent {
      TraceEvent(
        time: Date(timeIntervalSince1970: 0), elapsed: 0.5, address: "127.0.0.2", port: 25,
        kind: kind)
    }
    let name = "a\u{0}b.\u{202E}bidi.example"
    let started = TraceLine.lines(for: event(.tlsHandshakeStarted(serverName: SanitizedText(name))))
    XCTAssertEqual(started.map(\.text), [#"handshake starts, SNI a\000b.\226\128\174bidi.example"#])
    let parameters = TraceLine.lines(
      for: event(
        .tlsEstablished(
          TLSParameters(
            version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", group: nil,
            signatureScheme: nil, serverName: name))))
    XCTAssertEqual(parameters.last?.text, #"SNI a\000b.\226\128\174bidi.example"#)
  }
}
