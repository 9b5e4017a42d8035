import Foundation
import XCTest

@testable import ValidationCore

/// Every step a session can fail at, with every kind of failure, worded as what the server did:
/// a server that began a reply and was too slow is never said to be silent or unreachable, and
/// each reason reads as one sentence with one colon. Built from the probe's own outcome types,
/// so a new step or failure kind is a compile error here until it is worded.
final class SessionFailureWordingTests: XCTestCase {
  private let host = "mx.example."
  private let address = "192.0.2.1"
  private let record = DANETestAnswers.tlsa(3, 1, 1, length: 32)

  /// One failure of each kind; `kind` below checks the list covers them all.
  private let failures: [ProbeFailure] = [
    .timedOut(seconds: 2),
    .replyIncomplete(seconds: 3, octets: 12, start: SanitizedText("220 sl")),
    .closedByPeer,
    .badReply(.lineTooLong(limit: 2048)),
    .badReply(.replyTooLarge(limit: 65_536, received: 66_000)),
    .badReply(.tooManyLines(limit: 256, received: 1799)),
    .badReply(.malformedLine(SanitizedText("HTTP/1.1 400 Bad Request"))),
    .badReply(.inconsistentCode(expected: 250, found: 251)),
    .system(call: "recv", message: "Connection reset by peer"),
    .cancelled,
  ]

  /// The words that say what the server did for each kind, and those that must not be there;
  /// nil for a kind that reaches no finding (a cancelled probe says nothing about the server).
  private func kind(_ failure: ProbeFailure) -> (says: String, never: [String])? {
    let silence = ["no answer", "sent nothing", "could not be reached", "no SMTP answer"]
    switch failure {
    case .timedOut: return ("sent nothing within 2 s", ["began", "could not be reached"])
    case .replyIncomplete: return ("began a reply but was too slow to finish it", silence)
    case .closedByPeer: return ("the server closed the connection", silence)
    case .badReply: return ("the server sent a", silence)
    case .system: return ("recv failed on danescope's side", ["could not be reached"])
    case .cancelled: return nil
    }
  }

  /// `text` without its quoted parts (the server's own words), where colons do not count.
  private func colons(_ text: String) -> Int {
    let unquoted = text.replacingOccurrences(
      of: "\"[^\"]*\"", with: "\"\"", options: .regularExpression)
    return unquoted.filter { $0 == ":" }.count
  }

  func testEveryStepAndFailureKindIsWordedAsTheServerDid() throws {
    var checked = 0
    for step in ProbeStep.allCases {
      for failure in failures {
        guard let words = kind(failure) else { continue }
        switch step {
        case .greeting, .ehlo, .startTLS:
          try checkBeforeSTARTTLS(step, failure, words)
          checked += 1
        case .secureEHLO:
          try checkSecureEHLO(.failed(failure))
          checked += 1
        case .connect, .handshake, .quit:
          // No dialogue failure at these steps: a connection failure, a failed handshake
          // (their own outcomes) and QUIT (never judged) are worded elsewhere.
          continue
        }
      }
    }
    XCTAssertEqual(checked, 4 * (failures.count - 1))
    try checkSecureEHLO(.refused(code: 554))
  }

  private func checkBeforeSTARTTLS(
    _ step: ProbeStep, _ failure: ProbeFailure, _ words: (says: String, never: [String])
  ) throws {
    let label = "\(step.rawValue) × \(failure)"
    let stage = ProbeObservation.stage(.dialogueFailed(step: step, failure))
    let observation = ProbeObservation(address: address, port: 25, stage: stage)
    for policy in [TLSPolicy.daneAuthenticated, .mandatoryUnauthenticated, .opportunistic] {
      let verdict = DANEVerdict.decide(policy: policy, deferredReason: "", probe: observation)
      XCTAssertEqual(verdict.word, "unreachable", label)
      let reason = verdict.reason
      XCTAssertTrue(
        reason.hasPrefix("SMTP session failed before STARTTLS, at \(step.description): "),
        "\(label): \(reason)")
      XCTAssertEqual(colons(reason), 1, "\(label): \(reason)")
      let finding = try XCTUnwrap(
        verdict.finding(host: host, address: address, policy: policy, observation: observation),
        label)
      XCTAssertEqual(finding.code.rawValue, "MX_UNREACHABLE", label)
      for text in [reason, finding.summary] {
        XCTAssertTrue(text.contains(words.says), "\(label): \(text)")
        for never in words.never {
          XCTAssertFalse(text.contains(never), "\(label): \(text)")
        }
      }
    }
  }

  /// TLS came up, then EHLO over TLS failed: the outcome says exactly one thing the server did.
  private func checkSecureEHLO(_ failure: SecureEHLOFailure) throws {
    let markers = [
      "refused EHLO", "gave no answer", "began answering", "closed the connection instead",
      "no valid SMTP reply", "danescope could not finish",
    ]
    let observation = ProbeObservation(
      address: address, port: 25, stage: .tlsEstablished, tlsSummary: "TLSv1.3",
      daneDecision: .matched(record, depth: 0), secureEHLOFailure: failure)
    for policy in [TLSPolicy.daneAuthenticated, .mandatoryUnauthenticated] {
      let verdict = DANEVerdict.decide(policy: policy, deferredReason: "", probe: observation)
      let finding = try XCTUnwrap(
        verdict.finding(host: host, address: address, policy: policy, observation: observation),
        "\(failure)")
      XCTAssertEqual(finding.code.rawValue, "TLS_REQUIRED_SESSION_FAILED")
      let summary = finding.summary
      XCTAssertEqual(markers.filter { summary.contains($0) }.count, 1, summary)
      if case .failed(.replyIncomplete) = failure {
        XCTAssertTrue(summary.contains("began answering EHLO over TLS but did not finish"), summary)
        XCTAssertTrue(summary.contains("(12 octets arrived, starting \"220 sl\")"), summary)
      }
      for silence in ["no SMTP answer", "could not be reached"] {
        XCTAssertFalse(summary.contains(silence), summary)
      }
    }
  }
}
