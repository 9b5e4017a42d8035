import XCTest

@testable import Console

final class ConsoleSmokeTests: XCTestCase {
  func testModuleLinks() {
    XCTAssertEqual(String(describing: ConsoleModule.self), "ConsoleModule")
  }
}
