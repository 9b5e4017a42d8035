import XCTest

@testable import ValidationCore

/// The reply parser fed all at once ("blast") and one byte at a time ("drip") must agree.
final class SMTPReplyParserTests: XCTestCase {
  private func parseAll(_ text: String, drip: Bool, limits: SMTPReplyParser.Limits = .init())
    throws -> [SMTPReply]
  {
    var parser = SMTPReplyParser(limits: limits)
    var replies: [SMTPReply] = []
    let bytes = Array(text.utf8)
    let chunks: [[UInt8]] = drip ? bytes.map { [$0] } : [bytes]
    for chunk in chunks {
      parser.append(chunk)
      while let reply = try parser.nextReply() { replies.append(reply) }
    }
    return replies
  }

  private func bothWays(_ text: String, limits: SMTPReplyParser.Limits = .init()) throws
    -> [SMTPReply]
  {
    let blast = try parseAll(text, drip: false, limits: limits)
    let drip = try parseAll(text, drip: true, limits: limits)
    XCTAssertEqual(blast, drip, "drip and blast differ")
    return blast
  }

  private func failure(_ text: String, limits: SMTPReplyParser.Limits = .init(), drip: Bool)
    -> SMTPReplyParser.Failure?
  {
    do {
      _ = try parseAll(text, drip: drip, limits: limits)
      return nil
    } catch {
      return error as? SMTPReplyParser.Failure
    }
  }

  func testSingleLineReply() throws {
    let replies = try bothWays("220 mx.example.com ESMTP ready\r\n")
    XCTAssertEqual(replies.count, 1)
    XCTAssertEqual(replies[0].code, 220)
    XCTAssertEqual(replies[0].lines, [Array("mx.example.com ESMTP ready".utf8)])
  }

  func testMultiLineEHLOReplyAndKeywords() throws {
    let text =
      "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-starttls\r\n250 8BITMIME\r\n"
    let replies = try bothWays(text)
    XCTAssertEqual(replies.count, 1)
    XCTAssertEqual(replies[0].lines.count, 5)
    XCTAssertEqual(replies[0].ehloKeywords, ["PIPELINING", "SIZE", "STARTTLS", "8BITMIME"])
    XCTAssertTrue(replies[0].advertises("STARTTLS"))
    XCTAssertEqual(
      replies[0].printableLines.map(\.text),
      ["250-mx.example.com", "250-PIPELINING", "250-SIZE 10240000", "250-starttls", "250 8BITMIME"])
  }

  func testGreetingLineIsNotAKeyword() throws {
    let replies = try bothWays("250-STARTTLS.example\r\n250 SIZE\r\n")
    XCTAssertFalse(replies[0].advertises("STARTTLS"))
  }

  func testSeveralRepliesBareLFAndCodeOnlyLine() throws {
    let replies = try bothWays("220-hello\n220 there\n221\r\n")
    XCTAssertEqual(replies.map(\.code), [220, 221])
    XCTAssertEqual(replies[1].lines, [[]])
  }

  func testIncompleteReplyWaitsForMore() throws {
    var parser = SMTPReplyParser()
    parser.append(Array("250-first\r\n250 sec".utf8))
    XCTAssertNil(try parser.nextReply())
    parser.append(Array("ond\r\n220 next".utf8))
    XCTAssertEqual(try parser.nextReply()?.lines.count, 2)
    XCTAssertEqual(parser.unconsumedBytes, Array("220 next".utf8))
    XCTAssertEqual(parser.discardBuffered(), Array("220 next".utf8))
    XCTAssertTrue(parser.isIdle)
  }

  func testCodesAreValidated() {
    for bad in ["199 no\r\n", "600 no\r\n", "260 no\r\n", "25 short\r\n", "2a0 x\r\n", "250_x\r\n"]
    {
      for drip in [false, true] {
        guard case .malformedLine = failure(bad, drip: drip) else {
          return XCTFail("\(bad.debugDescription) was accepted (drip \(drip))")
        }
      }
    }
  }

  func testCodeChangeInsideAMultiLineReply() {
    for drip in [false, true] {
      XCTAssertEqual(
        failure("250-one\r\n251 two\r\n", drip: drip), .inconsistentCode(expected: 250, found: 251))
    }
  }

  func testEndlessLineStopsAtTheLimit() {
    let limits = SMTPReplyParser.Limits(maxLineLength: 100)
    let endless = "220 " + String(repeating: "A", count: 500)
    for drip in [false, true] {
      XCTAssertEqual(failure(endless, limits: limits, drip: drip), .lineTooLong(limit: 100))
    }
  }

  func testHugeReplyStopsAtTheLimit() {
    let limits = SMTPReplyParser.Limits(maxReplySize: 1000)
    let huge = String(repeating: "250-filler filler filler\r\n", count: 100)
    for drip in [false, true] {
      // 26 octets a line: the 39th line takes the reply to 1014 octets.
      XCTAssertEqual(
        failure(huge, limits: limits, drip: drip), .replyTooLarge(limit: 1000, received: 1014))
    }
  }

  /// Many short lines hit the limit on lines, not the size limit, and say how much arrived.
  func testManyShortLinesStopAtTheLineLimit() {
    let many = String(repeating: "220-x\r\n", count: 300) + "220 end\r\n"
    for drip in [false, true] {
      XCTAssertEqual(failure(many, drip: drip), .tooManyLines(limit: 256, received: 257 * 7))
    }
    let description = ProbeFailure.badReply(.tooManyLines(limit: 256, received: 1799)).description
    XCTAssertEqual(description, "a reply of more than 256 lines (1799 octets arrived)")
  }

  /// The same bytes split in two at every position give the same result: a line of exactly the
  /// limit before its CR LF (or bare LF) is accepted, one octet more is refused.
  func testLineLimitDoesNotDependOnWhereTheBytesAreSplit() throws {
    let limits = SMTPReplyParser.Limits(maxLineLength: 40)
    for lineEnd in ["\r\n", "\n"] {
      for (length, isAccepted) in [(40, true), (41, false)] {
        let line = "220 " + String(repeating: "A", count: length - 4) + lineEnd
        let bytes = Array((line + "221 bye\r\n").utf8)
        for split in 0...bytes.count {
          var parser = SMTPReplyParser(limits: limits)
          var codes: [Int] = []
          var caught: SMTPReplyParser.Failure?
          do {
            for chunk in [bytes[..<split], bytes[split...]] {
              parser.append(chunk)
              while let reply = try parser.nextReply() { codes.append(reply.code) }
            }
          } catch {
            caught = error
          }
          let place = "length \(length), \(lineEnd.debugDescription), split at \(split)"
          if isAccepted {
            XCTAssertNil(caught, place)
            XCTAssertEqual(codes, [220, 221], place)
          } else {
            XCTAssertEqual(caught, .lineTooLong(limit: 40), place)
          }
        }
      }
    }
  }

  func testFailureIsSticky() throws {
    var parser = SMTPReplyParser()
    parser.append(Array("xyz\r\n220 ok\r\n".utf8))
    XCTAssertThrowsError(try parser.nextReply())
    XCTAssertThrowsError(try parser.nextReply())
  }

  func testSanitizedTextEscapesEverythingUnprintable() {
    let bytes: [UInt8] =
      Array("220 ".utf8) + [0x1B] + Array("[2J\\ok".utf8) + [0x07, 0x7F, 0xC3, 0xA9, 0x0D]
    XCTAssertEqual(SanitizedText(bytes: bytes).text, "220 \\027[2J\\\\ok\\007\\127\\195\\169\\013")
  }

  /// What has come of a reply that is not complete: nothing before the first octet; then every
  /// octet, complete lines of a multi-line reply included, with the first line's start bounded;
  /// nothing again once the reply is complete. Dripped one octet at a time.
  func testPartialReplyCountsEveryOctetAndKeepsTheFirstLinesStart() throws {
    var parser = SMTPReplyParser()
    XCTAssertNil(parser.partialReply(startLimit: 8))
    let text = Array("250-mx.example.com\r\n250-PIPELINING\n250 STARTTLS\r\n".utf8)
    for (index, octet) in text.enumerated() {
      parser.append([octet])
      let reply = try parser.nextReply()
      if index == text.count - 1 {
        XCTAssertEqual(reply?.lines.count, 3)
        XCTAssertNil(parser.partialReply(startLimit: 8))
        break
      }
      XCTAssertNil(reply)
      let partial = try XCTUnwrap(parser.partialReply(startLimit: 8), "after \(index + 1)")
      XCTAssertEqual(partial.octets, index + 1)
      XCTAssertEqual(partial.start, Array(text.prefix(min(index + 1, 8))))
    }
  }

  /// After a complete reply, what follows it is the start of the next one, control octets and
  /// a CR still waiting for its LF included (the caller sanitises them).
  func testPartialReplyAfterACompleteReply() throws {
    var parser = SMTPReplyParser()
    parser.append(Array("220 ready\r\n2\u{1B}[\r".utf8))
    XCTAssertEqual(try parser.nextReply()?.code, 220)
    XCTAssertNil(try parser.nextReply())
    let partial = try XCTUnwrap(parser.partialReply(startLimit: 64))
    XCTAssertEqual(partial.octets, 4)
    XCTAssertEqual(partial.start, [0x32, 0x1B, 0x5B, 0x0D])
    XCTAssertEqual(SanitizedText(bytes: partial.start).text, "2\\027[\\013")
  }
}
