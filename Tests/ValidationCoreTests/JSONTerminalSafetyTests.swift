import Foundation
import XCTest

@testable import ValidationCore

/// The JSON writer's last guard: no raw bidi, C1 or other invisible formatting character leaves
/// danescope in JSON, and the escaped text decodes to the same strings.
final class JSONTerminalSafetyTests: XCTestCase {
  func testSteeringCharactersBecomeUnicodeEscapesAndDecodeToTheSameData() throws {
    let value =
      "a\u{202E}b\u{200E}\u{200F}\u{202A}\u{2066}\u{2069}\u{85}\u{9B}\u{7F}\u{2028}"
      + "\u{E0001}caf\u{E9} \u{A7}\u{1F600}"
    let encoded = String(
      decoding: try JSONSerialization.data(withJSONObject: ["k": value]), as: UTF8.self)
    XCTAssertTrue(encoded.unicodeScalars.contains { $0.value == 0x202E }, "Foundation's raw form")
    let safe = JSONTerminalSafety.escape(encoded)
    XCTAssertEqual(
      safe,
      #"{"k":"a\u202Eb\u200E\u200F\u202A\u2066\u2069\u0085\u009B\u007F\u2028\uDB40\uDC01"#
        + "caf\u{E9} \u{A7}\u{1F600}\"}")
    let decoded = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: String]
    XCTAssertEqual(decoded?["k"], value)
  }

  /// Whitespace between tokens and printable text, ASCII or not, are left as they are.
  func testPrettyPrintedJSONIsOtherwiseUnchanged() {
    let json = "{\n  \"name\" : \"b\u{FC}cher \\u001B\",\n  \"n\" : 1\n}"
    XCTAssertEqual(JSONTerminalSafety.escape(json), json)
  }

  /// A resolver reason holding U+202E and a C1 control (as a resolver that did not sanitise it
  /// would give it) reaches `check --json` escaped, and reads back as it was.
  func testTheReportsJSONCarriesNoRawBidiCharacter() async throws {
    let answers = DANETestAnswers()
    let reason = "sig \u{202E}expired\u{9B}"
    answers.set("example.org.", .mx, .bogus(reason: reason))
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: DANETestAnswers.name("example.org."))
    let json = report.jsonText()
    XCTAssertFalse(
      json.unicodeScalars.contains { $0.value == 0x202E || (0x80...0x9F).contains($0.value) },
      json)
    XCTAssertTrue(json.contains(#"sig \u202Eexpired\u009B"#), json)
    let object = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
    XCTAssertEqual((object?["mx"] as? [String: Any])?["reason"] as? String, reason)
  }
}
