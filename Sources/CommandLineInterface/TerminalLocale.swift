import Glibc

/// Whether the locale danescope runs in (LC_ALL, LC_CTYPE, LANG) writes UTF-8. Under another one
/// (LANG=C, POSIX, a Latin-1 locale) a terminal cannot show the line, arrow and `§` characters,
/// so everything danescope writes for a person is ASCII: the console draws with ASCII, as with
/// `--ascii`, and the text of the commands is spelled in ASCII (TextOutput, ASCIIText). JSON is
/// data, not text for a terminal: it is written as it is, in UTF-8 (RFC 8259 §8.1).
enum TerminalLocale {
  /// Read once, from the environment, without changing the process's own locale.
  static let writesUTF8: Bool = {
    guard let locale = newlocale(LC_CTYPE_MASK, "", nil) else { return false }
    defer { freelocale(locale) }
    guard let codeset = nl_langinfo_l(nl_item(CODESET), locale) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }()

  /// The one rule for drawing (the console, `chain`'s tree): ASCII when `--ascii` is given or
  /// the locale does not write UTF-8.
  static func drawsASCII(_ parsed: ParsedArguments) -> Bool {
    parsed.has("--ascii") || !writesUTF8
  }
}
