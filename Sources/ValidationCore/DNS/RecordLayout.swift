/// Field layouts of the record types danescope keeps as RFC 3597 data (`RData.unknown`) but
/// can still read and write in their usual presentation form, decompress on reading, and
/// lowercase in canonical form: SRV, CAA, SSHFP, HINFO, SPF, NAPTR, URI, OPENPGPKEY, SMIMEA and
/// the name-carrying types on the RFC 4034 §6.2 list (RP, AFSDB, RT, KX, PX, MB, MG, MR, MINFO,
/// MD, MF). The obsolete types on that list (A6, SIG, NXT) have no layout; their one name is
/// lowercased by ObsoleteNameTypes (CanonicalForm.swift).
struct RecordLayout: Sendable {
  enum Field: Sendable {
    case uint8, uint16
    /// A domain name; compressible on reading when the layout says so.
    case name
    /// One length-prefixed character-string, printed quoted.
    case string
    /// One length-prefixed character-string printed bare (a CAA tag).
    case word
    /// One or more character-strings to the end.
    case strings
    /// The rest of the RDATA as one quoted string without a length octet (CAA value, URI).
    case restString
    case restHex
    case restBase64
  }

  enum Value: Sendable, Hashable {
    case number(UInt16)
    case name(DNSName)
    case bytes([UInt8])
    case strings([[UInt8]])
  }

  let mnemonic: String
  let fields: [Field]
  /// RFC 1035 types whose names a message may compress (RFC 3597 §4).
  var allowsCompression = false
  /// On the RFC 4034 §6.2 list: names lowercased in canonical form.
  var lowercasesNames = false

  static let table: [UInt16: RecordLayout] = [
    3: RecordLayout(
      mnemonic: "MD", fields: [.name], allowsCompression: true, lowercasesNames: true),
    4: RecordLayout(
      mnemonic: "MF", fields: [.name], allowsCompression: true, lowercasesNames: true),
    7: RecordLayout(
      mnemonic: "MB", fields: [.name], allowsCompression: true, lowercasesNames: true),
    8: RecordLayout(
      mnemonic: "MG", fields: [.name], allowsCompression: true, lowercasesNames: true),
    9: RecordLayout(
      mnemonic: "MR", fields: [.name], allowsCompression: true, lowercasesNames: true),
    13: RecordLayout(mnemonic: "HINFO", fields: [.string, .string]),
    14: RecordLayout(
      mnemonic: "MINFO", fields: [.name, .name], allowsCompression: true, lowercasesNames: true),
    17: RecordLayout(mnemonic: "RP", fields: [.name, .name], lowercasesNames: true),
    18: RecordLayout(mnemonic: "AFSDB", fields: [.uint16, .name], lowercasesNames: true),
    21: RecordLayout(mnemonic: "RT", fields: [.uint16, .name], lowercasesNames: true),
    26: RecordLayout(mnemonic: "PX", fields: [.uint16, .name, .name], lowercasesNames: true),
    33: RecordLayout(
      mnemonic: "SRV", fields: [.uint16, .uint16, .uint16, .name], lowercasesNames: true),
    35: RecordLayout(
      mnemonic: "NAPTR", fields: [.uint16, .uint16, .string, .string, .string, .name],
      lowercasesNames: true),
    36: RecordLayout(mnemonic: "KX", fields: [.uint16, .name], lowercasesNames: true),
    44: RecordLayout(mnemonic: "SSHFP", fields: [.uint8, .uint8, .restHex]),
    53: RecordLayout(mnemonic: "SMIMEA", fields: [.uint8, .uint8, .uint8, .restHex]),
    61: RecordLayout(mnemonic: "OPENPGPKEY", fields: [.restBase64]),
    99: RecordLayout(mnemonic: "SPF", fields: [.strings]),
    256: RecordLayout(mnemonic: "URI", fields: [.uint16, .uint16, .restString]),
    257: RecordLayout(mnemonic: "CAA", fields: [.uint8, .word, .restString]),
  ]

  static func forType(_ type: UInt16) -> RecordLayout? { table[type] }

  static func type(forMnemonic mnemonic: String) -> UInt16? {
    let upper = mnemonic.uppercased()
    return table.first { $0.value.mnemonic == upper }?.key
  }

  // MARK: Wire

  /// Reads the fields to the reader's end (the RDATA end).
  func read(from r: inout WireReader) throws(DNSWireError) -> [Value] {
    var values: [Value] = []
    for field in fields {
      switch field {
      case .uint8: values.append(.number(UInt16(try r.readUInt8("\(mnemonic) field"))))
      case .uint16: values.append(.number(try r.readUInt16("\(mnemonic) field")))
      case .name:
        values.append(
          .name(try r.readName("\(mnemonic) name", allowCompression: allowsCompression)))
      case .string, .word: values.append(.bytes(try r.readCharacterString("\(mnemonic) string")))
      case .strings:
        var strings: [[UInt8]] = []
        while !r.isAtEnd { strings.append(try r.readCharacterString("\(mnemonic) string")) }
        guard !strings.isEmpty else {
          throw DNSWireError(
            .invalidField(field: "\(mnemonic) RDATA", reason: "no character-string"), at: r.offset)
        }
        values.append(.strings(strings))
      case .restString, .restHex, .restBase64: values.append(.bytes(r.readRest()))
      }
    }
    return values
  }

  /// Writes the fields, names uncompressed (lowercased when `lowercase`).
  func write(_ values: [Value], lowercase: Bool) -> [UInt8] {
    var w = WireWriter()
    for (field, value) in zip(fields, values) {
      switch (field, value) {
      case (.uint8, .number(let n)): w.writeUInt8(UInt8(truncatingIfNeeded: n))
      case (.uint16, .number(let n)): w.writeUInt16(n)
      case (.name, .name(let name)):
        w.writeName(lowercase ? name.lowercased : name, compress: false)
      case (.string, .bytes(let b)), (.word, .bytes(let b)):
        w.writeUInt8(UInt8(truncatingIfNeeded: b.count))
        w.writeBytes(b.prefix(255))
      case (.strings, .strings(let list)):
        for b in list {
          w.writeUInt8(UInt8(truncatingIfNeeded: b.count))
          w.writeBytes(b.prefix(255))
        }
      case (_, .bytes(let b)): w.writeBytes(b)
      default: break
      }
    }
    return w.bytes
  }

  func decode(_ data: [UInt8]) -> [Value]? {
    var reader = WireReader(data)
    return try? reader.withRDATA(type: .unassigned(0), length: data.count) {
      (r) throws(DNSWireError) -> [Value] in try read(from: &r)
    }
  }

  // MARK: Presentation

  func present(_ values: [Value]) -> [String] {
    zip(fields, values).flatMap { field, value -> [String] in
      switch (field, value) {
      case (.uint8, .number(let n)), (.uint16, .number(let n)): return [String(n)]
      case (.name, .name(let name)): return [name.description]
      case (.word, .bytes(let b)):
        if b.isEmpty { return ["\"\""] }
        // Bare, so a space must be escaped too.
        return [
          String(RData.quoted(b).dropFirst().dropLast()).split(
            separator: " ", omittingEmptySubsequences: false
          ).joined(separator: "\\032")
        ]
      case (.string, .bytes(let b)), (.restString, .bytes(let b)): return [RData.quoted(b)]
      case (.strings, .strings(let list)): return list.map(RData.quoted)
      case (.restHex, .bytes(let b)): return b.isEmpty ? [] : [Hex.encode(b)]
      case (.restBase64, .bytes(let b)): return b.isEmpty ? [] : [Base64.encode(b)]
      default: return []
      }
    }
  }

  func parse(_ c: inout TokenCursor, origin: DNSName?) throws(PresentationError) -> [Value] {
    var values: [Value] = []
    for field in fields {
      switch field {
      case .uint8: values.append(.number(UInt16(try c.number("\(mnemonic) field", as: UInt8.self))))
      case .uint16: values.append(.number(try c.number("\(mnemonic) field", as: UInt16.self)))
      case .name: values.append(.name(try c.name("\(mnemonic) name", origin: origin)))
      case .string, .word: values.append(.bytes(try c.characterString("\(mnemonic) string")))
      case .strings:
        var list = [try c.characterString("\(mnemonic) string")]
        while !c.isAtEnd { list.append(try c.characterString("\(mnemonic) string")) }
        values.append(.strings(list))
      case .restString:
        let token = try c.next("\(mnemonic) value")
        values.append(.bytes(try token.unescapedBytes()))
      case .restHex:
        let words = c.rest()
        let hex = try TokenCursor.decode(
          "\(mnemonic) data", words.map(\.text).joined(),
          at: words.first ?? PresentationToken("")
        ) { (text) throws(EncodingError) in try Hex.decode(text) }
        values.append(.bytes(hex))
      case .restBase64:
        let words = c.rest()
        let data = try TokenCursor.decode(
          "\(mnemonic) data", words.map(\.text).joined(),
          at: words.first ?? PresentationToken("")
        ) { (text) throws(EncodingError) in try Base64.decode(text) }
        values.append(.bytes(data))
      }
    }
    return values
  }
}
