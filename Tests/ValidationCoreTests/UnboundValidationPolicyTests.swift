import XCTest

@testable import ValidationCore

/// How a `--resolver-conf` file is read for settings that weaken validation: tokens as unbound's
/// lexer makes them, and values as libunbound 1.17 reads them (measured with unbound-checkconf:
/// `server:val-permissive-mode:yes` is accepted and `-o val-permissive-mode` prints yes;
/// `include: a:b.conf` includes `a:b.conf`; `-o val-sig-skew-max` prints 1 for `1e9`).
final class UnboundValidationPolicyTests: XCTestCase {
  private func settings(_ text: String) -> [String] {
    UnboundConfLine.settings(in: text).map {
      "\($0.line) \($0.keyword)=" + $0.values.joined(separator: "|")
    }
  }

  func testGluedKeywordsAreSplitWhereAKeywordIsExpected() {
    XCTAssertEqual(
      settings("server:val-permissive-mode:yes\n  include: a:b.conf\n"),
      ["1 server=", "1 val-permissive-mode=yes", "2 include=a:b.conf"])
    XCTAssertEqual(
      settings("server:\n  local-zone: \"test.\" nodefault\n  domain-insecure:\"x.\"\n"),
      ["1 server=", "2 local-zone=test.|nodefault", "3 domain-insecure=x."])
    // Quoted text is a value, never a keyword; a comment is nothing.
    XCTAssertEqual(settings("  verbosity: \"val-permissive-mode:yes\" # domain-insecure: x\n"), [])
  }

  /// A backslash takes the next octet into the word or string, as unbound's lexer does, and a
  /// quoted string ends at its line end: neither can hide the settings that follow.
  func testBackslashesAndLineEndsAreReadAsUnboundReadsThem() {
    XCTAssertEqual(
      settings("server:\n  identity: x\\\"\n  val-override-date: \"-1\"\n  # \"\n"),
      ["1 server=", "3 val-override-date=-1"])
    XCTAssertEqual(
      settings("server:\n  identity: \"a\\\"b\"\n  val-permissive-mode: yes\n  # \"\n"),
      ["1 server=", "3 val-permissive-mode=yes"])
    // A quoted string cut by its line end (libunbound: "newline inside quoted string") hides
    // nothing after it either.
    XCTAssertEqual(
      settings("server:\n  identity: \"a\n  val-permissive-mode: yes\n  # \"\n"),
      ["1 server=", "3 val-permissive-mode=yes"])
    XCTAssertEqual(
      settings("server:\n  include: \"a\\\"b.conf\"\n"), ["1 server=", "2 include=a\\\"b.conf"])
  }

  func testValuesAreJudgedAsLibunboundReadsThem() {
    let problem = UnboundValidationPolicy.problem
    XCTAssertNotNil(problem("val-permissive-mode", ["yes"]))
    XCTAssertNil(problem("val-permissive-mode", ["no"]))
    XCTAssertNil(problem("val-sig-skew-max", ["86400"]))
    XCTAssertNotNil(problem("val-sig-skew-max", ["86401"]))
    // atoi("1e9") is 1, as libunbound reads it: one second of skew, stricter than the default.
    XCTAssertNil(problem("val-sig-skew-min", ["1e9"]))
    XCTAssertNil(problem("val-override-date", ["0"]))
    XCTAssertNotNil(problem("val-override-date", ["20300101000000"]))
    XCTAssertNil(problem("module-config", ["subnetcache validator iterator"]))
    XCTAssertNotNil(problem("module-config", ["python validator iterator"]))
    XCTAssertNil(problem("val-nsec3-keysize-iterations", ["1024 150 2048 500 4096 2500"]))
    XCTAssertNotNil(problem("val-nsec3-keysize-iterations", ["1024 150 2048 100"]))
    XCTAssertNil(problem("local-zone", ["test.", "nodefault"]))
    XCTAssertNotNil(problem("local-zone", ["example.", "redirect"]))
    XCTAssertNil(UnboundValidationPolicy.authZoneProblem(forDownstream: "no"))
    XCTAssertNotNil(UnboundValidationPolicy.authZoneProblem(forDownstream: nil))
  }
}
