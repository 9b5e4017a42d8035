import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// `danescope --lab --at TIME`: the lab is signed around the real time of the start
/// (Docs/Lab.md), and TIME only judges those signatures, in every pane alike, as `check --lab
/// --at` does. libunbound's verdicts of now are then not compared (Docs/Decisions.md D-policy-4).
final class ConsoleAtTimeTests: XCTestCase {
  func testSignaturesExpiredAtTimeAreBogusInTheHeaderTheChainAndTheFindings() async throws {
    // The lab's signatures run from an hour before its start to 30 days after it.
    let later = Date().addingTimeInterval(60 * 86_400)
    let engine = try await CheckEngine.lab(clock: FixedClock(later), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)

    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC bogus"), header)
    let report = try XCTUnwrap(state.report)
    let nodes = report.chain.flatMap { $0.flattened() }
    XCTAssertFalse(nodes.isEmpty)
    // Zones, RRsets, signatures and DS links do not hold: a DS still matches its key, but
    // under a DS set whose signatures expired the link is not secure (DSLinkSecurityTests).
    // The trust anchor's own DS is trusted as configured, but the root's DNSKEY set has no
    // valid signature as of then (RFC 4035 §5.2, §5.3.1): its link to the keys is not secure.
    let judged = nodes.filter { [.zone, .ds, .rrset, .rrsig].contains($0.kind) }
    XCTAssertTrue(judged.contains { $0.id.hasPrefix("ds . ") }, "no DS link for the root")
    let shownSecure = judged.filter { $0.status == .secure || $0.statusWord == "valid" }
    XCTAssertTrue(shownSecure.isEmpty, shownSecure.map(\.title).joined(separator: "\n"))
    let codes = report.findings.map(\.code.rawValue)
    XCTAssertTrue(codes.contains("RRSIG_EXPIRED"), "\(codes)")
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
  }

  func testAtTheRealTimeTheLabIsSecureWithNoDisagreement() async throws {
    let engine = try await CheckEngine.lab(clock: FixedClock(Date()), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC secure"), header)
    XCTAssertTrue(header.contains("DANE verified"), header)
    let codes = state.report?.findings.map(\.code.rawValue) ?? []
    XCTAssertNotNil(state.report)
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
  }
}

/// `--at` in effect shows on screen: the header names the time DNSSEC and certificates are
/// judged as of, as `check` prints "Judged as of … (--at)", so that "DNSSEC bogus" beside a
/// lesson that expects "verified" is not a mystery. The time stays whole where the header has
/// room, the day alone where it is short of room; the verdict badges are never cut for it.
final class ConsoleAtTimeHeaderTests: XCTestCase {
  private func header(_ state: ConsoleState) -> String {
    let line = Renderer().render(state).lines[0]
    return String(line.reversed().drop { $0 == " " }.reversed())
  }

  func testTheLabCheckAtAnotherTimeSaysSoInTheHeader() async throws {
    let later = Date().addingTimeInterval(60 * 86_400)
    let engine = try await CheckEngine.lab(clock: FixedClock(later), judgesAsOfClock: true)
    defer { engine.stop() }
    let state = await stateAfterTyping("ee-valid.example", engine: engine)
    XCTAssertEqual(state.report?.judgedAsOf, later)
    let shown = header(state)
    XCTAssertTrue(shown.contains("as of \(UTCTimestamp.text(later))"), shown)
    // The status line says it too, whole, as `check` does.
    XCTAssertTrue(state.statusMessage?.contains(
      "Judged as of \(UTCTimestamp.text(later)) (--at).") == true, state.statusMessage ?? "")
  }

  func testNoTimeIsShownForACheckJudgedAsOfNow() {
    XCTAssertFalse(header(ReportFixture.state(width: 120, height: 24)).contains("as of"))
  }

  func testTheTimeStaysWholeOrGivesItsDayAtNarrowWidths() throws {
    let time = try XCTUnwrap(ISO8601DateFormatter().date(from: "2027-02-10T00:00:00Z"))
    var report = ReportFixture.report
    report.judgedAsOf = time
    for width in HeaderWidthTests.widths {
      var state = ConsoleState(sourceLabel: "test")
      state.resize(width: width, height: 24)
      _ = state.open(domain: ReportFixture.domain)
      _ = state.apply(.report(report))
      let shown = header(state)
      XCTAssertLessThanOrEqual(TextWidth.columns(of: shown), width, shown)
      if width >= 60 {
        XCTAssertTrue(shown.contains("DNSSEC secure  DANE 1 of 2 failed  as of 2027-02-10"),
          "\(width): \(shown)")
      }
      if width >= 80 {
        XCTAssertTrue(shown.contains("as of 2027-02-10T00:00:00Z"), "\(width): \(shown)")
      }
      if shown.contains("as of 2027-02-10") {
        // Whole: the day and, when there, the whole time; never the hour cut.
        XCTAssertTrue(shown.hasSuffix("as of 2027-02-10") || shown.contains("T00:00:00Z"),
          "\(width): \(shown)")
      }
      // Never gone: below the room for its day, `@2027-02-10`, then a bare `@` after the
      // badges (the status line gives the time).
      let forms = ["  as of 2027-02-10", "  @2027-02-10", "  @"]
      XCTAssertTrue(forms.contains { shown.contains("DANE 1 of 2 failed" + $0) },
        "\(width): the --at time left the header: \(shown)")
      // The verdict badges are whole at every width, as without --at.
      XCTAssertTrue(shown.contains("DNSSEC secure  DANE 1 of 2 failed"), "\(width): \(shown)")
    }
  }

  /// Below 55 columns here (46 with shorter verdicts) the `--at` badge used to leave the header
  /// silently. It shortens instead: `@` and the day, then `@` alone, down to the narrowest
  /// width the console draws (40), and stands before the badges where they are cut at the
  /// bar's end.
  func testTheTimeNeverLeavesTheHeaderAtNarrowWidths() throws {
    let time = try XCTUnwrap(ISO8601DateFormatter().date(from: "2027-02-10T00:00:00Z"))
    var report = ReportFixture.report
    report.judgedAsOf = time
    // The domain gives way down to its mark first (as documented), then the day's "as of".
    let expected: [Int: String] = [
      55: " …  DNSSEC secure  DANE 1 of 2 failed  as of 2027-02-10",
      54: " mail…  DNSSEC secure  DANE 1 of 2 failed  @2027-02-10",
      50: " …  DNSSEC secure  DANE 1 of 2 failed  @2027-02-10",
      49: " mail.exam…  DNSSEC secure  DANE 1 of 2 failed  @",
      46: " mail.e…  DNSSEC secure  DANE 1 of 2 failed  @",
      40: " …  DNSSEC secure  DANE 1 of 2 failed  @",
    ]
    for (width, line) in expected {
      var state = ConsoleState(sourceLabel: "test")
      state.resize(width: width, height: 24)
      _ = state.open(domain: ReportFixture.domain)
      _ = state.apply(.report(report))
      XCTAssertEqual(header(state), line, "\(width)")
    }
    // Badges wider than the bar are cut at its end; the mark stands before them.
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
    XCTAssertTrue(shown.hasPrefix(" … @ DNSSEC insecure  DANE TLS, not"), shown)
    XCTAssertTrue(shown.hasSuffix("…"), shown)
  }
}
