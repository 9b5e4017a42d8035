import ValidationCore

/// Turns query bytes into response bytes for `lab serve`, with ValidationCore's `DNSMessage`.
enum LabDNSExchange {
  /// The response to `bytes`; nil when not even a header could be read (nothing to answer to).
  /// Over UDP a response larger than the client's payload size (512 without EDNS) is cut to the
  /// header and question with TC set, so the client retries over TCP (RFC 7766 §5).
  static func respond(to bytes: [UInt8], authority: LabAuthority, overUDP: Bool) -> [UInt8]? {
    // A response is never answered, not even with an error: answering one lets a forged
    // source address set two servers answering each other forever (RFC 1035 §7.3 drops them).
    if bytes.count > 2, bytes[2] & 0x80 != 0 { return nil }
    guard let query = try? DNSMessage(wire: bytes) else {
      return headerOnly(bytes, rcode: DNSRcode.formatError.rawValue)
    }
    guard query.opcode == .query, query.questions.count == 1, let question = query.questions.first
    else {
      return headerOnly(bytes, rcode: DNSRcode.notImplemented.rawValue)
    }
    // EDNS version 0 is the only one there is: any other gets BADVERS (RFC 6891 §6.1.3).
    if let edns = query.edns, edns.version != 0 {
      return try? query.makeResponse(rcode: .badVersion, authoritative: false).wireFormat()
    }
    guard question.rrClass == .in else {
      return try? query.makeResponse(rcode: .refused, authoritative: false).wireFormat()
    }
    let dnssecOK = query.edns?.isDNSSECOK ?? false
    let answer = authority.answer(question.name, question.type, dnssec: dnssecOK)
    var response = query.makeResponse(rcode: answer.rcode, authoritative: answer.isAuthoritative)
    response.answers = answer.answer
    response.authority = answer.authority
    response.additional = answer.additional
    if var edns = response.edns {
      edns.udpPayloadSize = 1232  // the DNS flag day 2020 value
      response.edns = edns
    }
    guard let full = try? response.wireFormat() else {
      return try? query.makeResponse(rcode: .serverFailure).wireFormat()
    }
    let limit = overUDP ? Int(max(512, query.edns?.udpPayloadSize ?? 512)) : 65_535
    if full.count <= limit { return full }
    var cut = query.makeResponse(rcode: answer.rcode, authoritative: answer.isAuthoritative)
    cut.isTruncated = true
    return try? cut.wireFormat()
  }

  /// A response carrying only the query's ID and an RCODE, for queries that cannot be parsed.
  private static func headerOnly(_ bytes: [UInt8], rcode: UInt16) -> [UInt8]? {
    guard bytes.count >= 2 else { return nil }
    var writer = WireWriter()
    writer.writeBytes(bytes[0..<2])
    writer.writeUInt16(0x8000 | (rcode & 0x0F))
    for _ in 0..<4 { writer.writeUInt16(0) }
    return writer.bytes
  }
}
