import Foundation

@testable import ValidationCore

/// The heading Docs/Findings.md gives a code: `### CODE (error)`, or, for a code that is raised
/// with another severity in some cases, every severity it can have, the catalogue's first:
/// `### CODE (error or warning)`.
enum FindingHeadings {
  /// The severities the heading of `code` lists, nil when `text` has no heading for it.
  static func severities(of code: FindingCode, in text: Substring) -> [String]? {
    let opening = "### \(code.rawValue) ("
    guard let start = text.range(of: opening) else { return nil }
    let rest = text[start.upperBound...]
    guard let line = rest.split(separator: "\n", omittingEmptySubsequences: false).first,
      line.hasSuffix(")")
    else { return nil }
    return line.dropLast().components(separatedBy: " or ")
  }

  /// The whole heading line of `code` (without its newline), nil when there is none.
  static func line(of code: FindingCode, in text: Substring) -> String? {
    guard let severities = severities(of: code, in: text) else { return nil }
    return "### \(code.rawValue) (\(severities.joined(separator: " or ")))"
  }

  /// True when `text` has a heading for the entry's code that names its catalogue severity first.
  static func isDocumented(_ entry: FindingCatalog.Entry, in text: Substring) -> Bool {
    severities(of: entry.code, in: text)?.first == entry.severity.description
  }
}
