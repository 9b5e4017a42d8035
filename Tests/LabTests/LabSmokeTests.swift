import XCTest

@testable import Lab

final class LabSmokeTests: XCTestCase {
  func testModuleLinks() {
    // Replaced by the lab's own tests; this only proves the target builds and links.
    XCTAssertEqual(String(describing: LabModule.self), "LabModule")
  }
}
