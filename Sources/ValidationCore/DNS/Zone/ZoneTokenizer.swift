/// Splits zone-file text (RFC 1035 §5.1) into entries of words: comments dropped, quoted
/// strings kept whole, parentheses joining lines, escapes left in the words for the field
/// parsers. An entry whose first word does not start at column 1 has its owner omitted.
enum ZoneTokenizer {
  struct Entry: Equatable {
    var tokens: [PresentationToken]
    var ownerOmitted: Bool

    /// A `$` line (`$ORIGIN`, `$TTL`, `$INCLUDE`) rather than a record.
    var isDirective: Bool {
      !ownerOmitted && !tokens[0].isQuoted && tokens[0].text.hasPrefix("$")
    }
  }

  /// The words of one line (no owner logic), for RDATA written on its own.
  static func tokens(ofLine text: String) throws(ZoneFileError) -> [PresentationToken] {
    try entries(text).flatMap(\.tokens)
  }

  /// The entries of `text`. With `maximumRecords`, the text is read no further than the record
  /// after that many (a bound on the time and memory a huge file takes), which is refused.
  static func entries(_ text: String, maximumRecords: Int = .max) throws(ZoneFileError)
    -> [Entry]
  {
    var state = State(maximumRecords: maximumRecords)
    var bytes = Array(text.utf8)[...]
    while let byte = bytes.popFirst() {
      if state.inQuote {
        try state.quoted(byte, &bytes)
        continue
      }
      switch byte {
      case UInt8(ascii: ";"):
        state.endToken()
        while let next = bytes.first, next != 0x0A {
          bytes.removeFirst()
          state.advance(next)
        }
      case UInt8(ascii: "\""):
        if state.current.isEmpty && !state.hasToken {
          state.startToken()
          state.inQuote = true
        } else {
          state.append(byte)
        }
      case UInt8(ascii: "\\"):
        guard let next = bytes.popFirst(), next != 0x0A else {
          throw ZoneFileError(.danglingEscape, line: state.line, column: state.column)
        }
        if !state.hasToken { state.startToken() }
        state.append(byte)
        state.append(next)
        state.advance(next)
      case UInt8(ascii: "("):
        state.endToken()
        state.openLines.append(state.line)
      case UInt8(ascii: ")"):
        state.endToken()
        guard state.openLines.popLast() != nil else {
          throw ZoneFileError(.unbalancedParenthesis, line: state.line, column: state.column)
        }
      case 0x20, 0x09, 0x0D:
        state.endToken()
      case 0x0A:
        state.endToken()
        if state.openLines.isEmpty { try state.endEntry() }
      default:
        if !state.hasToken { state.startToken() }
        state.append(byte)
      }
      state.advance(byte)
    }
    if state.inQuote {
      throw ZoneFileError(.unterminatedString, line: state.tokenLine, column: state.tokenColumn)
    }
    state.endToken()
    if let opened = state.openLines.first {
      throw ZoneFileError(
        .unclosedParenthesis(openedAtLine: opened), line: state.line, column: state.column)
    }
    try state.endEntry()
    return state.entries
  }

  private struct State {
    let maximumRecords: Int
    var records = 0
    var entries: [Entry] = []
    var tokens: [PresentationToken] = []
    var current: [UInt8] = []
    var hasToken = false
    var inQuote = false
    var tokenLine = 1
    var tokenColumn = 1
    var line = 1
    var column = 1
    var openLines: [Int] = []

    /// Moves the position past `byte` (columns count characters, not UTF-8 continuations).
    mutating func advance(_ byte: UInt8) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }

    mutating func startToken() {
      hasToken = true
      tokenLine = line
      tokenColumn = column
    }

    mutating func append(_ byte: UInt8) { current.append(byte) }

    mutating func endToken(quoted: Bool = false) {
      guard hasToken else { return }
      tokens.append(
        PresentationToken(
          String(decoding: current, as: UTF8.self), isQuoted: quoted, line: tokenLine,
          column: tokenColumn))
      current = []
      hasToken = false
    }

    mutating func endEntry() throws(ZoneFileError) {
      guard let first = tokens.first else { return }
      let entry = Entry(tokens: tokens, ownerOmitted: first.column > 1)
      if !entry.isDirective {
        records += 1
        guard records <= maximumRecords else {
          throw ZoneFileError(
            .tooManyRecords(maximum: maximumRecords), line: first.line, column: first.column)
        }
      }
      entries.append(entry)
      tokens = []
    }

    /// Inside quotes: escapes kept as written, the closing quote ends the word.
    mutating func quoted(_ byte: UInt8, _ bytes: inout ArraySlice<UInt8>) throws(ZoneFileError) {
      switch byte {
      case UInt8(ascii: "\""):
        endToken(quoted: true)
        inQuote = false
      case UInt8(ascii: "\\"):
        guard let next = bytes.popFirst(), next != 0x0A else {
          throw ZoneFileError(.unterminatedString, line: tokenLine, column: tokenColumn)
        }
        append(byte)
        append(next)
        advance(next)
      case 0x0A:
        throw ZoneFileError(.unterminatedString, line: tokenLine, column: tokenColumn)
      default:
        append(byte)
      }
      advance(byte)
    }
  }
}
