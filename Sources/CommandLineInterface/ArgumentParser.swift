import ValidationCore

/// A usage error: what was wrong and at which argument (1-based, as the shell numbers them).
public struct UsageError: Error, Equatable, CustomStringConvertible {
  public let message: String
  public let argumentIndex: Int?

  public init(_ message: String, at argumentIndex: Int? = nil) {
    self.message = message
    self.argumentIndex = argumentIndex
  }

  /// The message quotes what was typed: control characters in it (an escape sequence pasted
  /// into a name, say) are shown as `\DDD`, the one style of SanitizedText, so that printing the
  /// error cannot drive the terminal; and an argument of any length is echoed only in part
  /// (`ArgumentText.bounded`), so that a 100 000-character argument gives a short error.
  public var description: String {
    let shown = ArgumentText.echoed(message)
    if let argumentIndex {
      return "danescope: \(shown) (argument \(argumentIndex))"
    }
    return "danescope: \(shown)"
  }
}

/// Text from the command line or from a file name, made safe to print on a terminal.
public enum ArgumentText {
  /// Control characters (C0, DEL, C1), bidirectional controls and other invisible formatting
  /// characters become `\DDD` (their UTF-8 octets), as `SanitizedText(prose:)` writes them;
  /// every other character, backslashes included, is kept.
  public static func escapingControls(_ text: String) -> String {
    SanitizedText(prose: text).text
  }

  /// Most characters of one word (a run without spaces) that a message echoes; no word of
  /// danescope's own is this long, so only what was typed is cut. Above the longest domain name
  /// with a port and quotes (253 + 6 + 2), so that a name a message is about is shown whole.
  public static let wordLimit = 300
  /// Most characters of a whole message: many arguments, each short, are cut here.
  public static let messageLimit = 2000

  /// `text` with every word longer than `wordLimit` characters cut to its first `wordLimit`,
  /// followed by `… (N more octets)` (N counts the UTF-8 octets left out), and the whole cut
  /// the same way at `messageLimit`. Text within both limits is returned as it is.
  public static func bounded(_ text: String) -> String {
    var result = ""
    var word = ""
    for character in text {
      if character == " " {
        result += cut(word, at: wordLimit) + " "
        word = ""
      } else {
        word.append(character)
      }
    }
    result += cut(word, at: wordLimit)
    return cut(result, at: messageLimit)
  }

  private static func cut(_ text: String, at limit: Int) -> String {
    guard text.count > limit else { return text }
    let kept = text.prefix(limit)
    let omitted = text.utf8.count - kept.utf8.count
    return kept + "… (\(omitted) more octet\(omitted == 1 ? "" : "s"))"
  }

  /// A message that echoes what was typed or named (a file name given to an option, a word, an
  /// environment variable's folder), shown as a usage error shows it: control characters
  /// escaped (`escapingControls`), then every word bounded (`bounded`). Every error that quotes
  /// such text is printed through this, whatever the exit status.
  public static func echoed(_ message: String) -> String {
    bounded(escapingControls(message))
  }

  /// Arguments as an error lists them: each in its own quotes, so that an empty one shows as
  /// `''` and one with spaces stays one (`'a.example' '' 'b c'`).
  public static func quotedList(_ arguments: [String]) -> String {
    arguments.map { "'\($0)'" }.joined(separator: " ")
  }
}

/// The command line after parsing: options by name and the positional words in order.
public struct ParsedArguments: Equatable, Sendable {
  public var flags: Set<String> = []
  public var values: [String: [String]] = [:]
  /// Where the option of each value of `values` was on the command line (1 is the first
  /// argument), in step with `values`: errors about a value point at its option, as for `--at`.
  public var valuePositions: [String: [Int]] = [:]
  public var positionals: [String] = []
  /// Where each option given (flag or value) was first on the command line, for errors about
  /// the option itself (one that does not apply to the command).
  public var optionPositions: [String: Int] = [:]
  /// Where each of `positionals` was on the command line, in step with it.
  public var positionalPositions: [Int] = []

  public init() {}

  /// Where the last `option` was on the command line, for errors about its value.
  public func position(of option: String) -> Int? { valuePositions[option]?.last }

  /// Where the `offset`-th of a repeated option was on the command line.
  public func position(of option: String, occurrence offset: Int) -> Int? {
    guard let positions = valuePositions[option], positions.indices.contains(offset) else {
      return nil
    }
    return positions[offset]
  }

  public func has(_ flag: String) -> Bool { flags.contains(flag) }

  /// The last value given for an option that takes one.
  public func value(_ option: String) -> String? { values[option]?.last }

  public func allValues(_ option: String) -> [String] { values[option] ?? [] }
}

public enum ArgumentParser {
  /// The arguments as the kernel passed them (without the program name), as text. An argument
  /// that is not UTF-8 is refused rather than repaired: a repaired domain name would be looked
  /// up as another name than the one typed.
  public static func decode(_ raw: [[UInt8]]) throws(UsageError) -> [String] {
    var arguments: [String] = []
    for (index, bytes) in raw.enumerated() {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        // Printable ASCII as it is, every other octet as \DDD (the message keeps backslashes,
        // so these stay as they are).
        let shown = bytes.map { byte in
          (0x20...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : DNSName.decimalEscape(byte)
        }.joined()
        throw UsageError("'\(shown)' is not valid UTF-8", at: index + 1)
      }
      arguments.append(text)
    }
    return arguments
  }

  /// Parses `arguments` (without the program name). `--name=value` and `--name value` are
  /// both accepted; `--` ends the options. An option given twice (a flag too, under either of
  /// its names: `-h --help`) is refused, except those made to repeat (`--forwarder`). Values
  /// every command reads the same way (`--at`) are checked here, so that no command can be
  /// handed one it cannot represent.
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
        parsed.positionalPositions.append(position)
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
      name = OptionTable.longName(name)
      guard let spec = OptionTable.spec(named: name) else {
        throw UsageError("unknown option '\(name)'", at: position)
      }
      if parsed.optionPositions[name] == nil { parsed.optionPositions[name] = position }
      switch spec.arity {
      case .flag:
        if inlineValue != nil {
          throw UsageError("option '\(name)' takes no value", at: position)
        }
        // One rule for every option but the repeatable ones: given once. A second `--json`
        // would change nothing, so it is refused as a second `--at` is, not silently taken.
        guard parsed.flags.insert(name).inserted else {
          throw UsageError("option '\(name)' given twice", at: position)
        }
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
        if name == "--at" { _ = try TimeArgument.parse(value, argument: position) }
        parsed.values[name, default: []].append(value)
        parsed.valuePositions[name, default: []].append(position)
      }
    }
    return parsed
  }
}

extension TextOutput {
  /// Prints a usage error the one way every command does: what was wrong and where, then where
  /// the command line is explained. (Errors in a file's contents, such as a resolver
  /// configuration's line, name the file and line instead and end there.)
  public func usageError(_ error: UsageError) {
    self.error(error.description)
    self.error("Try 'danescope --help'.")
  }
}
