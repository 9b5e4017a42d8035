/// A usage error: what was wrong and at which argument (1-based, as the shell numbers them).
public struct UsageError: Error, Equatable, CustomStringConvertible {
  public let message: String
  public let argumentIndex: Int?

  public init(_ message: String, at argumentIndex: Int? = nil) {
    self.message = message
    self.argumentIndex = argumentIndex
  }

  public var description: String {
    if let argumentIndex {
      return "danescope: \(message) (argument \(argumentIndex))"
    }
    return "danescope: \(message)"
  }
}

/// The command line after parsing: options by name and the positional words in order.
public struct ParsedArguments: Equatable, Sendable {
  public var flags: Set<String> = []
  public var values: [String: [String]] = [:]
  public var positionals: [String] = []

  public init() {}

  public func has(_ flag: String) -> Bool { flags.contains(flag) }

  /// The last value given for an option that takes one.
  public func value(_ option: String) -> String? { values[option]?.last }

  public func allValues(_ option: String) -> [String] { values[option] ?? [] }
}

public enum ArgumentParser {
  /// Parses `arguments` (without the program name). `--name=value` and `--name value` are
  /// both accepted; `--` ends the options.
  public static func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let word = arguments[index]
      let position = index + 1
      index += 1
      if optionsEnded || !word.hasPrefix("-") || word == "-" {
        parsed.positionals.append(word)
        continue
      }
      if word == "--" {
        optionsEnded = true
        continue
      }
      var name = word
      var inlineValue: String?
      if let equals = word.firstIndex(of: "=") {
        name = String(word[..<equals])
        inlineValue = String(word[word.index(after: equals)...])
      }
      if name == "-h" { name = "--help" }
      if name == "-V" { name = "--version" }
      guard let spec = OptionTable.spec(named: name) else {
        throw UsageError("unknown option '\(name)'", at: position)
      }
      switch spec.arity {
      case .flag:
        if inlineValue != nil {
          throw UsageError("option '\(name)' takes no value", at: position)
        }
        parsed.flags.insert(name)
      case .value, .repeatedValue:
        let value: String
        if let inlineValue {
          value = inlineValue
        } else if index < arguments.count {
          value = arguments[index]
          index += 1
        } else {
          throw UsageError("option '\(name)' needs a value", at: position)
        }
        if case .value = spec.arity, parsed.values[name] != nil {
          throw UsageError("option '\(name)' given twice", at: position)
        }
        parsed.values[name, default: []].append(value)
      }
    }
    return parsed
  }
}
