extension StringProtocol {
  /// The text without the white space at either end, judged scalar by scalar: tabs and Unicode
  /// space separators (what Foundation's CharacterSet.whitespaces holds), and with `andNewlines`
  /// also line breaks (U+000A to U+000D, U+0085, and the line and paragraph separators, as in
  /// CharacterSet.whitespacesAndNewlines). FoundationEssentials has neither.
  public func trimmingWhitespace(andNewlines: Bool = false) -> String {
    let scalars = Substring(self).unicodeScalars
    let isTrimmed = { (scalar: Unicode.Scalar) -> Bool in
      switch scalar.properties.generalCategory {
      case .spaceSeparator: return true
      case .lineSeparator, .paragraphSeparator: return andNewlines
      default:
        return scalar == "\t" || andNewlines && (("\n"..."\r").contains(scalar) || scalar == "\u{85}")
      }
    }
    guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
      let last = scalars.lastIndex(where: { !isTrimmed($0) })
    else { return "" }
    return String(Substring(scalars[first...last]))
  }
}
