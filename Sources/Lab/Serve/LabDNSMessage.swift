import ValidationCore

// TODO: ValidationCore's `DNSMessage` (the DNS codec work) is not on main yet; when it is,
// `lab serve` should decode queries and encode responses with it and this file should go. Until
// then the lab reads the header, the question and the OPT record of a query and writes responses
// with ValidationCore's WireReader and WireWriter.

/// What `lab serve` needs from a query.
struct LabDNSQuery: Sendable, Equatable {
  var id: UInt16
  var recursionDesired: Bool
  var name: DNSName
  var type: RRType
  var rrClass: UInt16
  /// EDNS present (RFC 6891), with its payload size and DO bit.
  var hasEDNS: Bool
  var payloadSize: Int
  var dnssecOK: Bool

  /// Reads a query; nil when it is not one the server can answer (a response, several
  /// questions, an opcode other than QUERY, or malformed data).
  static func parse(_ bytes: [UInt8]) -> LabDNSQuery? {
    var reader = WireReader(bytes)
    do {
      let id = try reader.readUInt16("ID")
      let flags = try reader.readUInt16("flags")
      let questions = try reader.readUInt16("QDCOUNT")
      let answers = try reader.readUInt16("ANCOUNT")
      let authorities = try reader.readUInt16("NSCOUNT")
      let additionals = try reader.readUInt16("ARCOUNT")
      // QR must be 0 and the opcode QUERY (0); exactly one question, no answer records.
      guard flags & 0x8000 == 0, (flags >> 11) & 0xF == 0, questions == 1, answers == 0 else {
        return nil
      }
      let name = try reader.readName("QNAME", allowCompression: true)
      let type = RRType(rawValue: try reader.readUInt16("QTYPE"))
      let rrClass = try reader.readUInt16("QCLASS")
      var query = LabDNSQuery(
        id: id, recursionDesired: flags & 0x0100 != 0, name: name, type: type, rrClass: rrClass,
        hasEDNS: false, payloadSize: 512, dnssecOK: false)
      for _ in 0..<(Int(authorities) + Int(additionals)) {
        _ = try reader.readName("owner", allowCompression: true)
        let recordType = try reader.readUInt16("TYPE")
        let recordClass = try reader.readUInt16("CLASS")
        let ttl = try reader.readUInt32("TTL")
        let length = try reader.readUInt16("RDLENGTH")
        _ = try reader.readBytes(Int(length), "RDATA")
        if recordType == RRType.opt.rawValue {
          query.hasEDNS = true
          query.payloadSize = max(512, min(Int(recordClass), 4096))
          query.dnssecOK = ttl & 0x8000 != 0
        }
      }
      return query
    } catch {
      return nil
    }
  }
}

/// Writes a response to `query` with compressed names. Over UDP a response that does not fit
/// the client's payload size is cut to the header and question, with TC set (RFC 2181 §9).
enum LabDNSResponseWriter {
  static func write(
    _ response: LabAuthority.Response, to query: LabDNSQuery, limit: Int?
  ) -> [UInt8] {
    let full = encode(response, query, truncated: false)
    if let limit, full.count > limit {
      return encode(LabAuthority.Response(rcode: response.rcode), query, truncated: true)
    }
    return full
  }

  /// A header-only answer with `rcode` (FORMERR 1, REFUSED 5) for queries the lab will not
  /// answer; nil when not even the ID could be read.
  static func error(_ rcode: UInt8, forRawQuery bytes: [UInt8]) -> [UInt8]? {
    guard bytes.count >= 12 else { return nil }
    var writer = WireWriter()
    writer.writeBytes(bytes[0..<2])
    writer.writeUInt16(0x8000 | UInt16(rcode))
    for _ in 0..<4 { writer.writeUInt16(0) }
    return writer.bytes
  }

  private static func encode(
    _ response: LabAuthority.Response, _ query: LabDNSQuery, truncated: Bool
  ) -> [UInt8] {
    var writer = WireWriter()
    writer.writeUInt16(query.id)
    var flags: UInt16 = 0x8000  // QR
    if response.isAuthoritative { flags |= 0x0400 }  // AA
    if truncated { flags |= 0x0200 }  // TC
    if query.recursionDesired { flags |= 0x0100 }  // RD is copied back
    flags |= UInt16(response.rcode & 0x0F)
    writer.writeUInt16(flags)
    writer.writeUInt16(1)
    writer.writeUInt16(UInt16(response.answer.count))
    writer.writeUInt16(UInt16(response.authority.count))
    writer.writeUInt16(UInt16(response.additional.count + (query.hasEDNS ? 1 : 0)))
    writer.writeName(query.name, compress: true)
    writer.writeUInt16(query.type.rawValue)
    writer.writeUInt16(query.rrClass)
    for record in response.answer + response.authority + response.additional {
      writer.writeName(record.name, compress: true)
      writer.writeUInt16(record.type.rawValue)
      writer.writeUInt16(record.rrClass.rawValue)
      writer.writeUInt32(record.ttl)
      let lengthOffset = writer.count
      writer.writeUInt16(0)
      try? record.rdata.write(to: &writer, compress: true)
      writer.patchUInt16(UInt16(writer.count - lengthOffset - 2), at: lengthOffset)
    }
    if query.hasEDNS {
      // OPT: root owner, payload size 1232 (the DNS flag day 2020 value), DO echoed.
      writer.writeUInt8(0)
      writer.writeUInt16(RRType.opt.rawValue)
      writer.writeUInt16(1232)
      writer.writeUInt32(query.dnssecOK ? 0x8000 : 0)
      writer.writeUInt16(0)
    }
    return writer.bytes
  }
}
