import XCTest

@testable import ValidationCore

/// TMPDIR as `TemporaryFolder.path` reads it, from its bytes: the default when unset or empty,
/// trailing slashes dropped, and the names libunbound cannot be given refused with the reason
/// (Docs/Decisions.md, D-resolver-6).
final class TemporaryFolderPathTests: XCTestCase {
  func testTheDefaultAndAPlainFolder() throws {
    XCTAssertEqual(try TemporaryFolder.path(tmpdir: nil), "/tmp")
    XCTAssertEqual(try TemporaryFolder.path(tmpdir: []), "/tmp")
    XCTAssertEqual(try TemporaryFolder.path(tmpdir: Array("/var/tmp//".utf8)), "/var/tmp")
    XCTAssertEqual(try TemporaryFolder.path(tmpdir: Array("/".utf8)), "/")
    XCTAssertEqual(
      try TemporaryFolder.path(tmpdir: Array("/tmp/ünï cödé (1)".utf8)), "/tmp/ünï cödé (1)")
  }

  func testEveryPatternCharacterIsRefused() {
    for character in ["*", "?", "[", "{", "~"] {
      XCTAssertThrowsError(try TemporaryFolder.path(tmpdir: Array("/tmp/a\(character)b".utf8))) {
        let problem = $0 as? TemporaryFolder.Problem
        XCTAssertEqual(problem?.folder, "/tmp/a\(character)b")
        XCTAssertEqual(problem?.isFromTMPDIR, true)
        XCTAssertEqual(
          problem?.reason,
          "contains '\(character)', which libunbound reads as a file-name pattern in the names"
            + " of the files danescope hands it from there")
      }
    }
  }

  func testQuotesControlsAndBytesThatAreNotUTF8AreRefused() {
    let cases: [([UInt8], String, String)] = [
      (Array("/tmp/a\"b".utf8), "/tmp/a\"b", "contains a quote (\")"),
      (Array("/tmp/a\tb".utf8), "/tmp/a\\009b", "contains the control character \\009"),
      (Array("/tmp/a\u{7F}".utf8), "/tmp/a\\127", "contains the control character \\127"),
      (Array("/tmp/a\u{202E}b".utf8), "/tmp/a\\226\\128\\174b",
       "contains the invisible character \\226\\128\\174"),
      (Array("/tmp/bad".utf8) + [0xFF, 0xFE], "/tmp/bad\\255\\254", "is not valid UTF-8"),
    ]
    for (bytes, shown, reason) in cases {
      XCTAssertThrowsError(try TemporaryFolder.path(tmpdir: bytes)) {
        let problem = $0 as? TemporaryFolder.Problem
        XCTAssertEqual(problem?.folder, shown)
        XCTAssertTrue(problem?.reason.hasPrefix(reason) == true, "\(String(describing: problem))")
      }
    }
  }
}
