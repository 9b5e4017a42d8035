/// Why a zone file could not be read: what, in which file, at which line and column.
public struct ZoneFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    case unterminatedString
    case unbalancedParenthesis
    /// The file ends inside parentheses opened at `line`.
    case unclosedParenthesis(openedAtLine: Int)
    case danglingEscape
    case includeNotSupported
    case unknownDirective(String)
    case invalidDirective(String, reason: String)
    /// A relative name (or `@`) before any `$ORIGIN` and without an origin given.
    case missingOrigin(String)
    /// No owner yet for a line that starts with blank space.
    case missingOwner
    case missingType
    /// A record without a TTL before any `$TTL` or SOA to take it from.
    case missingTTL
    case invalidTTL(String)
    case unknownType(String)
    case invalidName(String, DNSNameError)
    /// The RDATA could not be read (`what` says why).
    case invalidRDATA(type: RRType, what: String)
    /// A record the reader refuses as written, with its type word (a reader that passes some
    /// records over by another program's rules, TrustAnchorText).
    case refusedRecord(type: String, reason: String)
    /// More records than the reader was asked to read at most; the error is at the first
    /// record past that many.
    case tooManyRecords(maximum: Int)
  }

  public var fileName: String
  public var line: Int
  public var column: Int
  public var kind: Kind

  public init(_ kind: Kind, fileName: String = "", line: Int, column: Int) {
    self.kind = kind
    self.fileName = fileName
    self.line = line
    self.column = column
  }

  public var what: String {
    switch kind {
    case .unterminatedString: return "quoted string not closed before the end of the line"
    case .unbalancedParenthesis: return "')' without a matching '('"
    case .unclosedParenthesis(let line): return "'(' opened at line \(line) is never closed"
    case .danglingEscape: return "backslash at the end of a line"
    case .includeNotSupported:
      return "$INCLUDE is not supported: inline the included file instead"
    case .unknownDirective(let name): return "unknown directive \(name)"
    case .invalidDirective(let name, let reason): return "\(name): \(reason)"
    case .missingOrigin(let name):
      return "relative name '\(name)' with no $ORIGIN and no origin given"
    case .missingOwner: return "record with no owner name (blank owner on the first record)"
    case .missingType: return "record with no type"
    case .missingTTL: return "record with no TTL, and no $TTL or SOA before it"
    case .invalidTTL(let text): return "'\(text)' is not a TTL"
    case .unknownType(let text): return "unknown record type or class '\(text)'"
    case .invalidName(let text, let error): return "bad name '\(text)': \(error)"
    case .invalidRDATA(let type, let what): return "\(type) RDATA: \(what)"
    case .refusedRecord(let type, let reason): return "\(type) record: \(reason)"
    case .tooManyRecords(let maximum): return "more than \(maximum) records"
    }
  }

  public var description: String {
    (fileName.isEmpty ? "" : "\(fileName):") + "\(line):\(column): \(what)"
  }
}
