import XCTest

@testable import Console

/// Folding a row moves its words; it never drops one. A word exactly as wide as the text column
/// (a 64-digit digest under a 12-column indent in a 76-column pane) gets a row of its own.
final class RowWrapKeepsEveryWordTests: XCTestCase {
  private let digest = "f579536deeea45e00e735f6602564a88a2d3e043912ae75b94865ade8511258a"

  private func text(_ row: Row) -> String {
    row.spans.filter { $0.role != .border }.map(\.text).joined()
  }

  func testEveryCharacterSurvivesAtEveryWidth() {
    let row = Row([
      Span("advice    ", .warning), Span("TLSA_RECORD_UNUSABLE", .title),
      Span("          TLSA record 0 0 1 \(digest) at _25._tcp.mx1.pkix-only.example. is"
        + " unusable: PKIX-TA(0) is not usable for SMTP (RFC 7672 §3.1.3)."),
    ])
    let squeezed = { (text: String) in text.filter { $0 != " " } }
    for width in 9...130 {
      let folded = RowWrap.wrap(row, width: width)
      XCTAssertEqual(squeezed(folded.map(text).joined()), squeezed(row.text), "width \(width)")
      for line in folded {
        XCTAssertLessThanOrEqual(TextWidth.columns(of: line.text), width, "width \(width)")
      }
    }
  }

  /// A digest wider than the row is broken into even pieces, one per row, never leaving a lone
  /// last digit on a row of its own (the TLSA pane at 70 columns showed `…179d84c` then `d`).
  func testADigestWiderThanTheRowIsBrokenEvenly() {
    let row = Row.label("      " + digest)
    for width in 20...69 {
      let folded = RowWrap.wrap(row, width: width).map { $0.text.filter { $0 != " " } }
      XCTAssertEqual(folded.joined(), digest, "width \(width)")
      let sizes = folded.map(\.count)
      XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "width \(width): \(folded)")
    }
    let at69 = RowWrap.wrap(row, width: 69).map { $0.text.trimmingCharacters(in: .whitespaces) }
    XCTAssertEqual(at69, [String(digest.prefix(32)), String(digest.suffix(32))])
  }

  func testADigestExactlyAsWideAsTheColumnHasARowOfItsOwn() {
    let row = Row.label("          TLSA record 0 0 1 \(digest) at _25._tcp.mx1.example. is unusable")
    let folded = RowWrap.wrap(row, width: 76).map {
      String($0.text.reversed().drop { $0 == " " }.reversed())
    }
    XCTAssertEqual(folded, [
      "          TLSA record 0 0 1",
      "            " + digest,
      "            at _25._tcp.mx1.example. is unusable",
    ])
  }
}
