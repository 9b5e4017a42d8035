import Foundation
import XCTest

@testable import Console

/// The Chain pane writes validity times with FoundationEssentials' ISO 8601 style; full
/// Foundation's ISO8601DateFormatter, with the options the pane used before, is the reference.
final class ChainDayTextTests: XCTestCase {
  func testDayTextIsWhatISO8601DateFormatterWrote() {
    let reference = ISO8601DateFormatter()
    reference.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime]
    let instants: [TimeInterval] = [
      0, -1, 59.9, 951_782_400, 1_796_406_895.9, 253_402_300_799, -12_219_292_800, -62_135_596_800,
    ]
    for seconds in instants {
      let date = Date(timeIntervalSince1970: seconds)
      XCTAssertEqual(ChainTree.day(date), reference.string(from: date), "at \(seconds) s")
    }
  }
}
