/// Text for a terminal that cannot show Unicode, spelled in ASCII: the arrows of signature
/// windows and NSEC links, the `§` of RFC sections, the tree's lines and any other non-ASCII
/// character get an ASCII stand-in (`?` when there is none). The one spelling of the text
/// danescope prints (`chain --ascii`, and every command's text under a locale that is not
/// UTF-8); the console's cell grid keeps one character a cell and has its own.
public enum ASCIIText {
  public static func spelled(_ text: String) -> String {
    // Most text is ASCII already, and goes out as it is.
    guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "→": out += "->"
      case "←": out += "<-"
      case "§": out += "section "
      case "…": out += "..."
      case "×": out += "x"
      case "–", "—", "─": out += "-"
      case "│": out += "|"
      case "├": out += "|"
      case "└": out += "`"
      case "✓": out += "+"
      case "✗": out += "x"
      default: out += "?"
      }
    }
    return out
  }
}
