import XCTest

@testable import CommandLineInterface

/// `-h` and `-V` work and `--help` shows them beside their long forms, as the man page does.
final class ShortOptionHelpTests: XCTestCase {
  func testHelpShowsTheShortFormsThatWork() throws {
    let lines = HelpText.usage.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains { $0.hasPrefix("  -h, --help ") }, HelpText.usage)
    XCTAssertTrue(lines.contains { $0.hasPrefix("  -V, --version ") }, HelpText.usage)
    for (short, long) in OptionTable.shortForms {
      XCTAssertTrue(try ArgumentParser.parse([short]).has(long), short)
    }
  }

  func testTheManPageNamesTheSameShortForms() throws {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Docs/danescope.1").standardized
    let text = try String(contentsOf: page, encoding: .utf8)
    for (short, long) in OptionTable.shortForms {
      let roff = { (option: String) in option.replacingOccurrences(of: "-", with: "\\-") }
      XCTAssertTrue(
        text.contains(roff(short)) && text.contains(roff(long)), "\(short) \(long) in danescope.1")
    }
  }
}
