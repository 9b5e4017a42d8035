import Foundation
import XCTest

/// `--at` through the real binary: the time of day the user gave is the one judged. The lab signs
/// from now for 30 days, so its signatures end 30 days from now at today's time of day.
final class AttackAtTimeTests: XCTestCase {
  /// The UTC date 30 days from now, waiting out the last minute of a day so that the lab's start
  /// (a moment after this) falls on the same day as the date computed here.
  private func dateThirtyDaysOn() throws -> String {
    var now = Date()
    let secondOfDay = Int(now.timeIntervalSince1970) % 86_400
    if secondOfDay >= 86_340 {
      Thread.sleep(forTimeInterval: Double(86_400 - secondOfDay) + 1)
      now = Date()
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: now.addingTimeInterval(30 * 86_400))
  }

  private func codes(_ result: DanescopeBinary.Result) -> [String] {
    let report = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let findings = (report as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    return findings.compactMap { $0["code"] as? String }
  }

  func testAFractionalSecondPastTheLabsWindowIsExpired() throws {
    let day = try dateThirtyDaysOn()
    // Midnight of that day is inside the window: a reader that dropped the time of day would
    // judge the later instant as this one.
    let midnight = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid", "--json", "--at", "\(day)T00:00:00Z"])
    XCTAssertEqual(midnight.status, 0, midnight.stderr)
    XCTAssertFalse(codes(midnight).contains("RRSIG_EXPIRED"), "\(codes(midnight))")

    for late in ["\(day)T23:59:59.5Z", "\(day)T23:59:59Z", "\(day)T23:59:59.5+00:00"] {
      let result = try DanescopeBinary.run(["check", "--lab", "ee-valid", "--json", "--at", late])
      XCTAssertEqual(result.status, 1, "\(late): \(result.stderr)")
      XCTAssertTrue(codes(result).contains("RRSIG_EXPIRED"), "\(late): \(codes(result))")
    }
  }

  func testTimesNotReadWholeAreUsageErrorsNamingTheArgument() throws {
    for text in [
      "2027-01-03T23:30:00.5", "2027-01-03T23:30:00", "2027-01-03 23:30", "2027-01-01T23:30Z",
      "2027-01-01junk", "2026-02-30", "2027-01-03T25:00:00Z", "2027-01-03T23:60:00Z", "0x10",
    ] {
      let result = try DanescopeBinary.run(["check", "--lab", "ee-valid", "--at", text])
      XCTAssertEqual(result.status, 2, "\(text): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("--at '\(text)' is not a time: "), "\(text): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("(argument 4)"), "\(text): \(result.stderr)")
    }
  }

  /// RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5, RFC 1982): at now + 2^32 s + a day
  /// the lab's expired signatures would read as valid again. Such a time is refused; 60 years on
  /// is in range and finds them expired.
  func testATimeAcrossTheSerialWrapIsRefused() throws {
    let now = Date().timeIntervalSince1970
    let acrossWrap = String(Int(now) + (1 << 32) + 86_400)
    let refused = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid", "--json", "--at", acrossWrap])
    XCTAssertEqual(refused.status, 2, refused.stdout)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertTrue(
      refused.stderr.contains(
        "--at '\(acrossWrap)' is more than 68 years after now: signature times are 32-bit"
          + " serial numbers that repeat every 136 years"),
      refused.stderr)
    XCTAssertTrue(refused.stderr.contains("(argument 5)"), refused.stderr)

    let sixtyYears = String(Int(now + 60 * 365.25 * 86_400))
    let judged = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid", "--json", "--at", sixtyYears])
    XCTAssertEqual(judged.status, 1, judged.stderr)
    XCTAssertTrue(codes(judged).contains("RRSIG_EXPIRED"), "\(codes(judged))")
  }
}
