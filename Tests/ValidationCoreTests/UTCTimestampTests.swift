import Foundation
import ValidationCore
import XCTest

/// UTCTimestamp writes what Foundation's ISO8601DateFormatter (the reference, default options)
/// writes for the same instant, including the dropped fraction of a second.
final class UTCTimestampTests: XCTestCase {
  func testMatchesISO8601DateFormatter() {
    let reference = ISO8601DateFormatter()
    let instants: [TimeInterval] = [
      0, 0.999, 59.5, 951_782_400,  // 2000-02-29
      1_700_000_000.25, 1_796_406_895.9, 4_102_444_799,  // 2099-12-31T23:59:59
      253_402_300_799,  // 9999-12-31T23:59:59, the latest X.509 time
      -1, -86_400.5,  // before 1970
    ]
    for seconds in instants {
      let date = Date(timeIntervalSince1970: seconds)
      XCTAssertEqual(UTCTimestamp.text(date), reference.string(from: date), "at \(seconds) s")
    }
  }

  func testFixedForms() {
    // As `date -u -d @951782400 +%FT%TZ` prints it.
    XCTAssertEqual(
      UTCTimestamp.text(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00Z")
    XCTAssertEqual(UTCTimestamp.text(Date(timeIntervalSince1970: 59.9)), "1970-01-01T00:00:59Z")
    // The last Double before 2027-01-01T00:00:00Z (820454400 s after 2001-01-01): still 2026.
    // Its Unix seconds, a Double sum, round up to 1798761600; the second shown must not.
    let justBefore = Date(timeIntervalSinceReferenceDate: Double(820_454_400).nextDown)
    XCTAssertEqual(UTCTimestamp.text(justBefore), "2026-12-31T23:59:59Z")
  }
}
