import Foundation
import XCTest

@testable import ValidationCore

/// DANE-TA(2) name checks take a `*` only as a whole leftmost label (RFC 7672 §3.2.3 through
/// RFC 6125 §6.4.3; Postfix, the reference DANE SMTP client, disables partial wildcards). A leaf
/// named `m*.mx.example` or `*l.mx.example` under a CA that a `2 0 1` record matches does not
/// stand for `mail.mx.example`; `*.mx.example` does. Certificates are made by openssl; the same
/// cases against posttls-finger are scenarios of the check world (CheckVerdictTests).
final class ProbePartialWildcardTests: XCTestCase {
  private func probe(leafName: String) async throws -> (ProbeResult, TLSAData) {
    let folder = try TemporaryDirectory("danescope-wildcard")
    let chain = try TestCertificates.rootAndLeaf(.ec, names: [leafName], in: folder)
    let record = tlsaRecord(2, 0, 1, hex: try chain.rootSHA256())
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }
    let mx = try DNSName("mail.mx.example.")
    let result = await SMTPProbe.run(
      ProbeRequest(
        host: mx, address: "127.0.0.1", port: peer.port, tlsaBaseDomain: mx,
        usableRecords: [record], timeouts: .uniform(5)))
    XCTAssertTrue(result.startTLS.isEstablished, "\(leafName): \(result.startTLS)")
    return (result, record)
  }

  func testPartialLabelWildcardsDoNotNameTheHost() async throws {
    for leafName in ["m*.mx.example", "*l.mx.example", "ma*l.mx.example"] {
      let (result, record) = try await probe(leafName: leafName)
      XCTAssertFalse(result.dane.isVerified, "\(leafName): \(result.dane)")
      // The trust anchor itself matched (danescope's matcher); only the name is wrong, and
      // both sides say so: no disagreement, and the verdict names the mismatch.
      XCTAssertEqual(result.tlsaMatches, [TLSAMatcher.Match(record: record, depth: 1)])
      XCTAssertNil(result.matcherDisagreement, leafName)
      let observation = ProbeObservation(result: result, events: [])
      XCTAssertEqual(observation.matcherAgreesWithOpenSSL, true, leafName)
      let verdict = DANEVerdict.decide(
        policy: .daneAuthenticated, deferredReason: "", probe: observation)
      XCTAssertEqual(verdict.word, "failed", leafName)
      let finding = verdict.finding(
        host: "mail.mx.example.", address: "127.0.0.1", policy: .daneAuthenticated,
        observation: observation)
      XCTAssertEqual(finding?.code.rawValue, "DANE_TA_NAME_MISMATCH", leafName)
    }
  }

  func testAWholeLabelWildcardStillNamesTheHost() async throws {
    let (result, record) = try await probe(leafName: "*.mx.example")
    XCTAssertEqual(result.dane, .verified(record: record, depth: 1))
    XCTAssertEqual(result.findings, [], "\(result.findings.map(\.summary))")
    XCTAssertTrue(LeafNameMismatch.matches("*.mx.example", anyOf: [try DNSName("mail.mx.example.")]))
  }

  /// danescope's own name rule, the one its name-mismatch finding uses, against the same names.
  func testTheMatcherNameRuleRefusesPartialWildcards() throws {
    let references = [try DNSName("mail.mx.example.")]
    let refused: [CertificateName] = [
      "m*.mx.example", "*l.mx.example", "ma*l.mx.example", "*.example", "*.*.example",
    ]
    for name in refused {
      XCTAssertFalse(LeafNameMismatch.matches(name, anyOf: references), "\(name)")
    }
    let accepted: [CertificateName] = ["*.mx.example", "MAIL.mx.example.", "*.MX.example"]
    for name in accepted {
      XCTAssertTrue(LeafNameMismatch.matches(name, anyOf: references), "\(name)")
    }
  }
}
