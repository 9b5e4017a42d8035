import ValidationCore

/// The text of one `--tlsa-record`, read as a zone file writes a TLSA record's data (RFC 6698
/// §2.2): usage, selector and matching type as decimal numbers, then the certificate
/// association data in hex. Fields are separated by any run of spaces and tabs. The data may
/// itself be split by white space, as zone files allow and as `dig` prints it (a digest in
/// parts of 56 digits), so everything after the matching type is the data: "3 1 1 ab cd" is
/// "3 1 1 abcd". Each problem says what is wrong and at which field or character.
struct TLSARecordArgument: Equatable {
  var usage: UInt8
  var selector: UInt8
  var matchingType: UInt8
  var data: [UInt8]
  /// How many white-space separated parts the data was given in (1 unless it was split).
  var dataParts: Int

  /// The numbers come first, in this order; the data follows them.
  static let numberNames = ["usage", "selector", "matching type"]

  /// One field of the text and where it starts (1 is the first character).
  struct Field {
    var text: Substring
    var position: Int
  }

  enum Problem: Error, Equatable, CustomStringConvertible {
    /// Fewer fields than the three numbers and the data.
    case missingFields(count: Int)
    /// A number field that is not decimal digits (a sign, a letter) or is above 255;
    /// `hasRecordType` when a field says `TLSA`: a whole resource record was given.
    case notANumber(name: String, text: String, hasRecordType: Bool)
    /// A character of the data that is not a hex digit; `part` counts the data's parts from 1.
    case notAHexDigit(Character, position: Int, field: Int, part: Int, partText: String)
    /// Two hex digits make an octet; `parts` as in `dataParts`.
    case oddDigitCount(Int, parts: Int)

    var description: String {
      switch self {
      case .missingFields(let count):
        return "4 fields expected (usage selector matching-type data), got \(count)"
      case .notANumber(let name, let text, let hasRecordType):
        return "the \(name) '\(text)' is not a number from 0 to 255 (decimal digits only)"
          + (hasRecordType ? "; give the record's data only, without owner, class and type" : "")
      case .notAHexDigit(let character, let position, let field, let part, let partText):
        let digit = "'\(character)' at character \(position) is not a hex digit"
        guard part > 1 else { return digit }
        // A word after a complete record is read as data split by white space: say so, or an
        // extra field would be reported as a bare bad digit.
        return "field \(field) '\(partText)' is not hex: \(digit) (the fields after the"
          + " matching type are all data, which may be split by white space as in a zone file)"
      case .oddDigitCount(let count, let parts):
        let split = parts > 1 ? " in \(parts) parts" : ""
        return "the data has \(count) hex digits\(split), an odd number (each octet is two digits)"
      }
    }
  }

  /// Splits `text` at runs of spaces and tabs.
  static func fields(_ text: String) -> [Field] {
    var fields: [Field] = []
    var start: String.Index?
    var startPosition = 0
    var position = 0
    for index in text.indices {
      position += 1
      let isSeparator = text[index] == " " || text[index] == "\t"
      if isSeparator, let open = start {
        fields.append(Field(text: text[open..<index], position: startPosition))
        start = nil
      } else if !isSeparator, start == nil {
        start = index
        startPosition = position
      }
    }
    if let open = start {
      fields.append(Field(text: text[open...], position: startPosition))
    }
    return fields
  }

  static func parse(_ text: String) throws(Problem) -> TLSARecordArgument {
    let fields = fields(text)
    guard fields.count >= numberNames.count + 1 else {
      throw .missingFields(count: fields.count)
    }
    // The three numbers: ASCII digits only (no sign), at most 255, as every option reads them.
    var numbers: [UInt8] = []
    for (name, field) in zip(numberNames, fields) {
      guard let number = DecimalNumber.integer(field.text, as: UInt8.self) else {
        let hasRecordType = fields.contains { $0.text.uppercased() == "TLSA" }
        throw .notANumber(name: name, text: String(field.text), hasRecordType: hasRecordType)
      }
      numbers.append(number)
    }
    // The data: every remaining field, joined, two hex digits to an octet.
    let parts = fields.dropFirst(numberNames.count)
    var digits = ""
    for (offset, part) in parts.enumerated() {
      for (index, character) in part.text.enumerated() {
        // Character.isHexDigit also takes the fullwidth forms: ASCII only.
        guard character.isASCII, character.isHexDigit else {
          throw .notAHexDigit(
            character, position: part.position + index, field: numberNames.count + 1 + offset,
            part: offset + 1, partText: String(part.text))
        }
        digits.append(character)
      }
    }
    // Only hex digits are left: the decoder can refuse only an odd count.
    guard digits.count % 2 == 0, let data = try? Hex.decode(digits) else {
      throw .oddDigitCount(digits.count, parts: parts.count)
    }
    return TLSARecordArgument(
      usage: numbers[0], selector: numbers[1], matchingType: numbers[2], data: data,
      dataParts: parts.count)
  }
}
