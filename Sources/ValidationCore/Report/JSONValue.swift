/// A JSON value, and the writer that prints it the way `JSONEncoder` does with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` on swift-foundation, byte for byte
/// (Docs/Decisions.md, D-report-6). The report builds this tree from its wire structs and writes
/// it without Codable: in a short `check --json` run, the encoder's first use cost more than
/// the rest of the output.
enum JSONValue {
  /// Members in any order: the writer sorts them by key.
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  case int(Int)
  case bool(Bool)
  case null

  /// An object of `fields`; a nil value leaves its key out, as `encodeIfPresent` does.
  static func fields(_ fields: KeyValuePairs<String, JSONValue?>) -> JSONValue {
    .object(fields.compactMap { key, value in value.map { (key, $0) } })
  }

  /// The pretty-printed text: two spaces a level, `"key" : value`, keys in the order of their
  /// UTF-8 bytes (`B` before `a`, `isCA` before `issuer`, `matchedDepth` before
  /// `matchedDepths`), an empty array or object written open with an empty line inside.
  var prettyText: String {
    var writer = JSONWriter()
    writer.write(self, depth: 0)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// Every key of every object in the tree, at any depth. The tests use it to see that the
  /// optional keys they expect were written at least once somewhere.
  var keys: Set<String> {
    switch self {
    case .object(let members):
      members.reduce(into: Set(members.map(\.key))) { $0.formUnion($1.value.keys) }
    case .array(let elements):
      elements.reduce(into: []) { $0.formUnion($1.keys) }
    case .string, .int, .bool, .null:
      []
    }
  }
}

/// Writes a `JSONValue` as UTF-8 into one buffer.
private struct JSONWriter {
  var bytes: [UInt8] = []

  init() {
    bytes.reserveCapacity(16 * 1024)
  }

  mutating func write(_ value: JSONValue, depth: Int) {
    switch value {
    case .object(let members):
      let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      open(UInt8(ascii: "{"))
      for (index, member) in sorted.enumerated() {
        separate(index, depth: depth + 1)
        write(member.key)
        append(" : ")
        write(member.value, depth: depth + 1)
      }
      close(UInt8(ascii: "}"), depth: depth)
    case .array(let elements):
      open(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        separate(index, depth: depth + 1)
        write(element, depth: depth + 1)
      }
      close(UInt8(ascii: "]"), depth: depth)
    case .string(let text): write(text)
    case .int(let number): write(number)
    case .bool(let isTrue): append(isTrue ? "true" : "false")
    case .null: append("null")
    }
  }

  /// The opening bracket and its line break (an empty one is closed on the line after next).
  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    bytes.append(UInt8(ascii: "\n"))
  }

  private mutating func close(_ bracket: UInt8, depth: Int) {
    bytes.append(UInt8(ascii: "\n"))
    indent(depth)
    bytes.append(bracket)
  }

  /// Before each element: a comma and line break after the one before, then the indentation.
  private mutating func separate(_ index: Int, depth: Int) {
    if index > 0 { append(",\n") }
    indent(depth)
  }

  private mutating func indent(_ depth: Int) {
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
  }

  private mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// A quoted string: `"` and `\` escaped with a backslash, the C0 controls as `\b`, `\t`,
  /// `\n`, `\f`, `\r` or `\u00xx` (lower-case hex); `/`, DEL and everything above ASCII as they
  /// are (`JSONTerminalSafety` escapes what a terminal must not see raw).
  private mutating func write(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(byte)
      case 0x08: append("\\b")
      case 0x09: append("\\t")
      case 0x0A: append("\\n")
      case 0x0C: append("\\f")
      case 0x0D: append("\\r")
      case 0x00..<0x20:
        append("\\u00")
        bytes.append(Self.lowerHexDigit(byte >> 4))
        bytes.append(Self.lowerHexDigit(byte & 0x0F))
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private static func lowerHexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
  }

  /// A decimal integer, with `-` when negative.
  private mutating func write(_ number: Int) {
    if number < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = number.magnitude
    var digits: [UInt8] = []
    repeat {
      digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    bytes.append(contentsOf: digits.reversed())
  }
}
