import XCTest

@testable import ValidationCore

/// libunbound's result fields become one of four states; failure rcodes are never "no records".
final class ResolverStatusTests: XCTestCase {
  func testBogusWinsOverRcodeAndData() {
    let result = UnboundResult(
      rcode: 0, hasData: true, isBogus: true,
      whyBogus: "validation failure <www.x. A IN>: signature expired from 192.0.2.1 for key x.")
    XCTAssertEqual(
      result.status,
      .bogus(
        reason: "validation failure <www.x. A IN>: signature expired from 192.0.2.1 for key x."))
    XCTAssertEqual(result.server, "192.0.2.1")
  }

  func testSecureInsecureAndFailures() {
    XCTAssertEqual(UnboundResult(rcode: 0, isSecure: true).status, .secure)
    XCTAssertEqual(UnboundResult(rcode: 3, isNXDOMAIN: true, isSecure: true).status, .secure)
    XCTAssertEqual(UnboundResult(rcode: 0).status, .insecure)
    XCTAssertEqual(UnboundResult(rcode: 3, isNXDOMAIN: true).status, .insecure)
    XCTAssertEqual(
      UnboundResult(rcode: 2).status, .indeterminate(reason: "the server failed (SERVFAIL)"))
    XCTAssertEqual(
      UnboundResult(rcode: 5).status, .indeterminate(reason: "the server answered REFUSED"))
    XCTAssertEqual(
      UnboundResult(rcode: 9).status, .indeterminate(reason: "the server answered NOTAUTH"))
    XCTAssertEqual(
      UnboundResult(rcode: 12).status, .indeterminate(reason: "the server answered RCODE12"))
  }

  func testServerIsTakenOnlyWhenItIsAnAddress() {
    XCTAssertNil(UnboundResult(rcode: 0, isBogus: true, whyBogus: "no keys from upstream").server)
    XCTAssertEqual(
      UnboundResult(rcode: 0, isBogus: true, whyBogus: "bad sig from ::1, for key x.").server,
      "::1")
  }

  func testWordsAndUsability() {
    XCTAssertEqual(
      [SecurityStatus.secure, .insecure, .bogus(reason: "r"), .indeterminate(reason: "t")]
        .map(\.word),
      ["secure", "insecure", "bogus", "indeterminate"])
    XCTAssertTrue(SecurityStatus.insecure.isUsable)
    XCTAssertFalse(SecurityStatus.bogus(reason: "r").isUsable)
    XCTAssertFalse(SecurityStatus.indeterminate(reason: "t").isUsable)
    XCTAssertEqual(SecurityStatus.bogus(reason: "r").description, "bogus (r)")
  }

  func testRcodesConvertToDNSRcode() {
    for value in 0..<24 {
      XCTAssertEqual(UnboundResult(rcode: value).code.rawValue, UInt16(value))
    }
    XCTAssertEqual(UnboundResult(rcode: 3).code, .nameError)
    XCTAssertEqual(UnboundResult(rcode: 2).code.description, "SERVFAIL")
  }

  func testUnboundMessagesGiveFileAndLine() {
    let said = """
      bad.conf:3: error: unknown keyword 'bogus-option'
      read bad.conf failed: 3 errors in configuration file
      [1796399342] libunbound[9756:0] error: parse error in /nonexistent/g.key:2:13 : Syntax error
      """
    XCTAssertEqual(
      UnboundMessages.errors(in: said),
      [
        "bad.conf:3: unknown keyword 'bogus-option'",
        "parse error in /nonexistent/g.key:2:13 : Syntax error",
      ])
    let first = UnboundMessages.location(in: "bad.conf:3: unknown keyword 'bogus-option'")
    XCTAssertEqual(first?.file, "bad.conf")
    XCTAssertEqual(first?.line, 3)
    XCTAssertEqual(first?.rest, "unknown keyword 'bogus-option'")
    let second = UnboundMessages.location(
      in: "parse error in /nonexistent/g.key:2:13 : Syntax error")
    XCTAssertEqual(second?.file, "/nonexistent/g.key")
    XCTAssertEqual(second?.line, 2)
    XCTAssertEqual(second?.rest, "parse error: Syntax error")
    XCTAssertNil(UnboundMessages.location(in: "validator: error in trustanchors config"))
  }
}

/// What libunbound quotes is made printable before it is kept.
final class ResolverTextTests: XCTestCase {
  func testControlCharactersAreShownAsDecimalEscapes() {
    // libunbound's words go through the one sanitiser, as words: printable Unicode and its own
    // `\DDD` escapes stay, controls and bidirectional overrides do not.
    let printable = { (text: String) in SanitizedText(prose: text).text }
    XCTAssertEqual(printable("bad\u{1B}[2Jname\u{7F}"), "bad\\027[2Jname\\127")
    XCTAssertEqual(printable("caf\u{E9} \u{9B}\u{202E}"), "caf\u{E9} \\194\\155\\226\\128\\174")
    XCTAssertEqual(printable("a\\032b"), "a\\032b")
    XCTAssertEqual(
      UnboundMessages.errors(in: "x.conf:1: error: unknown keyword 'a\u{1B}b'\n"),
      ["x.conf:1: unknown keyword 'a\\027b'"])
  }
}
