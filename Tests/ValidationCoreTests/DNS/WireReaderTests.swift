import XCTest

@testable import ValidationCore

/// The bounded reader: names, compression and the errors it must give (with their offsets).
final class WireReaderTests: XCTestCase {
  /// 12 octets of padding, then `example.` at 12 and `www` + pointer to 12 at 21.
  private let message: [UInt8] =
    Array(repeating: 0, count: 12) + [7] + Array("example".utf8) + [0] + [3] + Array("www".utf8)
    + [0xC0, 12]

  func testFollowsBackwardPointer() throws {
    var reader = WireReader(message, offset: 21)
    let name = try reader.readName("test", allowCompression: true)
    XCTAssertEqual(name.description, "www.example.")
    XCTAssertEqual(reader.offset, 27)
    XCTAssertTrue(reader.isAtEnd)
  }

  func testNameErrors() {
    func error(_ bytes: [UInt8], at start: Int, compression: Bool = true) -> DNSWireError? {
      var reader = WireReader(bytes, offset: start)
      do {
        _ = try reader.readName("name", allowCompression: compression)
        return nil
      } catch { return error }
    }
    // A pointer to itself.
    XCTAssertEqual(error([0xC0, 0], at: 0), DNSWireError(.compressionLoop(target: 0), at: 0))
    // Two labels pointing at each other: 0: "a" then pointer to 0.
    XCTAssertEqual(
      error([1, 97, 0xC0, 0], at: 0), DNSWireError(.compressionLoop(target: 0), at: 2))
    XCTAssertEqual(
      error([0xC0, 2, 0], at: 0), DNSWireError(.forwardPointer(target: 2), at: 0))
    XCTAssertEqual(
      error([0, 0xC0, 9], at: 1), DNSWireError(.pointerOutOfRange(target: 9), at: 1))
    XCTAssertEqual(
      error(message, at: 21, compression: false),
      DNSWireError(.compressionNotAllowed(field: "name"), at: 25))
    XCTAssertEqual(error([0x40, 0], at: 0), DNSWireError(.unsupportedLabelType(0x40), at: 0))
    XCTAssertEqual(
      error([3, 97, 98], at: 0), DNSWireError(.truncated(field: "name", needed: 1), at: 0))
    XCTAssertEqual(
      error([1, 97], at: 0), DNSWireError(.truncated(field: "name", needed: 1), at: 2))
    // 5 labels of 63: 320 octets.
    let label: [UInt8] = [63] + Array(repeating: 97, count: 63)
    let long: [UInt8] = Array(repeating: label, count: 5).flatMap { $0 } + [0]
    XCTAssertEqual(error(long, at: 0), DNSWireError(.nameTooLong(257), at: 192))
  }

  func testFixedFieldsAreBounded() {
    var reader = WireReader([1, 2, 3])
    XCTAssertEqual(try reader.readUInt16("first"), 0x0102)
    XCTAssertThrowsError(try reader.readUInt32("second")) { error in
      XCTAssertEqual(
        error as? DNSWireError, DNSWireError(.truncated(field: "second", needed: 3), at: 2))
    }
  }

  func testWriterCompressesAgainstEarlierNames() throws {
    var writer = WireWriter()
    writer.writeBytes(Array(repeating: 0, count: 12))
    writer.writeName(try DNSName("example."), compress: true)
    writer.writeName(try DNSName("www.example."), compress: true)
    writer.writeName(try DNSName("WWW.example."), compress: true)
    XCTAssertEqual(
      Array(writer.bytes[12...]), Array(message[12...]) + [3] + Array("WWW".utf8) + [0xC0, 12])
    var reader = WireReader(writer.bytes, offset: 27)
    XCTAssertEqual(try reader.readName("n", allowCompression: true).labels[0], Array("WWW".utf8))
  }
}
