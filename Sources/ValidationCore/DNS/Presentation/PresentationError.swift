/// Why RDATA (or a record) in presentation form could not be read, and at which token.
public struct PresentationError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// The record ends before this field.
    case missingField(String)
    /// Words left after the last field.
    case unexpectedToken
    case invalidNumber(field: String, maximum: UInt64)
    case invalidName(field: String, DNSNameError)
    case invalidAddress(String)
    case invalidEncoding(field: String, EncodingError)
    case invalidTime(field: String)
    case unknownType
    case unknownAlgorithm
    case danglingEscape
    case badDecimalEscape
    case stringTooLong(field: String, length: Int)
    /// RFC 3597 `\#` data whose length word disagrees with its hex, or data that does not
    /// decode as the type (`reason` says why).
    case invalidGenericData(String)
    /// This type can only be written in RFC 3597 generic form.
    case genericFormRequired(RRType)
    case invalidField(field: String, reason: String)
  }

  public var kind: Kind
  /// The offending word (empty when a field is missing at the end).
  public var token: String
  public var line: Int
  public var column: Int

  public init(_ kind: Kind, token: String, line: Int, column: Int) {
    self.kind = kind
    self.token = token
    self.line = line
    self.column = column
  }

  public init(_ kind: Kind, at token: PresentationToken) {
    self.init(kind, token: token.description, line: token.line, column: token.column)
  }

  /// What went wrong, without the position.
  public var what: String {
    switch kind {
    case .missingField(let field): return "missing \(field)"
    case .unexpectedToken: return "unexpected '\(token)' after the last field"
    case .invalidNumber(let field, let maximum):
      return "\(field) '\(token)' is not a number from 0 to \(maximum)"
    case .invalidName(let field, let error): return "\(field) '\(token)': \(error)"
    case .invalidAddress(let family): return "'\(token)' is not an \(family) address"
    case .invalidEncoding(let field, let error): return "\(field): \(error)"
    case .invalidTime(let field):
      return "\(field) '\(token)' is neither YYYYMMDDHHmmSS nor a number of seconds"
    case .unknownType: return "unknown record type '\(token)'"
    case .unknownAlgorithm: return "unknown algorithm '\(token)'"
    case .danglingEscape: return "backslash at the end of '\(token)'"
    case .badDecimalEscape: return "bad \\DDD escape in '\(token)'"
    case .stringTooLong(let field, let length):
      return "\(field) of \(length) octets (at most 255)"
    case .invalidGenericData(let reason): return "bad RFC 3597 data: \(reason)"
    case .genericFormRequired(let type):
      return "\(type) data can only be written as \\# length hex (RFC 3597)"
    case .invalidField(let field, let reason): return "\(field) '\(token)': \(reason)"
    }
  }

  public var description: String { "line \(line), column \(column): \(what)" }
}
