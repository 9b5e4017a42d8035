import Foundation
import ValidationCore
import XCTest

@testable import Console

/// The header's DANE badge over mixes of per-address verdicts, as Docs/UserGuide.md ("The
/// console", Header) tabulates it: never better than the worst address, and a check stopped by its time
/// limit reads as incomplete, as `check` says (exit status 3), not as a verdict.
final class DANEBadgeTests: XCTestCase {
  private typealias Verdict = ConsoleReport.ProbeVerdict

  /// One host per verdict, one address each, the MX answer secure and the check ended.
  private static func badge(_ verdicts: [Verdict]) -> (String, Role) {
    let hosts = verdicts.enumerated().map { index, verdict in
      ConsoleReport.Host(
        name: "mx\(index).mail.example.", preference: index, addressStatus: .secure,
        addresses: [ConsoleReport.Address(text: "127.0.0.\(index + 2)", verdict: verdict)],
        tlsa: ConsoleReport.TLSASet(name: "_25._tcp.mx\(index).mail.example.", status: .secure))
    }
    let report = ConsoleReport(
      domain: "mail.example.", mxStatus: .secure, hosts: hosts, isComplete: true)
    return HeaderBadges.dane(report, traces: [:])
  }

  func testNothingReachedOrFinishedReadsIncomplete() {
    XCTAssertEqual(Self.badge([.unreachable, .incomplete]).0, "incomplete")
    XCTAssertEqual(Self.badge([.incomplete, .unreachable, .unreachable]).0, "incomplete")
    XCTAssertEqual(Self.badge([.incomplete, .incomplete]).0, "incomplete")
    XCTAssertEqual(Self.badge([.unreachable, .incomplete]).1, .indeterminate)
  }

  func testABadAddressIsCountedBesideAGoodOne() {
    XCTAssertEqual(Self.badge([.verified, .unreachable]).0, "1 of 2 unreachable")
    XCTAssertEqual(Self.badge([.verified, .unreachable]).1, .error)
    XCTAssertEqual(Self.badge([.verified, .deferred]).0, "1 of 2 deferred")
    XCTAssertEqual(Self.badge([.verified, .deferred]).1, .indeterminate)
    XCTAssertEqual(Self.badge([.verified, .incomplete, .noDANE]).0, "1 of 3 incomplete")
    XCTAssertEqual(Self.badge([.verified, .failed, .deferred]).0, "1 of 3 failed")
    XCTAssertEqual(Self.badge([.deferred, .incomplete]).0, "1 of 2 deferred")
  }

  func testAllAlikeSayTheirVerdict() {
    XCTAssertEqual(Self.badge([.verified, .verified]).0, "verified")
    XCTAssertEqual(Self.badge([.failed, .failed]).0, "failed")
    XCTAssertEqual(Self.badge([.deferred]).0, "deferred")
    XCTAssertEqual(Self.badge([.unreachable, .unreachable]).0, "unreachable")
    XCTAssertEqual(Self.badge([.noDANE]).0, "no DANE")
    XCTAssertEqual(Self.badge([.tlsUnauthenticated]).0, "TLS, not authenticated")
  }

  func testMixesWithoutAFailure() {
    XCTAssertEqual(Self.badge([.verified, .noDANE]).0, "partial")
    XCTAssertEqual(Self.badge([.verified, .tlsUnauthenticated]).1, .warning)
    XCTAssertEqual(Self.badge([.noDANE, .tlsUnauthenticated]).0, "not authenticated")
    XCTAssertEqual(Self.badge([.verified, .pending]).0, "probing…")
    XCTAssertEqual(Self.badge([.failed, .pending]).0, "1 of 2 failed")
  }

  /// Every word the badge takes for one or two addresses, whatever their verdicts, is in the
  /// User Guide's table, so the table cannot leave out a word the header shows.
  func testTheUserGuideTableHasEveryBadgeWord() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let guide = try String(
      contentsOf: root.appendingPathComponent("Docs/UserGuide.md"), encoding: .utf8)
    let start = try XCTUnwrap(guide.range(of: "| addresses (MX × address) | DANE badge |"))
    let table = String(guide[start.lowerBound...]).components(separatedBy: "\n\n")[0]
    let all: [Verdict] = [
      .pending, .verified, .failed, .tlsUnauthenticated, .noDANE, .deferred, .unreachable,
      .incomplete,
    ]
    var words = Set(all.map { Self.badge([$0]).0 })
    for first in all {
      for second in all { words.insert(Self.badge([first, second]).0) }
    }
    for word in words {
      XCTAssertTrue(table.contains("`\(word)`"), "the User Guide's table lacks `\(word)`")
    }
  }
}
