extension StringProtocol {
  /// The text without the white space at either end, judged scalar by scalar. White space is
  /// what full Foundation's CharacterSet.whitespaces holds (tab, space, no-break space, U+1680,
  /// U+2000 to U+200B, U+202F, U+205F, U+3000); with `andNewlines`, also what
  /// .whitespacesAndNewlines adds (U+000A to U+000D, U+0085, U+2028, U+2029). FoundationEssentials
  /// has neither set.
  public func trimmingWhitespace(andNewlines: Bool = false) -> String {
    let isTrimmed = { (scalar: Unicode.Scalar) -> Bool in
      switch scalar.value {
      case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
      case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return andNewlines
      default: return false
      }
    }
    let scalars = Substring(self).unicodeScalars
    guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
      let last = scalars.lastIndex(where: { !isTrimmed($0) })
    else { return "" }
    return String(Substring(scalars[first...last]))
  }
}
