/// A bounded cursor over wire-format DNS data.
///
/// `message` is the whole message, so that compression pointers can be followed; reads in
/// place stop at `end`, which is the message end or, inside a record, the end of its RDATA.
/// Every read checks its bounds and throws `DNSWireError` with the offset where it failed.
public struct WireReader: Sendable {
  public let message: [UInt8]
  public private(set) var offset: Int
  public private(set) var end: Int
  /// Set while reading RDATA, so that running out of octets reads as "RDATA too short".
  private var rdataType: RRType?

  public init(_ message: [UInt8], offset: Int = 0) {
    self.message = message
    self.offset = min(max(0, offset), message.count)
    self.end = message.count
  }

  public var remaining: Int { end - offset }
  public var isAtEnd: Bool { offset >= end }

  // MARK: Fixed-size fields

  public mutating func readUInt8(_ field: String) throws(DNSWireError) -> UInt8 {
    try need(1, field)
    defer { offset += 1 }
    return message[offset]
  }

  public mutating func readUInt16(_ field: String) throws(DNSWireError) -> UInt16 {
    try need(2, field)
    defer { offset += 2 }
    return UInt16(message[offset]) << 8 | UInt16(message[offset + 1])
  }

  public mutating func readUInt32(_ field: String) throws(DNSWireError) -> UInt32 {
    try need(4, field)
    defer { offset += 4 }
    return message[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  public mutating func readBytes(_ count: Int, _ field: String) throws(DNSWireError) -> [UInt8] {
    try need(count, field)
    defer { offset += count }
    return Array(message[offset..<offset + count])
  }

  /// Everything up to `end`.
  public mutating func readRest() -> [UInt8] {
    defer { offset = end }
    return Array(message[offset..<end])
  }

  /// A length octet followed by that many octets (RFC 1035 <character-string>).
  public mutating func readCharacterString(_ field: String) throws(DNSWireError) -> [UInt8] {
    let length = try readUInt8("length of \(field)")
    return try readBytes(Int(length), field)
  }

  private func need(_ count: Int, _ field: String) throws(DNSWireError) {
    guard count >= 0, count <= end - offset else {
      if let rdataType {
        throw DNSWireError(.rdataTooShort(type: rdataType, field: field), at: offset)
      }
      throw DNSWireError(
        .truncated(field: field, needed: max(0, count - (end - offset))), at: offset)
    }
  }

  // MARK: Names

  /// Reads a domain name. With `allowCompression`, pointers are followed, each backwards and
  /// never to a label or pointer already read for this name; without, a pointer is an error.
  public mutating func readName(_ field: String, allowCompression: Bool) throws(DNSWireError)
    -> DNSName
  {
    var labels: [[UInt8]] = []
    var wireLength = 1
    var cursor = offset
    // Once a pointer is followed, the in-place read is over: it ends after the pointer.
    var resumeAt: Int? = nil
    var visited: Set<Int> = []
    while true {
      // In place, the name must fit before `end`; behind a pointer, before the message end.
      let limit = resumeAt == nil ? end : message.count
      guard cursor < limit else { throw nameEnded(at: cursor, field) }
      visited.insert(cursor)
      let length = message[cursor]
      switch length & 0xC0 {
      case 0x00:
        if length == 0 {
          offset = resumeAt ?? cursor + 1
          return DNSName(uncheckedLabels: labels)
        }
        guard cursor + 1 + Int(length) <= limit else { throw nameEnded(at: cursor, field) }
        wireLength += 1 + Int(length)
        if wireLength > DNSName.maxWireLength {
          throw DNSWireError(.nameTooLong(wireLength), at: cursor)
        }
        labels.append(Array(message[cursor + 1..<cursor + 1 + Int(length)]))
        cursor += 1 + Int(length)
      case 0xC0:
        guard allowCompression else {
          throw DNSWireError(.compressionNotAllowed(field: field), at: cursor)
        }
        guard cursor + 2 <= limit else { throw nameEnded(at: cursor, field) }
        let target = Int(length & 0x3F) << 8 | Int(message[cursor + 1])
        if target >= message.count {
          throw DNSWireError(.pointerOutOfRange(target: target), at: cursor)
        }
        if visited.contains(target) {
          throw DNSWireError(.compressionLoop(target: target), at: cursor)
        }
        if target > cursor {
          throw DNSWireError(.forwardPointer(target: target), at: cursor)
        }
        if resumeAt == nil { resumeAt = cursor + 2 }
        cursor = target
      default:
        throw DNSWireError(.unsupportedLabelType(length & 0xC0), at: cursor)
      }
    }
  }

  private func nameEnded(at cursor: Int, _ field: String) -> DNSWireError {
    if let rdataType {
      return DNSWireError(.rdataTooShort(type: rdataType, field: field), at: cursor)
    }
    return DNSWireError(.truncated(field: field, needed: 1), at: cursor)
  }

  // MARK: RDATA bounds

  /// Reads `length` octets of RDATA of `type` with `body`, then checks that the body used them
  /// all. Reads past the RDATA end report `rdataTooShort`; left-over octets `rdataTooLong`.
  public mutating func withRDATA<T>(
    type: RRType, length: Int, _ body: (inout WireReader) throws(DNSWireError) -> T
  ) throws(DNSWireError) -> T {
    let start = offset
    guard length >= 0, length <= message.count - offset else {
      throw DNSWireError(
        .truncated(field: "\(type) RDATA", needed: max(0, length - (message.count - offset))),
        at: offset)
    }
    var inner = self
    inner.end = offset + length
    inner.rdataType = type
    let value = try body(&inner)
    guard inner.offset == inner.end else {
      throw DNSWireError(
        .rdataTooLong(type: type, declared: length, used: inner.offset - start), at: inner.offset)
    }
    offset = inner.end
    return value
  }
}
