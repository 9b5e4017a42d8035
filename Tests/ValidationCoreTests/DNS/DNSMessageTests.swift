import XCTest

@testable import ValidationCore

final class DNSMessageTests: XCTestCase {
  private func name(_ text: String) -> DNSName { try! DNSName(text) }

  private func sampleResponse() -> DNSMessage {
    let owner = name("Example.")
    var message = DNSMessage.makeQuery(id: 0xBEEF, name: owner, type: .any).makeResponse()
    message.isRecursionAvailable = true
    message.isAuthenticData = true
    message.isCheckingDisabled = true
    message.rcode = .badCookie  // 23: needs the EDNS upper bits
    message.answers = DNSFixtures.everyType.filter { $0.type != .opt }.map {
      ResourceRecord(name: owner, ttl: 300, rdata: $0)
    }
    message.authority = [
      ResourceRecord(name: name("example."), ttl: 60, rdata: .ns(name("ns.example.")))
    ]
    message.additional = [
      ResourceRecord(
        name: name("ns.example."), ttl: 60, rdata: .a(IPv4Address(octets: [192, 0, 2, 53])!))
    ]
    message.edns?.options = [ExtendedDNSError(code: .dnssecBogus, extraText: "bad sig").option]
    return message
  }

  func testMessageRoundTripsWithEveryTypeAndEDNS() throws {
    let message = sampleResponse()
    let wire = try message.wireFormat()
    let decoded = try DNSMessage(wire: wire)
    XCTAssertEqual(decoded, message)
    XCTAssertEqual(decoded.rcode, .badCookie)
    XCTAssertEqual(decoded.edns?.isDNSSECOK, true)
    XCTAssertEqual(
      decoded.extendedErrors, [ExtendedDNSError(code: .dnssecBogus, extraText: "bad sig")])
    // Owner names after the question are compressed to a pointer at the question name (12).
    XCTAssertEqual(Array(wire[25..<27]), [0xC0, 12])
  }

  func testHeaderBitsAreWhereRFC1035PutsThem() throws {
    var message = DNSMessage(
      id: 1, isResponse: true, opcode: .notify, isAuthoritative: true, isTruncated: true)
    message.isRecursionDesired = true
    message.rcode = .refused
    let wire = try message.wireFormat()
    // QR=1, OPCODE=4, AA=1, TC=1, RD=1 → 1010 0111 ; RCODE 5 → 0000 0101
    XCTAssertEqual(Array(wire[0..<4]), [0, 1, 0xA7, 0x05])
    XCTAssertEqual(try DNSMessage(wire: wire), message)
    XCTAssertThrowsError(try DNSMessage(id: 1, rcode: .badVersion).wireFormat())
  }

  /// An Extended DNS Error written out by hand from RFC 8914 §2: OPT in the additional section,
  /// option code 15, length 2 + text, INFO-CODE 7 (Signature Expired), EXTRA-TEXT.
  func testDecodesExtendedDNSErrorBuiltFromRFC8914() throws {
    let text = Array("rrsig expired\u{1B}[31m".utf8)
    let option: [UInt8] = [0, 15, 0, UInt8(2 + text.count), 0, 7] + text
    let bytes: [UInt8] =
      [0x12, 0x34, 0x81, 0x82, 0, 0, 0, 0, 0, 0, 0, 1]  // QR RD RA, SERVFAIL, ARCOUNT 1
      + [0, 0, 41, 0x04, 0xD0]  // root, OPT, UDP 1232
      + [0, 0, 0x80, 0]  // extended RCODE 0, version 0, DO
      + [0, UInt8(option.count)] + option
    let message = try DNSMessage(wire: bytes)
    XCTAssertEqual(message.rcode, .serverFailure)
    XCTAssertEqual(message.edns?.udpPayloadSize, 1232)
    XCTAssertEqual(message.edns?.isDNSSECOK, true)
    XCTAssertEqual(message.extendedErrors.count, 1)
    XCTAssertEqual(message.extendedErrors.first?.code, .signatureExpired)
    XCTAssertEqual(message.extendedErrors.first?.code.name, "Signature Expired")
    // The escape character from the network is shown as \027, never raw.
    XCTAssertEqual(message.extendedErrors.first?.extraText, "rrsig expired\\027[31m")
    XCTAssertEqual(ExtendedDNSError.Code(rawValue: 27).name, "Unsupported NSEC3 Iterations Value")
    XCTAssertEqual(ExtendedDNSError.Code(rawValue: 999), .unassigned(999))
    XCTAssertEqual(try DNSMessage(wire: bytes).wireFormat(), bytes)
  }

  /// MINFO is an RFC 1035 type: its names may be compressed in a message (RFC 3597 §4), and are
  /// kept expanded so that its RFC 3597 data means the same outside the message.
  func testCompressedNamesOfOldTypesAreExpanded() throws {
    let bytes: [UInt8] =
      [0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]
      + [7] + Array("example".utf8) + [0, 0, 14, 0, 1]  // question example. MINFO IN
      + [0xC0, 12, 0, 14, 0, 1, 0, 0, 0, 60, 0, 6, 1, 97, 0xC0, 12, 0xC0, 12]
    let message = try DNSMessage(wire: bytes)
    XCTAssertEqual(message.answers.first?.type.description, "MINFO")
    XCTAssertEqual(message.answers.first?.rdata.presentation, "a.example. example.")
    let expanded = try XCTUnwrap(message.answers.first?.rdata.wireFormat(canonical: false))
    XCTAssertEqual(
      expanded, [1, 97, 7] + Array("example".utf8) + [0, 7] + Array("example".utf8) + [0])
  }
}
