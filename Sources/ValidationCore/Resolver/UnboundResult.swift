import CUnbound

/// A Swift copy of libunbound's `struct ub_result`, taken in the callback before the C result
/// is freed. Only the fields danescope reads.
struct UnboundResult: Sendable {
  let rcode: Int
  let hasData: Bool
  let isNXDOMAIN: Bool
  let isSecure: Bool
  let isBogus: Bool
  let whyBogus: String?
  let canonicalName: String?
  let packet: [UInt8]
  let ttl: Int

  init(
    rcode: Int, hasData: Bool = false, isNXDOMAIN: Bool = false, isSecure: Bool = false,
    isBogus: Bool = false, whyBogus: String? = nil, canonicalName: String? = nil,
    packet: [UInt8] = [], ttl: Int = 0
  ) {
    self.rcode = rcode
    self.hasData = hasData
    self.isNXDOMAIN = isNXDOMAIN
    self.isSecure = isSecure
    self.isBogus = isBogus
    self.whyBogus = whyBogus
    self.canonicalName = canonicalName
    self.packet = packet
    self.ttl = ttl
  }

  init(copying result: ub_result) {
    rcode = Int(result.rcode)
    hasData = result.havedata != 0
    isNXDOMAIN = result.nxdomain != 0
    isSecure = result.secure != 0
    isBogus = result.bogus != 0
    whyBogus = result.why_bogus.map { SanitizedText(prose: String(escapingInvalidUTF8: $0)).text }
    canonicalName = result.canonname.map { String(cString: $0) }
    if let bytes = result.answer_packet, result.answer_len > 0 {
      packet = Array(UnsafeRawBufferPointer(start: bytes, count: Int(result.answer_len)))
    } else {
      packet = []
    }
    ttl = Int(result.ttl)
  }

  /// The rcode as DNS/Message's `DNSRcode` (libunbound only reports the header's four bits).
  var code: DNSRcode { DNSRcode(rawValue: UInt16(truncatingIfNeeded: rcode)) }

  /// libunbound's verdict in danescope's four states. Bogus is checked first: a bogus answer
  /// may carry rcode NOERROR and data. Any failure rcode without a verdict is indeterminate,
  /// never "no records".
  var status: SecurityStatus {
    if isBogus {
      return .bogus(reason: whyBogus ?? "validation failed (libunbound gave no reason)")
    }
    switch code {
    case .noError, .nameError:
      return isSecure ? .secure : .insecure
    case .serverFailure:
      return .indeterminate(reason: "the server failed (SERVFAIL)")
    default:
      return .indeterminate(reason: "the server answered \(code)")
    }
  }

  /// The server `why_bogus` names (`… from 192.0.2.1 …`), if any.
  var server: String? {
    guard let whyBogus else { return nil }
    let words = whyBogus.split(separator: " ")
    for (index, word) in words.enumerated().dropLast() where word == "from" {
      var candidate = Substring(words[index + 1])
      while let last = candidate.last, ",;.()".contains(last) { candidate = candidate.dropLast() }
      if ForwarderAddress.isIPAddress(String(candidate)) { return String(candidate) }
    }
    return nil
  }
}
