import XCTest

@testable import ValidationCore

/// A DNSAnswer offers data only when it is secure or insecure; the records stay as evidence.
final class ResolverAnswerTests: XCTestCase {
  let owner = try! DNSName("www.example.")

  func message(rcode: DNSRcode, answers: [ResourceRecord], authority: [ResourceRecord] = [])
    -> DNSMessage
  {
    DNSMessage(
      id: 1, isResponse: true, rcode: rcode, questions: [DNSQuestion(name: owner, type: .a)],
      answers: answers, authority: authority)
  }

  var addressRecord: ResourceRecord {
    ResourceRecord(name: owner, ttl: 300, rdata: .a(IPv4Address(octets: [192, 0, 2, 1])!))
  }

  var signature: ResourceRecord {
    ResourceRecord(
      name: owner, ttl: 300,
      rdata: .rrsig(
        RRSIGData(
          typeCovered: .a, algorithm: .ecdsaP256SHA256, labels: 2, originalTTL: 300,
          expiration: 2, inception: 1, keyTag: 7, signerName: try! DNSName("example."),
          signature: [1, 2, 3])))
  }

  func answer(_ status: SecurityStatus, _ rcode: DNSRcode, _ message: DNSMessage?) -> DNSAnswer
  {
    DNSAnswer(
      name: owner, type: .a, rcode: rcode, status: status, message: message, elapsed: .zero)
  }

  func testSecureAnswerOffersRecordsAndSignatures() {
    let secure = answer(
      .secure, .noError, message(rcode: .noError, answers: [addressRecord, signature]))
    XCTAssertEqual(secure.records(ofType: .a), [addressRecord])
    XCTAssertEqual(secure.rrsigs(covering: .a), [signature])
    XCTAssertEqual(secure.rrsigs(covering: .aaaa), [])
    XCTAssertFalse(secure.isNODATA)
    XCTAssertFalse(secure.isNXDOMAIN)
  }

  func testBogusAnswerOffersNothingButKeepsEvidence() {
    let bogus = answer(
      .bogus(reason: "signature expired"), .noError,
      message(rcode: .noError, answers: [addressRecord, signature]))
    XCTAssertEqual(bogus.records(ofType: .a), [])
    XCTAssertEqual(bogus.rrsigs(covering: .a), [])
    XCTAssertFalse(bogus.isNODATA)
    XCTAssertEqual(bogus.evidenceRecords, [addressRecord, signature])
    XCTAssertEqual(bogus.evidenceRRSIGs(covering: .a), [signature])
  }

  /// The report's `answer` for a failed lookup: what came back, marked as not used; "no answer"
  /// only when nothing did (no packet, or SERVFAIL). The policy still gets no records.
  func testAFailedAnswerThatCameBackSaysWhatItHeld() {
    func link(_ answer: DNSAnswer) -> String { ChainLink(RRsetLookup(answer)).answer }
    let bogus = RRsetLookup(
      answer(
        .bogus(reason: "signature expired"), .noError,
        message(rcode: .noError, answers: [addressRecord, addressRecord, signature])))
    XCTAssertEqual(bogus.records, [])
    XCTAssertEqual(ChainLink(bogus).answer, "2 records, bogus: not used")
    XCTAssertEqual(
      link(answer(.bogus(reason: "x"), .noError, message(rcode: .noError, answers: [signature]))),
      "NODATA, bogus: not used")
    XCTAssertEqual(
      link(answer(.bogus(reason: "x"), .nameError, message(rcode: .nameError, answers: []))),
      "NXDOMAIN, bogus: not used")
    XCTAssertEqual(
      link(
        answer(
          .indeterminate(reason: "x"), .noError,
          message(rcode: .noError, answers: [addressRecord]))),
      "1 record, indeterminate: not used")
    XCTAssertEqual(
      link(
        answer(
          .indeterminate(reason: "SERVFAIL"), .serverFailure,
          message(rcode: .serverFailure, answers: []))), "no answer")
    XCTAssertEqual(
      link(.indeterminate(owner, .a, reason: "no answer within 2 s", elapsed: .seconds(2))),
      "no answer")
    XCTAssertEqual(
      link(answer(.secure, .noError, message(rcode: .noError, answers: [addressRecord]))),
      "1 record")
  }

  func testNODATAAndNXDOMAIN() {
    let soa = ResourceRecord(
      name: try! DNSName("example."), ttl: 300,
      rdata: .soa(
        SOAData(
          mname: try! DNSName("ns.example."), rname: try! DNSName("h.example."), serial: 1,
          refresh: 2, retry: 3, expire: 4, minimum: 5)))
    let nodata = answer(
      .insecure, .noError, message(rcode: .noError, answers: [], authority: [soa]))
    XCTAssertTrue(nodata.isNODATA)
    XCTAssertFalse(nodata.isNXDOMAIN)
    XCTAssertEqual(nodata.evidenceAuthority, [soa])

    let nxdomain = answer(
      .secure, .nameError, message(rcode: .nameError, answers: [], authority: [soa]))
    XCTAssertTrue(nxdomain.isNXDOMAIN)
    XCTAssertFalse(nxdomain.isNODATA)

    let cname = ResourceRecord(
      name: owner, ttl: 300, rdata: .cname(try! DNSName("elsewhere.example.")))
    let chased = answer(.secure, .noError, message(rcode: .noError, answers: [cname]))
    XCTAssertFalse(chased.isNODATA, "a CNAME answer is not NODATA")
  }

  func testFailuresAreNeitherNODATANorNXDOMAIN() {
    let servfail = answer(
      .indeterminate(reason: "the server failed (SERVFAIL)"), .serverFailure,
      message(rcode: .serverFailure, answers: []))
    XCTAssertFalse(servfail.isNODATA)
    XCTAssertFalse(servfail.isNXDOMAIN)
    XCTAssertEqual(servfail.records(ofType: .a), [])

    let bogusDenial = answer(
      .bogus(reason: "nsec proof failed"), .nameError, message(rcode: .nameError, answers: []))
    XCTAssertFalse(bogusDenial.isNXDOMAIN, "a bogus denial is not a proven NXDOMAIN")

    let timedOut = DNSAnswer.indeterminate(
      owner, .a, reason: "no answer within 2 s", elapsed: .seconds(2))
    XCTAssertNil(timedOut.rcode)
    XCTAssertNil(timedOut.message)
    XCTAssertFalse(timedOut.isNODATA)
  }
}
