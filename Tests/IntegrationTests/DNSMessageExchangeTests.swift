import Foundation
import XCTest

@testable import ValidationCore

/// danescope's queries, sent to a real NSD serving an ldns-signed zone, are answered; the
/// answers (compressed by NSD) decode to exactly the records of the zone file, and their
/// RRSIGs verify over the canonical signing input.
final class DNSMessageExchangeTests: XCTestCase {
  func testNSDAnswersDecodeToTheZoneRecords() throws {
    let folder = try TemporaryDirectory("dns-exchange")
    let signer = try LDNSSigner(origin: "example.", algorithm: .ed25519, in: folder.url)
    let signedFile = try signer.sign(DNSSignedZoneTests.unsignedZone)
    let zone = try ZoneFile.parse(
      text: try String(contentsOf: signedFile, encoding: .utf8), fileName: "example.signed")
    let server = try NSDServer(zones: [NSDServer.Zone("example.", file: signedFile)])
    defer { server.stop() }

    let questions: [(String, RRType)] = [
      ("example.", .mx), ("example.", .dnskey), ("_25._tcp.mail.example.", .tlsa),
      ("mail.example.", .aaaa), ("example.", .soa),
    ]
    for (index, (text, type)) in questions.enumerated() {
      let name = try DNSName(text)
      let query = DNSMessage.makeQuery(
        id: UInt16(100 + index), name: name, type: type, recursionDesired: false)
      let response = try DNSMessage(
        wire: try UDPExchange.send(try query.wireFormat(), port: server.port))
      XCTAssertEqual(response.id, query.id)
      XCTAssertTrue(response.isResponse)
      XCTAssertTrue(response.isAuthoritative)
      XCTAssertEqual(response.rcode, .noError)
      XCTAssertEqual(response.edns?.isDNSSECOK, true)
      XCTAssertEqual(response.questions, query.questions)

      let expected = zone.filter { $0.name == name && $0.type == type }
      let answered = response.answers.filter { $0.type == type }
      XCTAssertEqual(Set(answered), Set(expected), "\(text) \(type)")
      XCTAssertFalse(answered.isEmpty)
      let keys = zone.compactMap { record -> DNSKEYData? in
        if case .dnskey(let key) = record.rdata { return key }
        return nil
      }
      let signatures = response.answers.compactMap { record -> RRSIGData? in
        if case .rrsig(let sig) = record.rdata, sig.typeCovered == type { return sig }
        return nil
      }
      XCTAssertFalse(signatures.isEmpty, "\(text) \(type) unsigned")
      for sig in signatures {
        let key = try XCTUnwrap(keys.first { $0.keyTag == sig.keyTag })
        let input = SignatureInput.make(rrsig: sig, owner: name, records: answered)
        XCTAssertEqual(
          SignatureVerifier.verify(signature: sig.signature, over: input, with: key), .valid)
      }
    }

    // A name that does not exist: NXDOMAIN with the SOA and NSEC proofs in the authority section.
    let query = DNSMessage.makeQuery(
      id: 9, name: try DNSName("nope.example."), type: .a, recursionDesired: false)
    let response = try DNSMessage(
      wire: try UDPExchange.send(try query.wireFormat(), port: server.port))
    XCTAssertEqual(response.rcode, .nameError)
    XCTAssertTrue(response.authority.contains { $0.type == .soa })
    XCTAssertTrue(response.authority.contains { $0.type == .nsec })
    // Every record NSD put in the authority section is one of the zone's (the SOA's TTL is
    // lowered to its minimum field for negative caching, RFC 2308 §3, so TTLs are not compared).
    for record in response.authority {
      XCTAssertTrue(
        zone.contains { $0.name == record.name && $0.rdata == record.rdata }, "\(record)")
    }
  }
}
