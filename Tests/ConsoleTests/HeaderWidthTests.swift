import XCTest

@testable import Console

/// The header at narrow widths and with long names: the DNSSEC and DANE badges stay whole, the
/// domain is shortened first, and whatever is cut ends with `…` (never `DANE 1 of 2 f`). The
/// spinner's step is cut the same way, in the room the badges leave.
final class HeaderWidthTests: XCTestCase {
  static let widths = [40, 41, 43, 46, 47, 53, 61, 67, 73, 79, 80, 97, 120]

  private func header(_ state: ConsoleState) -> String {
    let line = Renderer().render(state).lines[0]
    return String(line.reversed().drop { $0 == " " }.reversed())
  }

  /// Every word shown is a word of the whole header, or the start of one marked `…`.
  private func assertCutsAreMarked(
    _ shown: String, whole: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let words = Set(whole.split(separator: " ").map(String.init))
    for word in shown.split(separator: " ").map(String.init) where !words.contains(word) {
      XCTAssertTrue(word.hasSuffix("…"), "'\(word)' is cut without a mark: \(shown)",
        file: file, line: line)
      let stem = String(word.dropLast())
      XCTAssertTrue(words.contains { $0.hasPrefix(stem) }, "'\(word)' in \(shown)",
        file: file, line: line)
    }
  }

  func testTheBadgesStayWholeAndTheDomainGivesWayAtEveryWidth() {
    let whole = " danescope  mail.example.  DNSSEC secure  DANE 1 of 2 failed  MX 2  [test]"
    XCTAssertEqual(header(ReportFixture.state(width: 120, height: 24)), whole)
    for width in Self.widths {
      let state = ReportFixture.state(width: width, height: 24)
      let shown = header(state)
      XCTAssertLessThanOrEqual(TextWidth.columns(of: shown), width, shown)
      XCTAssertTrue(shown.contains("DNSSEC secure  DANE 1 of 2 failed"), "\(width): \(shown)")
      assertCutsAreMarked(shown, whole: whole)
      if !shown.contains("mail.example.") {
        XCTAssertTrue(shown.hasPrefix(" ma") && shown.contains("…"), "\(width): \(shown)")
      }
    }
    // The program name and the source go first, then the domain is shortened to 12 columns,
    // then the MX count goes.
    XCTAssertEqual(header(ReportFixture.state(width: 56, height: 24)),
      " mail.example.  DNSSEC secure  DANE 1 of 2 failed  MX 2")
    XCTAssertEqual(header(ReportFixture.state(width: 55, height: 24)),
      " mail.exampl…  DNSSEC secure  DANE 1 of 2 failed  MX 2")
    XCTAssertEqual(header(ReportFixture.state(width: 54, height: 24)),
      " mail.example.  DNSSEC secure  DANE 1 of 2 failed")
    XCTAssertEqual(header(ReportFixture.state(width: 47, height: 24)),
      " mail.examp…  DNSSEC secure  DANE 1 of 2 failed")
    XCTAssertEqual(header(ReportFixture.state(width: 40, height: 24)),
      " mai…  DNSSEC secure  DANE 1 of 2 failed")
  }

  /// A 246-character domain (the longest a mail domain's text gets is 253) takes what the
  /// badges leave.
  func testAVeryLongDomainLeavesTheBadgesVisible() throws {
    let labels = (0..<41).map { _ in "abcde" } + ["example"]
    let domain = labels.joined(separator: ".") + "."
    XCTAssertGreaterThan(domain.count, 246)
    var report = ReportFixture.report
    report.domain = domain
    for width in Self.widths {
      var state = ConsoleState(sourceLabel: "test")
      state.resize(width: width, height: 24)
      _ = state.open(domain: domain)
      _ = state.apply(.report(report))
      let shown = header(state)
      XCTAssertTrue(shown.contains("DNSSEC secure  DANE 1 of 2 failed"), "\(width): \(shown)")
      XCTAssertTrue(shown.hasPrefix(" abc"), shown)
      XCTAssertTrue(shown.contains("…  DNSSEC"), shown)
      XCTAssertLessThanOrEqual(TextWidth.columns(of: shown), width)
    }
  }

  /// Too narrow even for the badges alone (the longest DANE word, at the smallest screen):
  /// the line is cut at its end, marked.
  func testBadgesWiderThanTheBarAreCutMarked() {
    var report = ReportFixture.report
    for index in report.hosts.indices {
      report.hosts[index].addressStatus = .insecure
      report.hosts[index].addresses[0].verdict = .tlsUnauthenticated
    }
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 40, height: 24)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    let shown = header(state)
    XCTAssertEqual(TextWidth.columns(of: shown), 40, shown)
    XCTAssertTrue(shown.hasSuffix("…"), shown)
    XCTAssertTrue(shown.contains("DNSSEC insecure  DANE TLS, not"), shown)
  }

  /// The step beside the spinner gets the room the badges leave, cut with a mark, or is left
  /// out when hardly any is left; it never covers a badge.
  func testTheSpinnerStepIsCutMarkedAfterTheBadges() {
    let step = "looking up _25._tcp.mx2.mail.example. TLSA"
    for width in Self.widths {
      var state = ReportFixture.state(width: width, height: 24)
      _ = state.apply(.progress(step))
      let shown = header(state)
      XCTAssertTrue(shown.contains("DNSSEC secure  DANE 1 of 2 failed"), "\(width): \(shown)")
      XCTAssertLessThanOrEqual(TextWidth.columns(of: shown), width)
      guard let start = shown.range(of: "looking") else { continue }
      let text = String(shown[start.lowerBound...])
      let isCutMarked = text.hasSuffix("…") && step.hasPrefix(text.dropLast())
      XCTAssertTrue(step.hasPrefix(text) || isCutMarked, "\(width): \(shown)")
    }
    var wide = ReportFixture.state(width: 160, height: 24)
    _ = wide.apply(.progress(step))
    XCTAssertTrue(header(wide).hasSuffix(step), header(wide))
    var narrow = ReportFixture.state(width: 90, height: 24)
    _ = narrow.apply(.progress(step))
    XCTAssertTrue(header(narrow).hasSuffix("…"), header(narrow))
  }
}
