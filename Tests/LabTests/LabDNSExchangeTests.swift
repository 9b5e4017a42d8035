import ValidationCore
import XCTest

@testable import Lab

/// `lab serve`'s answers, without sockets: queries built with ValidationCore's DNSMessage, the
/// responses read back with it; malformed input gives an error response or silence, never a
/// crash.
final class LabDNSExchangeTests: XCTestCase {
  private static let build: LabBuild? = try? Lab.build(clock: SystemClock())

  private func authority() throws -> LabAuthority {
    LabAuthority(zones: try XCTUnwrap(Self.build, "the lab did not build").zones)
  }

  private func ask(_ name: String, _ type: RRType, dnssec: Bool = true) throws -> DNSMessage {
    let query = DNSMessage.makeQuery(id: 4711, name: try DNSName(name), type: type, dnssecOK: dnssec)
    let bytes = try XCTUnwrap(
      LabDNSExchange.respond(to: try query.wireFormat(), authority: try authority(), overUDP: false))
    return try DNSMessage(wire: bytes)
  }

  func testAnswerCarriesItsSignaturesOnlyWithDO() throws {
    let signed = try ask("ee-valid.example.", .mx)
    XCTAssertEqual(signed.id, 4711)
    XCTAssertTrue(signed.isAuthoritative)
    XCTAssertEqual(signed.answers.map(\.type), [.mx, .rrsig])
    let plain = try ask("ee-valid.example.", .mx, dnssec: false)
    XCTAssertEqual(plain.answers.map(\.type), [.mx])
  }

  func testNXDOMAINAndNODATAComeWithTheirProofs() throws {
    let missing = try ask("absent.ee-valid.example.", .a)
    XCTAssertEqual(missing.rcode, .nameError)
    XCTAssertEqual(Set(missing.authority.map(\.type)), [.soa, .rrsig, .nsec])
    let nodata = try ask("ee-valid.example.", .txt)
    XCTAssertEqual(nodata.rcode, .noError)
    XCTAssertTrue(nodata.answers.isEmpty)
    XCTAssertTrue(nodata.authority.contains { $0.type == .nsec && $0.name == nodata.questions[0].name })
    let hashed = try ask("absent.example.", .a)
    XCTAssertEqual(hashed.rcode, .nameError)
    XCTAssertTrue(hashed.authority.contains { $0.type == .nsec3 })
  }

  func testDSIsAnsweredFromTheParentSide() throws {
    let ds = try ask("ee-valid.example.", .ds)
    XCTAssertEqual(ds.answers.map(\.type), [.ds, .rrsig])
    guard case .rrsig(let rrsig) = ds.answers[1].rdata else { return XCTFail("no RRSIG") }
    XCTAssertEqual(rrsig.signerName, Lab.tld)
  }

  func testMalformedQueriesNeverCrash() throws {
    let authority = try authority()
    XCTAssertNil(LabDNSExchange.respond(to: [], authority: authority, overUDP: true))
    XCTAssertNil(LabDNSExchange.respond(to: [0x12], authority: authority, overUDP: true))
    let garbage: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C]
    let reply = try XCTUnwrap(LabDNSExchange.respond(to: garbage, authority: authority, overUDP: true))
    XCTAssertEqual(Array(reply.prefix(2)), [0x12, 0x34])
    XCTAssertEqual(reply[3] & 0x0F, 1, "FORMERR for a compression loop in the question")
    // Every prefix of a real query, byte by byte: an answer or nothing, never a trap.
    let query = try DNSMessage.makeQuery(id: 7, name: try DNSName("ee-valid.example."), type: .mx)
      .wireFormat()
    for length in 0..<query.count {
      _ = LabDNSExchange.respond(to: Array(query.prefix(length)), authority: authority, overUDP: true)
    }
  }

  func testLargeUDPAnswersAreTruncated() throws {
    let query = DNSMessage.makeQuery(id: 9, name: .root, type: .dnskey, dnssecOK: true)
    var small = query
    small.edns = nil  // 512 octets without EDNS: the root's RSA keys and signature do not fit
    let bytes = try XCTUnwrap(
      LabDNSExchange.respond(to: try small.wireFormat(), authority: try authority(), overUDP: true))
    let reply = try DNSMessage(wire: bytes)
    XCTAssertTrue(reply.isTruncated)
    XCTAssertTrue(reply.answers.isEmpty)
  }
}

/// Messages a hostile or confused peer sends to `lab serve`.
final class LabDNSExchangeAttackTests: XCTestCase {
  private static let build: LabBuild? = try? Lab.build(clock: SystemClock())

  private func authority() throws -> LabAuthority {
    LabAuthority(zones: try XCTUnwrap(Self.build, "the lab did not build").zones)
  }

  func testResponsesAreNeverAnswered() throws {
    var response = DNSMessage.makeQuery(
      id: 77, name: try DNSName("ee-valid.example."), type: .mx, dnssecOK: true
    ).makeResponse(rcode: .noError)
    XCTAssertNil(
      LabDNSExchange.respond(
        to: try response.wireFormat(), authority: try authority(), overUDP: true))
    // Nor a malformed message with QR set, which would otherwise get a FORMERR back.
    response.questions = []
    var bytes = try response.wireFormat()
    bytes += [0xC0, 0x0C]
    XCTAssertNil(LabDNSExchange.respond(to: bytes, authority: try authority(), overUDP: true))
  }

  func testUnknownEDNSVersionGetsBADVERS() throws {
    var query = DNSMessage.makeQuery(
      id: 78, name: try DNSName("ee-valid.example."), type: .mx, dnssecOK: true)
    query.edns?.version = 1
    let bytes = try XCTUnwrap(
      LabDNSExchange.respond(to: try query.wireFormat(), authority: try authority(), overUDP: true))
    let answer = try DNSMessage(wire: bytes)
    XCTAssertEqual(answer.id, 78)
    XCTAssertEqual(answer.rcode, .badVersion)
    XCTAssertTrue(answer.answers.isEmpty)
  }
}
