/// Messages in wire form (RFC 1035 §4.1, RFC 6891 §6 for OPT). Reading is bounded: every count,
/// length and pointer is checked against the octets present, and anything wrong is a
/// `DNSWireError` naming what and where.
extension DNSMessage {
  public static let headerLength = 12

  public init(wire bytes: [UInt8]) throws(DNSWireError) {
    var r = WireReader(bytes)
    let id = try r.readUInt16("header ID")
    let flags = try r.readUInt16("header flags")
    let counts = [
      try r.readUInt16("QDCOUNT"), try r.readUInt16("ANCOUNT"), try r.readUInt16("NSCOUNT"),
      try r.readUInt16("ARCOUNT"),
    ]
    var questions: [DNSQuestion] = []
    for _ in 0..<counts[0] {
      questions.append(
        DNSQuestion(
          name: try r.readName("question name", allowCompression: true),
          type: RRType(rawValue: try r.readUInt16("question type")),
          rrClass: RRClass(rawValue: try r.readUInt16("question class"))))
    }
    var sections: [[ResourceRecord]] = []
    var opt: (record: ResourceRecord, offset: Int)? = nil
    for (index, count) in counts.dropFirst().enumerated() {
      var records: [ResourceRecord] = []
      for _ in 0..<count {
        let start = r.offset
        let record = try ResourceRecord.read(from: &r)
        guard record.type == .opt else {
          records.append(record)
          continue
        }
        // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
        let problem: String? =
          index != 2
          ? "OPT record outside the additional section"
          : opt != nil
            ? "more than one OPT record"
            : !record.name.isRoot ? "OPT record owner is not the root" : nil
        if let problem {
          throw DNSWireError(.invalidField(field: "OPT record", reason: problem), at: start)
        }
        opt = (record, start)
      }
      sections.append(records)
    }
    if !r.isAtEnd { throw DNSWireError(.trailingData(count: r.remaining), at: r.offset) }

    var rcode = flags & 0x000F
    var edns: EDNS? = nil
    if let (record, offset) = opt, case .opt(let options) = record.rdata {
      rcode |= UInt16(record.ttl >> 24) << 4
      let ednsFlags = UInt16(record.ttl & 0xFFFF)
      for option in options where option.code == ExtendedDNSError.optionCode {
        guard ExtendedDNSError(optionData: option.data) != nil else {
          throw DNSWireError(
            .invalidField(
              field: "Extended DNS Error option", reason: "shorter than its 2-octet INFO-CODE"),
            at: offset)
        }
      }
      edns = EDNS(
        udpPayloadSize: record.rrClass.rawValue, version: UInt8((record.ttl >> 16) & 0xFF),
        isDNSSECOK: ednsFlags & EDNS.doFlag != 0, reservedFlags: ednsFlags, options: options)
    }
    self.init(
      id: id, isResponse: flags & 0x8000 != 0,
      opcode: DNSOpcode(rawValue: UInt8((flags >> 11) & 0x0F)),
      isAuthoritative: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
      isRecursionDesired: flags & 0x0100 != 0, isRecursionAvailable: flags & 0x0080 != 0,
      isAuthenticData: flags & 0x0020 != 0, isCheckingDisabled: flags & 0x0010 != 0,
      reservedZ: flags & 0x0040 != 0, rcode: DNSRcode(rawValue: rcode), questions: questions,
      answers: sections[0], authority: sections[1], additional: sections[2], edns: edns)
  }

  /// The header's second 16-bit word.
  var flagsWord: UInt16 {
    var flags = UInt16(opcode.rawValue & 0x0F) << 11 | (rcode.rawValue & 0x000F)
    if isResponse { flags |= 0x8000 }
    if isAuthoritative { flags |= 0x0400 }
    if isTruncated { flags |= 0x0200 }
    if isRecursionDesired { flags |= 0x0100 }
    if isRecursionAvailable { flags |= 0x0080 }
    if reservedZ { flags |= 0x0040 }
    if isAuthenticData { flags |= 0x0020 }
    if isCheckingDisabled { flags |= 0x0010 }
    return flags
  }

  /// The message in wire form, names compressed (owner names, questions, and the RDATA names
  /// RFC 3597 §4 allows). Throws when a value does not fit its field: more than 65535 records
  /// in a section, an RCODE above 15 without EDNS, a string over 255 octets.
  public func wireFormat() throws(DNSWireError) -> [UInt8] {
    var w = WireWriter()
    w.writeUInt16(id)
    if rcode.rawValue > 0x0F && edns == nil {
      throw DNSWireError(
        .invalidField(field: "RCODE", reason: "\(rcode) needs EDNS to carry its upper bits"), at: 3)
    }
    guard rcode.rawValue <= 0x0FFF else {
      throw DNSWireError(
        .valueTooLong(field: "RCODE", length: Int(rcode.rawValue), limit: 0x0FFF), at: 3)
    }
    w.writeUInt16(flagsWord)
    var additionalRecords = additional
    if let edns { additionalRecords.append(optRecord(edns)) }
    let sections = [answers, authority, additionalRecords]
    for count in [questions.count] + sections.map(\.count) {
      guard count <= 0xFFFF else {
        throw DNSWireError(
          .valueTooLong(field: "section count", length: count, limit: 0xFFFF), at: w.count)
      }
      w.writeUInt16(UInt16(count))
    }
    for question in questions {
      w.writeName(question.name, compress: true)
      w.writeUInt16(question.type.rawValue)
      w.writeUInt16(question.rrClass.rawValue)
    }
    for section in sections {
      for record in section { try record.write(to: &w, compress: true) }
    }
    return w.bytes
  }

  private func optRecord(_ edns: EDNS) -> ResourceRecord {
    var flags = edns.reservedFlags & ~EDNS.doFlag
    if edns.isDNSSECOK { flags |= EDNS.doFlag }
    let ttl = UInt32(rcode.rawValue >> 4) << 24 | UInt32(edns.version) << 16 | UInt32(flags)
    return ResourceRecord(
      name: .root, rrClass: RRClass(rawValue: edns.udpPayloadSize), ttl: ttl,
      rdata: .opt(edns.options))
  }
}

extension ResourceRecord {
  /// Reads one record: owner (compression allowed), type, class, TTL, RDLENGTH, RDATA.
  public static func read(from r: inout WireReader) throws(DNSWireError) -> ResourceRecord {
    let name = try r.readName("owner name", allowCompression: true)
    let type = RRType(rawValue: try r.readUInt16("record type"))
    let rrClass = RRClass(rawValue: try r.readUInt16("record class"))
    let ttl = try r.readUInt32("TTL")
    let length = try r.readUInt16("RDLENGTH")
    let rdata = try RData.read(type: type, length: Int(length), from: &r)
    return ResourceRecord(name: name, rrClass: rrClass, ttl: ttl, rdata: rdata)
  }

  /// Appends the record; RDLENGTH is filled in once the RDATA is written.
  public func write(to w: inout WireWriter, compress: Bool) throws(DNSWireError) {
    w.writeName(name, compress: compress)
    w.writeUInt16(type.rawValue)
    w.writeUInt16(rrClass.rawValue)
    w.writeUInt32(ttl)
    let lengthOffset = w.count
    w.writeUInt16(0)
    try rdata.write(to: &w, compress: compress)
    let length = w.count - lengthOffset - 2
    guard length <= 0xFFFF else {
      throw DNSWireError(
        .valueTooLong(field: "\(type) RDATA", length: length, limit: 0xFFFF), at: lengthOffset)
    }
    w.patchUInt16(UInt16(length), at: lengthOffset)
  }
}
