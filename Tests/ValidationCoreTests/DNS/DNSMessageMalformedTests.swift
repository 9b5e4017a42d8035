import XCTest

@testable import ValidationCore

/// Every malformed message, fed whole, gives its own error at its own offset; fed as each of its
/// prefixes ("drip"), it gives an error (the data ends early) and never crashes.
final class DNSMessageMalformedTests: XCTestCase {
  struct Case {
    let label: String
    let bytes: [UInt8]
    let expected: DNSWireError
    /// For trailing data, the prefix that is a whole, valid message.
    var validPrefix: Int? = nil
  }

  static func header(qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
    [0xAB, 0xCD, 0x81, 0x80] + [qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }

  /// `example.` at offset 12, type A, class IN: a valid question (13 octets, ends at 25).
  static let question: [UInt8] = [7] + Array("example".utf8) + [0, 0, 1, 0, 1]

  /// An answer record owned by a pointer to the question name, type, class IN, TTL 60.
  static func answer(type: UInt16, rdlength: UInt16, _ rdata: [UInt8]) -> [UInt8] {
    [0xC0, 12, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1, 0, 0, 0, 60]
      + [UInt8(rdlength >> 8), UInt8(rdlength & 0xFF)] + rdata
  }

  static let opt: [UInt8] = [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]

  static let cases: [Case] = {
    let label63: [UInt8] = [63] + Array(repeating: 97, count: 63)
    let rrsigFixed: [UInt8] = [0, 1, 13, 1, 0, 0, 0, 60, 0, 0, 0, 2, 0, 0, 0, 1, 0, 7]
    return [
      Case(
        label: "short header", bytes: Array(header()[0..<11]),
        expected: DNSWireError(.truncated(field: "ARCOUNT", needed: 1), at: 10)),
      Case(
        label: "pointer to itself", bytes: header(qd: 1) + [0xC0, 12, 0, 1, 0, 1],
        expected: DNSWireError(.compressionLoop(target: 12), at: 12)),
      Case(
        label: "loop through a label", bytes: header(qd: 1) + [1, 97, 0xC0, 12, 0, 1, 0, 1],
        expected: DNSWireError(.compressionLoop(target: 12), at: 14)),
      Case(
        label: "forward pointer", bytes: header(qd: 1) + [0xC0, 14, 0, 0, 1, 0, 1],
        expected: DNSWireError(.forwardPointer(target: 14), at: 12)),
      Case(
        label: "pointer out of range", bytes: header(qd: 1) + [0xFF, 0xFF, 0, 1, 0, 1],
        expected: DNSWireError(.pointerOutOfRange(target: 0x3FFF), at: 12)),
      Case(
        label: "extended label type", bytes: header(qd: 1) + [0x41, 0, 0, 1, 0, 1],
        expected: DNSWireError(.unsupportedLabelType(0x40), at: 12)),
      Case(
        label: "name over 255 octets",
        bytes: header(qd: 1) + Array(repeating: label63, count: 4).flatMap { $0 } + [
          0, 0, 1, 0, 1,
        ],
        expected: DNSWireError(.nameTooLong(257), at: 12 + 192)),
      Case(
        label: "more questions than present", bytes: header(qd: 2) + question,
        expected: DNSWireError(.truncated(field: "question name", needed: 1), at: 25)),
      Case(
        label: "RDLENGTH past the end",
        bytes: header(qd: 1, an: 1) + question + answer(type: 1, rdlength: 8, [1, 2, 3, 4]),
        expected: DNSWireError(.truncated(field: "A RDATA", needed: 4), at: 37)),
      Case(
        label: "RDATA shorter than its fields",
        bytes: header(qd: 1, an: 1) + question + answer(type: 1, rdlength: 3, [1, 2, 3]),
        expected: DNSWireError(.rdataTooShort(type: .a, field: "IPv4 address"), at: 37)),
      Case(
        label: "RDATA longer than its fields",
        bytes: header(qd: 1, an: 1) + question + answer(type: 1, rdlength: 5, [1, 2, 3, 4, 5]),
        expected: DNSWireError(.rdataTooLong(type: .a, declared: 5, used: 4), at: 41)),
      Case(
        label: "MX name runs past RDLENGTH",
        bytes: header(qd: 1, an: 1) + question
          + answer(type: 15, rdlength: 4, [0, 10, 3, 109, 120, 0]) + [0, 0],
        expected: DNSWireError(.rdataTooShort(type: .mx, field: "MX exchange"), at: 39)),
      Case(
        label: "compressed RRSIG signer",
        bytes: header(qd: 1, an: 1) + question
          + answer(type: 46, rdlength: 21, rrsigFixed + [0xC0, 12, 1]),
        expected: DNSWireError(.compressionNotAllowed(field: "RRSIG signer name"), at: 55)),
      Case(
        label: "OPT in the answer section", bytes: header(an: 1) + opt,
        expected: DNSWireError(
          .invalidField(field: "OPT record", reason: "OPT record outside the additional section"),
          at: 12)),
      Case(
        label: "two OPT records", bytes: header(ar: 2) + opt + opt,
        expected: DNSWireError(
          .invalidField(field: "OPT record", reason: "more than one OPT record"), at: 23)),
      Case(
        label: "EDE without INFO-CODE",
        bytes: header(ar: 1) + Array(opt[0..<9]) + [0, 5, 0, 15, 0, 1, 6],
        expected: DNSWireError(
          .invalidField(
            field: "Extended DNS Error option", reason: "shorter than its 2-octet INFO-CODE"),
          at: 12)),
      Case(
        label: "trailing octets", bytes: header(qd: 1) + question + [0xFF, 0xFF],
        expected: DNSWireError(.trailingData(count: 2), at: 25), validPrefix: 25),
    ]
  }()

  func testEachMalformedMessageWhole() {
    for item in Self.cases {
      XCTAssertThrowsError(try DNSMessage(wire: item.bytes), item.label) { error in
        XCTAssertEqual(error as? DNSWireError, item.expected, item.label)
      }
    }
  }

  func testEachMalformedMessageDripFed() {
    for item in Self.cases {
      for length in 0..<item.bytes.count {
        let prefix = Array(item.bytes[0..<length])
        do {
          _ = try DNSMessage(wire: prefix)
          XCTAssertEqual(length, item.validPrefix, "\(item.label): prefix \(length) parsed")
        } catch {
          switch error.kind {
          case .truncated: XCTAssertLessThanOrEqual(error.offset, length, item.label)
          // Cut before its target, a backward-looking pointer aims past the end.
          case .pointerOutOfRange(let target): XCTAssertGreaterThanOrEqual(target, length)
          case .trailingData where item.validPrefix != nil: break
          default: XCTAssertEqual(error, item.expected, "\(item.label): prefix \(length)")
          }
        }
      }
    }
  }

  /// A valid message cut anywhere is "data ends", never a crash or a wrong success.
  func testValidMessageDripFed() throws {
    var message = DNSMessage.makeQuery(id: 7, name: try DNSName("www.example."), type: .mx)
      .makeResponse()
    message.answers = [
      ResourceRecord(
        name: try DNSName("www.example."), ttl: 5,
        rdata: .mx(MXData(preference: 1, exchange: try DNSName("mx.www.example."))))
    ]
    let wire = try message.wireFormat()
    XCTAssertEqual(try DNSMessage(wire: wire), message)
    for length in 0..<wire.count {
      XCTAssertThrowsError(try DNSMessage(wire: Array(wire[0..<length]))) { error in
        guard let error = error as? DNSWireError else { return XCTFail("\(error)") }
        switch error.kind {
        case .truncated, .rdataTooShort: break
        default: XCTFail("prefix \(length): \(error)")
        }
      }
    }
  }

  /// Deterministic mutations of a valid response (one to three octets changed, a fixed-seed
  /// generator): each decodes or gives a `DNSWireError`, and whatever decodes survives a
  /// write-and-read round trip unchanged.
  func testMutatedMessagesDecodeOrFailCleanly() throws {
    var message = DNSMessage.makeQuery(id: 1, name: try DNSName("example."), type: .mx)
      .makeResponse()
    message.answers = DNSFixtures.everyType.filter { $0.type != .opt }.map {
      ResourceRecord(name: try! DNSName("www.example."), ttl: 60, rdata: $0)
    }
    message.edns?.options = [ExtendedDNSError(code: .dnssecBogus, extraText: "x").option]
    let wire = try message.wireFormat()
    var state: UInt64 = 0x5DEE_CE66D
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var decoded = 0
    var refused = 0
    for _ in 0..<1000 {
      var bytes = wire
      for _ in 0...next(3) { bytes[next(bytes.count)] = UInt8(next(256)) }
      do {
        let value = try DNSMessage(wire: bytes)
        decoded += 1
        XCTAssertEqual(try DNSMessage(wire: try value.wireFormat()), value)
      } catch {
        refused += 1
        XCTAssertLessThanOrEqual(error.offset, bytes.count)
      }
    }
    // Both outcomes occur, so the loop exercised the reader's error paths and its success path.
    XCTAssertGreaterThan(decoded, 0)
    XCTAssertGreaterThan(refused, 0)
  }
}
