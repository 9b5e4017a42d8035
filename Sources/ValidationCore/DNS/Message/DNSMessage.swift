/// A DNS message (RFC 1035 §4.1): header, question and the three record sections, with the
/// EDNS OPT record lifted out of the additional section into `edns`.
public struct DNSMessage: Sendable, Hashable {
  public var id: UInt16
  /// QR: a response rather than a query.
  public var isResponse: Bool
  public var opcode: DNSOpcode
  /// AA, TC, RD, RA (RFC 1035 §4.1.1), AD and CD (RFC 4035 §3.2).
  public var isAuthoritative: Bool
  public var isTruncated: Bool
  public var isRecursionDesired: Bool
  public var isRecursionAvailable: Bool
  public var isAuthenticData: Bool
  public var isCheckingDisabled: Bool
  /// The reserved Z bit, kept so that a message round-trips.
  public var reservedZ: Bool
  /// The full 12-bit RCODE: the header's 4 bits plus, with EDNS, the OPT record's upper 8.
  public var rcode: DNSRcode
  public var questions: [DNSQuestion]
  public var answers: [ResourceRecord]
  public var authority: [ResourceRecord]
  /// The additional section without the OPT record.
  public var additional: [ResourceRecord]
  public var edns: EDNS?

  public init(
    id: UInt16, isResponse: Bool = false, opcode: DNSOpcode = .query,
    isAuthoritative: Bool = false, isTruncated: Bool = false, isRecursionDesired: Bool = false,
    isRecursionAvailable: Bool = false, isAuthenticData: Bool = false,
    isCheckingDisabled: Bool = false, reservedZ: Bool = false, rcode: DNSRcode = .noError,
    questions: [DNSQuestion] = [], answers: [ResourceRecord] = [],
    authority: [ResourceRecord] = [], additional: [ResourceRecord] = [], edns: EDNS? = nil
  ) {
    self.id = id
    self.isResponse = isResponse
    self.opcode = opcode
    self.isAuthoritative = isAuthoritative
    self.isTruncated = isTruncated
    self.isRecursionDesired = isRecursionDesired
    self.isRecursionAvailable = isRecursionAvailable
    self.isAuthenticData = isAuthenticData
    self.isCheckingDisabled = isCheckingDisabled
    self.reservedZ = reservedZ
    self.rcode = rcode
    self.questions = questions
    self.answers = answers
    self.authority = authority
    self.additional = additional
    self.edns = edns
  }

  /// A query for one name and type, with EDNS and the DO bit when `dnssecOK`.
  public static func makeQuery(
    id: UInt16, name: DNSName, type: RRType, recursionDesired: Bool = true,
    dnssecOK: Bool = true, checkingDisabled: Bool = false
  ) -> DNSMessage {
    DNSMessage(
      id: id, isRecursionDesired: recursionDesired, isCheckingDisabled: checkingDisabled,
      questions: [DNSQuestion(name: name, type: type)],
      edns: EDNS(isDNSSECOK: dnssecOK))
  }

  /// An empty response to this query: same ID, opcode, question, RD and CD, QR set; EDNS
  /// echoed (with its DO bit) when the query had it (RFC 6891 §6.1.1, RFC 3225 §3).
  public func makeResponse(rcode: DNSRcode = .noError, authoritative: Bool = true) -> DNSMessage {
    DNSMessage(
      id: id, isResponse: true, opcode: opcode, isAuthoritative: authoritative,
      isRecursionDesired: isRecursionDesired, isCheckingDisabled: isCheckingDisabled,
      rcode: rcode, questions: questions,
      edns: edns.map { EDNS(udpPayloadSize: $0.udpPayloadSize, isDNSSECOK: $0.isDNSSECOK) })
  }

  /// All Extended DNS Errors the message carries.
  public var extendedErrors: [ExtendedDNSError] { edns?.extendedErrors ?? [] }
}
