import XCTest

@testable import ValidationCore

final class ZoneTokenizerTests: XCTestCase {
  func testQuoteInsideAnUnquotedWordIsLiteral() throws {
    let text =
      #"a\032b\(c\)\;d@e$f"g\\h\.i~\127~.example. 3600 IN TXT "semi;colon (paren) ~ \127 ~""# + "\n"
    let entries = try ZoneTokenizer.entries(text)
    XCTAssertEqual(entries.count, 1)
    XCTAssertEqual(
      entries[0].tokens.map(\.description),
      [
        #"a\032b\(c\)\;d@e$f"g\\h\.i~\127~.example."#, "3600", "IN", "TXT",
        #""semi;colon (paren) ~ \127 ~""#,
      ])
  }
}
