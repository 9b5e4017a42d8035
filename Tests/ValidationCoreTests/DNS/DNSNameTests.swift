import XCTest

@testable import ValidationCore

final class DNSNameTests: XCTestCase {
  func testParsesAbsoluteAndRelativeNames() throws {
    let origin = try DNSName("example.com.")
    XCTAssertEqual(try DNSName("www", origin: origin).description, "www.example.com.")
    XCTAssertEqual(try DNSName("@", origin: origin), origin)
    XCTAssertEqual(try DNSName(".").isRoot, true)
    XCTAssertEqual(try DNSName("WWW.Example.COM."), try DNSName("www.example.com."))
  }

  func testEscapesRoundTrip() throws {
    let name = try DNSName("a\\.b.c\\032d\\255.example.")
    XCTAssertEqual(name.labels[0], Array("a.b".utf8))
    XCTAssertEqual(name.labels[1], Array("c d".utf8) + [255])
    XCTAssertEqual(name.description, "a\\.b.c\\032d\\255.example.")
    XCTAssertEqual(try DNSName(name.description), name)
  }

  func testLimits() {
    let label63 = String(repeating: "a", count: 63)
    XCTAssertNoThrow(try DNSName("\(label63).example."))
    XCTAssertThrowsError(try DNSName("\(label63)a.example.")) { error in
      XCTAssertEqual(error as? DNSNameError, .labelTooLong(64))
    }
    // 4 labels of 63 plus lengths and root: 4 * 64 + 1 = 257 octets.
    let long = Array(repeating: label63, count: 4).joined(separator: ".") + "."
    XCTAssertThrowsError(try DNSName(long)) { error in
      XCTAssertEqual(error as? DNSNameError, .nameTooLong(257))
    }
    XCTAssertThrowsError(try DNSName("a..b.")) { error in
      XCTAssertEqual(error as? DNSNameError, .emptyLabel)
    }
    XCTAssertThrowsError(try DNSName("a\\25")) { error in
      XCTAssertEqual(error as? DNSNameError, .badDecimalEscape("a\\25"))
    }
  }

  /// The example ordering given in RFC 4034 §6.1.
  func testCanonicalOrderFromRFC4034() throws {
    let expected = [
      "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.",
      "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example.",
    ].map { try! DNSName($0) }
    XCTAssertEqual(expected.shuffled().sorted(), expected)
  }

  func testWireFormatAndLineage() throws {
    let name = try DNSName("mx.Example.com.")
    XCTAssertEqual(
      name.wireFormat, [2, 109, 120, 7, 69, 120, 97, 109, 112, 108, 101, 3, 99, 111, 109, 0])
    XCTAssertEqual(
      name.lineage.map(\.description), [".", "com.", "Example.com.", "mx.Example.com."])
    XCTAssertTrue(name.isSubdomain(of: try DNSName("EXAMPLE.com.")))
    XCTAssertFalse(try DNSName("example.com.").isSubdomain(of: name))
  }

  /// ldns's escapes, plus `\"` always and `@`/`$` as the first character (see `description`).
  func testPresentationEscapes() throws {
    let name = try DNSName(labels: [Array("a b(c)".utf8), Array("@x".utf8), Array("q\"t;".utf8)])
    XCTAssertEqual(name.description, #"a\032b\(c\).@x.q\"t\;."#)
    XCTAssertEqual(try DNSName(name.description), name)
    let leading = try DNSName(labels: [Array("@".utf8)])
    XCTAssertEqual(leading.description, #"\@."#)
    XCTAssertEqual(try DNSName(leading.description, origin: try DNSName("example.")), leading)
    XCTAssertEqual(try DNSName(labels: [Array("$ORIGIN".utf8)]).description, #"\$ORIGIN."#)
  }

  func testAbsoluteOrRelativeText() {
    XCTAssertTrue(DNSName.isAbsolute("a.b."))
    XCTAssertTrue(DNSName.isAbsolute("."))
    XCTAssertTrue(DNSName.isAbsolute(#"a\\."#))  // the backslash is escaped, the dot is not
    XCTAssertFalse(DNSName.isAbsolute(#"a\."#))  // an escaped dot ends a label, not the name
    XCTAssertFalse(DNSName.isAbsolute("a.b"))
    XCTAssertFalse(DNSName.isAbsolute("@"))
  }
}
