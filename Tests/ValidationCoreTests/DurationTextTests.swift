import XCTest

@testable import ValidationCore

/// Durations in findings and `chain`'s text ("expires in 29 d 23 h") are truncated: a time just
/// under a boundary never reads as the boundary. Rounded, 30 days less 0.4 s read "30 d" while
/// the same signature a second later read "29 d 23 h".
final class DurationTextTests: XCTestCase {
  private let day: TimeInterval = 86_400

  func testJustUnderThirtyDaysIsNotThirtyDays() {
    XCTAssertEqual(ChainText.duration(30 * day - 0.4), "29 d 23 h")
    XCTAssertEqual(ChainText.duration(30 * day - 0.6), "29 d 23 h")
    XCTAssertEqual(ChainText.duration(30 * day - 1), "29 d 23 h")
    XCTAssertEqual(ChainText.duration(30 * day), "30 d")
    XCTAssertEqual(ChainText.duration(30 * day + 0.9), "30 d")
  }

  func testEveryUnitTruncates() {
    XCTAssertEqual(ChainText.duration(3_600 - 0.5), "59 min")
    XCTAssertEqual(ChainText.duration(3_600), "1 h")
    XCTAssertEqual(ChainText.duration(60 - 0.5), "59 s")
    XCTAssertEqual(ChainText.duration(60), "1 min")
    XCTAssertEqual(ChainText.duration(0.9), "0 s")
    XCTAssertEqual(ChainText.duration(3 * day + 4 * 3_600 + 59 * 60 + 59.9), "3 d 4 h")
    XCTAssertEqual(ChainText.duration(5 * 3_600 + 12 * 60 + 59.9), "5 h 12 min")
  }
}
