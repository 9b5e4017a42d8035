import Foundation
import XCTest

@testable import ValidationCore

/// The probe against misbehaving servers: each misbehaviour gives its finding within its step's
/// timeout, the probe ends, and nothing the server sent reaches the trace unsanitised.
final class ProbeHostilePeerTests: XCTestCase {
  private func probe(_ behaviour: HostilePeer.Behaviour, timeout: Double = 5) async throws -> (
    ProbeResult, ProbeEvents, [String]
  ) {
    let folder = try TemporaryDirectory("danescope-hostile")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(behaviour, certificate: certificate)
    defer { peer.stop() }
    let events = ProbeEvents()
    let mx = try DNSName("mx.test.")
    let request = ProbeRequest(
      host: mx, address: "127.0.0.1", port: peer.port, tlsaBaseDomain: mx, usableRecords: [],
      timeouts: .uniform(timeout), limits: SMTPReplyParser.Limits())
    let result = await SMTPProbe.run(request, events: events.sink)
    XCTAssertEqual(events.kinds.last, .closed, "the probe did not close")
    assertPrintable(events.events.flatMap(TraceEventText.format))
    return (result, events, peer.receivedCommands)
  }

  private func assertPrintable(
    _ lines: [String], file: StaticString = #filePath, line: UInt = #line
  ) {
    for text in lines {
      let bad = text.unicodeScalars.filter {
        $0.value < 0x20 || $0.value == 0x7F || $0.value > 0x7E
      }
      XCTAssertTrue(
        bad.isEmpty, "raw octets reached the trace: \(text.debugDescription)", file: file,
        line: line)
    }
  }

  private func codes(_ result: ProbeResult) -> [String] { result.findings.map(\.code.rawValue) }

  func testPlaintextAfterThe220IsDiscardedAndReported() async throws {
    let (result, events, _) = try await probe(.plaintextAfterSTARTTLS("250 injected\r\n"))
    XCTAssertEqual(codes(result), ["SMTP_PLAINTEXT_AFTER_STARTTLS"])
    XCTAssertEqual(result.findings.first?.evidence.first?.value, "14")
    XCTAssertTrue(
      events.kinds.contains(
        .plaintextDiscarded(byteCount: 14, preview: SanitizedText("250 injected\r\n"))))
    // The injected reply was not taken as the answer to EHLO over TLS.
    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    XCTAssertEqual(result.secureEHLO?.lines.first, Array("mx.test".utf8))
  }

  func testEndlessLineStopsAtTheLineLimit() async throws {
    let (result, _, _) = try await probe(.endlessLine)
    XCTAssertEqual(codes(result), ["SMTP_LINE_TOO_LONG"])
    XCTAssertEqual(
      result.startTLS, .dialogueFailed(step: .greeting, .badReply(.lineTooLong(limit: 2048))))
  }

  func testTenMegabyteReplyStopsAtTheSizeLimit() async throws {
    let (result, _, _) = try await probe(.hugeReply(octets: 10_000_000))
    XCTAssertEqual(codes(result), ["SMTP_REPLY_TOO_LARGE"])
    // Lines of 2000 octets: the 33rd takes the reply past 65,536 octets.
    XCTAssertEqual(
      result.startTLS,
      .dialogueFailed(step: .ehlo, .badReply(.replyTooLarge(limit: 65_536, received: 66_000))))
    XCTAssertEqual(
      result.findings.first?.summary,
      "mx.test[127.0.0.1]:\(result.request.port) sent a reply larger than 65536 octets during"
        + " the EHLO reply (66000 octets of it arrived before danescope stopped reading).")
  }

  /// 300 short lines: the limit on lines is hit with 257 lines of 7 octets come, and the
  /// finding says lines, not octets.
  func testManyShortLinesStopAtTheLineCountLimit() async throws {
    let (result, _, _) = try await probe(.manyLineGreeting(lines: 300))
    XCTAssertEqual(codes(result), ["SMTP_REPLY_TOO_MANY_LINES"])
    XCTAssertEqual(
      result.startTLS,
      .dialogueFailed(step: .greeting, .badReply(.tooManyLines(limit: 256, received: 1799))))
    XCTAssertEqual(
      result.findings.first?.summary,
      "mx.test[127.0.0.1]:\(result.request.port) sent a reply of more than 256 lines during"
        + " the greeting (1799 octets of it arrived before danescope stopped reading).")
  }

  /// A greeting line of exactly the limit (2048 octets before CR LF) whose LF comes a second
  /// after its CR is accepted, as it is when CR LF come together.
  func testLineOfTheLimitWithItsLFLateIsAccepted() async throws {
    let (result, _, _) = try await probe(.greetingWithPausedLineEnd(octets: 2048, pause: 1))
    XCTAssertEqual(codes(result), [])
    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    let (long, _, _) = try await probe(.greetingWithPausedLineEnd(octets: 2049, pause: 1))
    XCTAssertEqual(codes(long), ["SMTP_LINE_TOO_LONG"])
  }

  func testEscapeSequencesInTheBannerAreShownEscaped() async throws {
    let (result, events, _) = try await probe(.escapesInBanner)
    XCTAssertEqual(codes(result), ["SMTP_CONTROL_CHARACTERS"])
    XCTAssertEqual(result.findings.first?.evidence.first?.value, "the greeting")
    XCTAssertTrue(result.startTLS.isEstablished)
    XCTAssertTrue(
      events.kinds.contains(
        .smtpReceived(
          SanitizedText("220 mx.test \u{1B}[2J\u{1B}]0;owned\u{07} ESMTP\u{1B}[31m red"))))
    let lines = events.events.flatMap(TraceEventText.format)
    XCTAssertTrue(
      lines.contains {
        $0.hasSuffix("< 220 mx.test \\027[2J\\027]0;owned\\007 ESMTP\\027[31m red")
      }, "\(lines)")
  }

  func testSilenceEndsAtTheReplyTimeout() async throws {
    let (result, _, _) = try await probe(.silence, timeout: 1)
    XCTAssertEqual(codes(result), ["SMTP_STEP_TIMED_OUT"])
    XCTAssertEqual(
      result.findings.first?.summary,
      "mx.test[127.0.0.1]:\(result.request.port) did not answer in time during the greeting"
        + " (limit 1 s)."
    )
    XCTAssertEqual(result.startTLS, .dialogueFailed(step: .greeting, .timedOut(seconds: 1)))
  }

  func testSTARTTLSRefusedWith454() async throws {
    let (result, _, commands) = try await probe(.refuseSTARTTLS(code: 454))
    XCTAssertEqual(codes(result), ["SMTP_STARTTLS_REFUSED"])
    XCTAssertEqual(result.startTLS, .refused(code: 454))
    XCTAssertEqual(commands, ["EHLO danescope.invalid", "STARTTLS", "QUIT"])
  }

  func testAlertMidHandshake() async throws {
    let (result, events, _) = try await probe(.alertMidHandshake)
    XCTAssertEqual(codes(result), ["TLS_HANDSHAKE_FAILED"])
    guard case .handshakeFailed(let reason) = result.startTLS else {
      return XCTFail("\(result.startTLS)")
    }
    XCTAssertTrue(reason.contains("the server sent alert fatal handshake_failure(40)"), reason)
    XCTAssertTrue(
      events.kinds.contains(
        .tlsMessage(
          TLSMessage(direction: .received, content: .alert(level: 2, description: 40), length: 2))))
    XCTAssertEqual(result.peerChain, [])
    XCTAssertEqual(result.dane, .notAttempted(.noTLSSession))
  }

  func testGreeting554AndNoSTARTTLS() async throws {
    let (refused, _, refusedCommands) = try await probe(.refuseGreeting)
    XCTAssertEqual(codes(refused), ["SMTP_GREETING_REFUSED"])
    XCTAssertEqual(refused.startTLS, .greetingRefused(code: 554))
    XCTAssertEqual(refusedCommands, ["QUIT"])

    let (plain, _, plainCommands) = try await probe(.noSTARTTLS)
    XCTAssertEqual(codes(plain), ["SMTP_STARTTLS_NOT_OFFERED"])
    XCTAssertEqual(plain.startTLS, .notOffered)
    XCTAssertEqual(plainCommands, ["EHLO danescope.invalid", "QUIT"])
  }

  func testNothingListening() async throws {
    let port = try FreePort.next(udpToo: false)
    let mx = try DNSName("mx.test.")
    let result = await SMTPProbe.run(
      ProbeRequest(
        host: mx, address: "127.0.0.1", port: port, tlsaBaseDomain: mx, usableRecords: [],
        timeouts: .uniform(2)))
    XCTAssertEqual(codes(result), ["SMTP_UNREACHABLE"])
    guard case .unreachable(.system(call: "connect", _)) = result.startTLS else {
      return XCTFail("\(result.startTLS)")
    }
  }

  /// A greeting dripped one octet at a time never finishes: the reply timeout bounds the whole
  /// reply, not each read, and the failure says that a reply had begun.
  func testDrippedGreetingEndsAtTheReplyTimeout() async throws {
    let (result, events, _) = try await probe(.dripGreeting(interval: 0.1), timeout: 1)
    XCTAssertEqual(codes(result), ["SMTP_REPLY_INCOMPLETE"])
    guard case .dialogueFailed(.greeting, .replyIncomplete(1, let octets, let start)) =
      result.startTLS
    else { return XCTFail("\(result.startTLS)") }
    let whole = Array(HostilePeer.slowGreeting.utf8)
    XCTAssertTrue((1..<whole.count).contains(octets), "\(octets)")
    XCTAssertEqual(start, SanitizedText(bytes: whole.prefix(min(octets, 64))))
    XCTAssertFalse(
      events.kinds.contains { if case .smtpReceived = $0 { return true } else { return false } })
  }

  /// A server that says nothing and one that is still sending its greeting when the timeout
  /// ends the wait get different reasons: "no answer" is said only of the silent one. The drip
  /// (one octet every 0.3 s of a line that would take over five minutes, control characters
  /// near its start) cannot stretch the 2 s wait: the probe returns with fewer octets than the
  /// line, and only their sanitised start reaches the trace, the finding, and the reason
  /// `check` gives (text, JSON and console alike).
  func testADripSlowerThanTheTimeoutIsAnIncompleteReplyNotSilence() async throws {
    let (silent, silentEvents, _) = try await probe(.silence, timeout: 2)
    XCTAssertEqual(codes(silent), ["SMTP_STEP_TIMED_OUT"])
    XCTAssertEqual(silent.startTLS, .dialogueFailed(step: .greeting, .timedOut(seconds: 2)))
    XCTAssertEqual(
      ProbeObservation(result: silent, events: silentEvents.events).stage,
      .sessionFailed("at the greeting: the server sent nothing within 2 s"))

    let line = "220\u{1B}[2J\u{07} slow\r" + String(repeating: "x", count: 1000)
    let (dripped, events, commands) = try await probe(
      .dripGreeting(interval: 0.3, text: line), timeout: 2)
    XCTAssertEqual(codes(dripped), ["SMTP_REPLY_INCOMPLETE"])
    XCTAssertEqual(commands, [])
    guard case .dialogueFailed(.greeting, let failure) = dripped.startTLS,
      case .replyIncomplete(2, let octets, let start) = failure
    else { return XCTFail("\(dripped.startTLS)") }
    let whole = Array(line.utf8)
    XCTAssertGreaterThan(octets, 0)
    XCTAssertLessThan(octets, whole.count)
    let arrived = SanitizedText(bytes: whole.prefix(min(octets, 64)))
    XCTAssertEqual(start, arrived)
    if octets > 4 { XCTAssertTrue(start.text.hasPrefix("220\\027["), start.text) }

    let reason =
      "a reply began but was not complete within 2 s (\(octets) octet\(octets == 1 ? "" : "s")"
      + " arrived, starting \"\(arrived.text)\")"
    XCTAssertEqual(failure.description, reason)
    XCTAssertFalse(reason.contains("no answer"))
    XCTAssertEqual(
      dripped.findings.first?.summary,
      "mx.test[127.0.0.1]:\(dripped.request.port) began a reply during the greeting but did not"
        + " finish it within 2 s (\(octets) octet\(octets == 1 ? "" : "s") arrived, starting"
        + " \"\(arrived.text)\").")
    let trace = events.events.flatMap(TraceEventText.format)
    XCTAssertTrue(trace.contains { $0.hasSuffix("! the greeting: " + reason) }, "\(trace)")
    let observation = ProbeObservation(result: dripped, events: events.events)
    let clause =
      "the server began a reply but was too slow to finish it within 2 s (\(octets) octet"
      + "\(octets == 1 ? "" : "s") arrived, starting \"\(arrived.text)\")"
    XCTAssertEqual(observation.stage, .sessionFailed("at the greeting: " + clause))
    XCTAssertTrue(observation.trace.contains { $0.text == "the greeting: " + reason })
    let verdict = DANEVerdict.decide(
      policy: .opportunistic, deferredReason: "", probe: observation)
    XCTAssertEqual(verdict.word, "unreachable")
    XCTAssertEqual(verdict.reason, "SMTP session failed before STARTTLS, at the greeting: " + clause)
    assertPrintable([reason, verdict.reason] + dripped.findings.map(\.summary))
  }

  /// A greeting that comes a few octets at a time, slowly, but whole within the reply timeout
  /// (here a two-line 220 in 4-octet pieces, 0.1 s apart: about 1 s of a 10 s wait) is the
  /// server's answer: the session goes on to TLS, with no finding about the greeting.
  func testADripThatEndsWithinTheTimeoutIsTheGreeting() async throws {
    let greeting = "220-mx.test dripped\r\n220 ESMTP slowly\r\n"
    let (result, events, commands) = try await probe(
      .dripGreeting(interval: 0.1, text: greeting, octets: 4), timeout: 10)
    XCTAssertEqual(codes(result), [])
    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    XCTAssertEqual(
      commands, ["EHLO danescope.invalid", "STARTTLS", "EHLO danescope.invalid", "QUIT"])
    let received = events.kinds.compactMap { kind -> String? in
      guard case .smtpReceived(let line) = kind else { return nil }
      return line.text
    }
    XCTAssertEqual(Array(received.prefix(2)), ["220-mx.test dripped", "220 ESMTP slowly"])
  }

  func testServerClosingAfterTheHandshake() async throws {
    let (result, _, commands) = try await probe(.closeAfterHandshake)
    XCTAssertEqual(codes(result), ["SMTP_SECURE_EHLO_FAILED"])
    XCTAssertEqual(result.findings.first?.evidence.first?.value, "the server closed the connection")
    XCTAssertTrue(result.startTLS.isEstablished)
    XCTAssertNil(result.secureEHLO)
    XCTAssertEqual(commands, ["EHLO danescope.invalid", "STARTTLS"])
  }

  /// Cancelling the probe's task ends the wait in progress (here a 60 s reply timeout against a
  /// silent server) and reports no finding about the server.
  func testCancellingTheTaskEndsTheProbe() async throws {
    let peer = try HostilePeer(.silence, certificate: nil)
    defer { peer.stop() }
    let events = ProbeEvents()
    let mx = try DNSName("mx.test.")
    let request = ProbeRequest(
      host: mx, address: "127.0.0.1", port: peer.port, tlsaBaseDomain: mx, usableRecords: [],
      timeouts: .uniform(60))
    let task = Task { await SMTPProbe.run(request, events: events.sink) }
    for _ in 0..<500 where !events.kinds.contains(.connected) {
      try await Task.sleep(for: .milliseconds(10))
    }
    task.cancel()
    let result = await task.value

    XCTAssertEqual(result.startTLS, .dialogueFailed(step: .greeting, .cancelled))
    XCTAssertEqual(result.findings, [])
    XCTAssertTrue(events.kinds.contains(.stepFailed(.greeting, .cancelled)))
    XCTAssertEqual(events.kinds.last, .closed)
  }

  func testNotAnSMTPServer() async throws {
    let (result, _, commands) = try await probe(.notSMTP)
    XCTAssertEqual(codes(result), ["SMTP_MALFORMED_REPLY"])
    XCTAssertEqual(
      result.startTLS,
      .dialogueFailed(
        step: .greeting, .badReply(.malformedLine(SanitizedText("HTTP/1.1 400 Bad Request")))))
    XCTAssertEqual(commands, [])
  }

  func testPlaintextInsteadOfTLS() async throws {
    let (result, _, _) = try await probe(.plaintextInsteadOfTLS)
    XCTAssertEqual(codes(result), ["TLS_HANDSHAKE_FAILED"])
    guard case .handshakeFailed(let reason) = result.startTLS else {
      return XCTFail("\(result.startTLS)")
    }
    // OpenSSL reads "500 " as a TLS record header and refuses it.
    XCTAssertTrue(reason.hasSuffix("SSL routines::wrong version number"), reason)
  }

  /// A server that answers the ClientHello with handshake records for ever: SSL_connect never
  /// runs out of input, so only a deadline for the whole handshake ends it, and only a cap keeps
  /// the trace (which `check` keeps in memory) from growing with every record.
  func testAFloodOfHandshakeRecordsEndsAtTheHandshakeDeadline() async throws {
    let (result, events, _) = try await probe(.handshakeRecordFlood, timeout: 2)
    XCTAssertEqual(codes(result), ["TLS_TRACE_TRUNCATED", "TLS_HANDSHAKE_TIMED_OUT"])
    XCTAssertEqual(
      result.startTLS, .handshakeFailed(reason: "the handshake did not finish within 2 s"))
    let messages = events.kinds.filter {
      if case .tlsMessage = $0 { return true }
      return false
    }
    XCTAssertEqual(messages.count, TLSClientSession.tracedMessageLimit)
    let truncated = try XCTUnwrap(result.findings.first)
    XCTAssertEqual(truncated.evidence.first?.value, String(TLSClientSession.tracedMessageLimit))
    XCTAssertGreaterThan(Int(truncated.evidence.last?.value ?? "") ?? 0, 0)
  }
}
