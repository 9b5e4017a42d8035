/// What a person may type as a mail domain (`check DOMAIN`, the console's domain prompt): a
/// host name, so letters, digits, hyphens and underscores in dot-separated labels, with or
/// without the final dot; no label starts or ends with a hyphen, and the last is not all digits. Internationalised names are given as A-labels (`xn--bcher-kva`);
/// danescope does not convert U-labels itself. Anything else is refused with the reason and
/// the place, rather than looked up as some other name than the one meant (`\032ee-valid.` for
/// a leading space, a raw UTF-8 label for `bücher`, a literal `*` label).
///
/// `danescope chain NAME` is a DNS tool and takes any presentation-form name (`DNSName`).
public enum MailDomain {
  /// The name for `text`, or why it is not a mail domain.
  public static func parse(_ text: String) throws(MailDomainError) -> DNSName {
    if text.isEmpty { throw .empty }
    let body = text.hasSuffix(".") ? text.dropLast() : Substring(text)
    if body.isEmpty { throw .root }
    let labels = body.split(separator: ".", omittingEmptySubsequences: false)
    for (index, label) in labels.enumerated() {
      let number = index + 1
      if label.isEmpty { throw .emptyLabel(number) }
      if let character = label.first(where: { !isAllowed($0) }) {
        throw .badCharacter(character, label: number)
      }
      if label.utf8.count > DNSName.maxLabelLength {
        throw .labelTooLong(number, octets: label.utf8.count)
      }
      // RFC 952 and RFC 1123 §2.1: a host name label neither starts nor ends with a hyphen.
      if label.hasPrefix("-") || label.hasSuffix("-") { throw .edgeHyphen(number) }
    }
    // No top-level domain is all digits (RFC 3696 §2): such a name is an address or a typo.
    if let last = labels.last, last.allSatisfy({ ("0"..."9").contains($0) }) {
      throw .numericTopLevel(String(body))
    }
    do {
      return try DNSName(labels: labels.map { Array($0.utf8) })
    } catch {
      throw .tooLong(error)
    }
  }

  private static func isAllowed(_ character: Character) -> Bool {
    guard let ascii = character.asciiValue else { return false }
    switch ascii {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
      return true
    default:
      return false
    }
  }
}

/// Why typed text is not a mail domain. The descriptions quote what was typed through
/// `SanitizedText(prose:)`, so they are safe to print.
public enum MailDomainError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case root
  /// Two dots in a row or a leading dot; the label's number, from 1 on the left.
  case emptyLabel(Int)
  /// The first character of a label that is not a letter, digit, hyphen or underscore.
  case badCharacter(Character, label: Int)
  case labelTooLong(Int, octets: Int)
  /// A label that starts or ends with a hyphen; its number.
  case edgeHyphen(Int)
  /// The last label is all digits (an IPv4 address, say); the name as typed.
  case numericTopLevel(String)
  case tooLong(DNSNameError)

  public var description: String { description(calling: "mail domain") }

  /// The reason, with `noun` for what the text should have been (`mail domain`, `host name`):
  /// the rules are the same for a TLSA base domain, but it is not a mail domain.
  public func description(calling noun: String) -> String {
    switch self {
    case .empty: return "it is empty"
    case .root: return "it is the root, not a \(noun)"
    case .emptyLabel(let label):
      return "label \(label) is empty (two dots in a row, or a leading dot)"
    case .badCharacter(let character, let label):
      if !character.isASCII {
        return "label \(label) has the non-ASCII '\(Self.shown(character))':"
          + " give the name in its xn-- (punycode) form, e.g. xn--bcher-kva for bücher"
      }
      return "label \(label) has " + Self.explain(character, noun: noun)
    case .labelTooLong(let label, let octets):
      return "label \(label) has \(octets) octets (at most 63)"
    case .edgeHyphen(let label):
      return "label \(label) starts or ends with a hyphen, which a host name's labels never do"
    case .numericTopLevel:
      return "its last label is all digits: that is an address, not a \(noun)"
        + " (no top-level domain is numeric)"
    case .tooLong(let error): return error.description
    }
  }

  private static func shown(_ character: Character) -> String {
    SanitizedText(prose: String(character)).text
  }

  private static func explain(_ character: Character, noun: String) -> String {
    switch character {
    case " ": return "a space"
    case "*": return "a wildcard '*' (a \(noun) is one name, not a pattern)"
    default:
      let shown = shown(character)
      if shown != String(character) { return "the control character \(shown)" }
      return "the character '\(shown)' (only letters, digits, '-' and '_' make a label)"
    }
  }
}
