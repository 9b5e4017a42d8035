import Foundation
import ValidationCore
import XCTest

/// The verdict for one MX host and address (RFC 7672 §2.2, §3): from the host's TLS policy and
/// what the probe saw.
final class DANEVerdictTests: XCTestCase {
  typealias T = DANETestAnswers
  let record = T.tlsa(3, 1, 1, length: 32)

  func observation(_ stage: ProbeObservation.Stage, decision: ProbeObservation.DANEDecision? = nil)
    -> ProbeObservation
  {
    ProbeObservation(
      address: "192.0.2.1", port: 25, stage: stage, tlsSummary: "TLSv1.3 TLS_AES_128_GCM_SHA256",
      daneDecision: decision)
  }

  func testUsableRecordsAndAMatchAreVerifiedWithRecordAndDepth() {
    let verdict = DANEVerdict.decide(
      policy: .daneAuthenticated, deferredReason: "",
      probe: observation(.tlsEstablished, decision: .matched(record, depth: 0)))
    XCTAssertEqual(verdict, .verified(record: record, depth: 0))
    XCTAssertEqual(verdict.word, "verified")
  }

  func testUsableRecordsWithoutAMatchFail() {
    let verdict = DANEVerdict.decide(
      policy: .daneAuthenticated, deferredReason: "",
      probe: observation(.tlsEstablished, decision: .noMatch("no matching DANE TLSA records")))
    XCTAssertEqual(verdict.word, "failed")
    // OpenSSL's "no matching DANE TLSA records" says the same again: it is not appended.
    XCTAssertEqual(
      verdict.reason, "no usable TLSA record matched the server's certificate chain")
    let other = DANEVerdict.decide(
      policy: .daneAuthenticated, deferredReason: "",
      probe: observation(.tlsEstablished, decision: .noMatch("certificate has expired")))
    XCTAssertEqual(
      other.reason,
      "no usable TLSA record matched the server's certificate chain: certificate has expired")
  }

  /// RFC 7672 §3.2: a DANE-TA record that matched its certificate authenticates nothing when
  /// OpenSSL then refuses the chain (an expired leaf): the reason says the record matched and
  /// the chain failed after, as the report's TLSA section does, not that nothing matched.
  func testAMatchedRecordWhoseChainFailedSaysItMatched() {
    let anchor = T.tlsa(2, 0, 1, length: 32)
    var probe = observation(.tlsEstablished, decision: .noMatch("certificate has expired"))
    probe.matcherMatches = [.init(record: anchor, depth: 1)]
    let verdict = DANEVerdict.decide(policy: .daneAuthenticated, deferredReason: "", probe: probe)
    XCTAssertEqual(verdict.word, "failed")
    XCTAssertEqual(
      verdict.reason,
      "TLSA \(anchor.zoneText) matched the trust anchor at depth 1, but OpenSSL refused the"
        + " chain: certificate has expired")
    XCTAssertFalse(verdict.reason.contains("no usable TLSA record matched"), verdict.reason)
  }

  func testUsableRecordsMakeSTARTTLSMandatory() {
    for stage in [
      ProbeObservation.Stage.startTLSNotOffered, .startTLSRefused("454"),
      .handshakeFailed("alert 40"),
    ] {
      let verdict = DANEVerdict.decide(
        policy: .daneAuthenticated, deferredReason: "", probe: observation(stage))
      XCTAssertEqual(verdict.word, "failed", "\(stage)")
    }
  }

  func testNothingUsableMeansTLSRequiredButUnauthenticated() {
    XCTAssertEqual(
      DANEVerdict.decide(
        policy: .mandatoryUnauthenticated, deferredReason: "", probe: observation(.tlsEstablished)),
      .tlsUnauthenticated(tls: "TLSv1.3 TLS_AES_128_GCM_SHA256"))
    XCTAssertEqual(
      DANEVerdict.decide(
        policy: .mandatoryUnauthenticated, deferredReason: "",
        probe: observation(.startTLSNotOffered)
      ).word, "failed")
  }

  func testNoDANEIsOpportunisticAndSaysWhatTLSWasSeen() {
    let withTLS = DANEVerdict.decide(
      policy: .opportunistic, deferredReason: "", probe: observation(.tlsEstablished))
    XCTAssertEqual(withTLS, .noDANE(tls: "TLSv1.3 TLS_AES_128_GCM_SHA256"))
    let plaintext = DANEVerdict.decide(
      policy: .opportunistic, deferredReason: "", probe: observation(.startTLSNotOffered))
    XCTAssertEqual(plaintext.word, "no-dane")
    XCTAssertTrue(plaintext.reason.contains("plaintext"), plaintext.reason)
  }

  func testDeferredWhateverTheProbeSaw() {
    let verdict = DANEVerdict.decide(
      policy: .deferred, deferredReason: "TLSA bogus",
      probe: observation(.tlsEstablished, decision: .matched(record, depth: 0)))
    XCTAssertEqual(verdict, .deferred(reason: "TLSA bogus"))
  }

  func testUnreachableBeforeSTARTTLSWhateverThePolicy() {
    for policy in [TLSPolicy.daneAuthenticated, .mandatoryUnauthenticated, .opportunistic] {
      XCTAssertEqual(
        DANEVerdict.decide(
          policy: policy, deferredReason: "", probe: observation(.connectFailed("refused"))
        ).word, "unreachable")
      XCTAssertEqual(
        DANEVerdict.decide(
          policy: policy, deferredReason: "", probe: observation(.sessionFailed("554 greeting"))
        ).word, "unreachable")
    }
  }

  /// A probe stopped by the check's time limit has the verdict word `incomplete`; its reason,
  /// printed beside that word by `check` and given beside it by `--json` (Docs/JSON.md), says
  /// what happened without repeating the word.
  func testAStoppedProbeIsIncompleteAndItsReasonSaysWhy() {
    var stopped = observation(.tlsEstablished, decision: .matched(record, depth: 0))
    stopped.wasCancelled = true
    let verdict = DANEVerdict.decide(policy: .daneAuthenticated, deferredReason: "", probe: stopped)
    XCTAssertEqual(verdict.word, "incomplete")
    XCTAssertEqual(verdict.reason, "the probe was stopped before its dialogue ended")
  }
}
