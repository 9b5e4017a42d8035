import XCTest

@testable import ValidationCore

/// Test vectors from RFC 4648 §10, and the strict errors.
final class EncodingTests: XCTestCase {
  private let vectors = ["", "f", "fo", "foo", "foob", "fooba", "foobar"]

  func testBase64Vectors() throws {
    let expected = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"]
    for (plain, encoded) in zip(vectors, expected) {
      XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
      XCTAssertEqual(try Base64.decode(encoded), Array(plain.utf8))
    }
    XCTAssertEqual(try Base64.decode("Zm9v\n YmFy"), Array("foobar".utf8))
  }

  func testBase32HexVectors() throws {
    let expected = ["", "CO", "CPNG", "CPNMU", "CPNMUOG", "CPNMUOJ1", "CPNMUOJ1E8"]
    for (plain, encoded) in zip(vectors, expected) {
      XCTAssertEqual(Base32Hex.encode(Array(plain.utf8)), encoded.lowercased())
      XCTAssertEqual(try Base32Hex.decode(encoded), Array(plain.utf8))
      XCTAssertEqual(try Base32Hex.decode(encoded.lowercased()), Array(plain.utf8))
    }
    XCTAssertEqual(try Base32Hex.decode("CPNMUOJ1E8======"), Array("foobar".utf8))
  }

  func testHexBothWays() throws {
    XCTAssertEqual(Hex.encode(Array("foobar".utf8)), "666f6f626172")
    XCTAssertEqual(try Hex.decode("666F6f62 6172"), Array("foobar".utf8))
    XCTAssertEqual(Hex.encodeUppercase([0xab, 0x01]), "AB01")
  }

  func testStrictErrors() {
    func expect(
      _ body: () throws(EncodingError) -> [UInt8], _ kind: EncodingError.Kind, _ offset: Int
    ) {
      do {
        let value = try body()
        XCTFail("decoded \(value), expected \(kind)")
      } catch {
        XCTAssertEqual(error.kind, kind)
        XCTAssertEqual(error.offset, offset)
      }
    }
    expect({ () throws(EncodingError) in try Hex.decode("abc") }, .incompleteGroup, 2)
    expect({ () throws(EncodingError) in try Hex.decode("ag") }, .invalidCharacter("g"), 1)
    expect({ () throws(EncodingError) in try Base64.decode("Zm9") }, .incompleteGroup, 2)
    expect({ () throws(EncodingError) in try Base64.decode("Zm=v") }, .badPadding, 2)
    expect({ () throws(EncodingError) in try Base64.decode("Zm*v") }, .invalidCharacter("*"), 2)
    // "Zh==" decodes to 0x66 but leaves bits set in its last digit.
    expect({ () throws(EncodingError) in try Base64.decode("Zh==") }, .nonZeroTrailingBits, 1)
    expect({ () throws(EncodingError) in try Base32Hex.decode("CPN") }, .incompleteGroup, 2)
    expect({ () throws(EncodingError) in try Base32Hex.decode("CPW") }, .invalidCharacter("W"), 2)
    expect({ () throws(EncodingError) in try Base32Hex.decode("CP") }, .nonZeroTrailingBits, 1)
  }
}
