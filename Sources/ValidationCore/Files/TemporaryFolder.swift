import FoundationEssentials
import Glibc

/// The folder danescope makes its private folders in: the lab's (zones, certificate keys) and a
/// resolver's (the generated unbound.conf, a trust anchor copy). It is TMPDIR when that is set
/// and not empty, else /tmp, as Foundation picks it, but read from the environment's own bytes
/// and checked before anything is made there (Docs/Decisions.md, D-resolver-6):
///
/// - it must be UTF-8: Foundation would read other bytes as U+FFFD, and so make the folder
///   somewhere else than the user said;
/// - it must hold none of the characters libunbound's configuration reader takes as a file-name
///   pattern (`*`, `?`, `[`, `{`, `~`): libunbound 1.17 globs every configuration file name that
///   holds one, and reads each match, or nothing when none matches. A folder name with one
///   matches itself, which libunbound globs again until its stack runs out (SIGSEGV);
/// - it must hold no `"` and no control or invisible formatting character: the generated
///   unbound.conf quotes the lab's zone file paths, and a quoted unbound.conf string cannot hold
///   a `"` or a line break; and the folder is printed (`lab serve`), where a control character
///   would steer the terminal.
public enum TemporaryFolder {
  /// Why the temporary folder cannot be used: which folder, what is wrong, what to do.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The folder as it can be printed (SanitizedText).
    public let folder: String
    /// Whether the folder came from TMPDIR (else it is the default, /tmp).
    public let isFromTMPDIR: Bool
    public let reason: String
    public let remedy: String

    public var description: String {
      let source = isFromTMPDIR ? "TMPDIR" : "the default; TMPDIR is not set"
      return "the temporary folder cannot be used: '\(folder)' (\(source)) \(reason); \(remedy)"
    }
  }

  /// The characters libunbound 1.17's configuration reader (`config_read`) takes as a pattern.
  public static let patternCharacters: [Character] = ["*", "?", "[", "{", "~"]
  static let defaultFolder = "/tmp"
  /// The six characters mkdtemp replaces with random ones.
  static let mkdtempSuffix = String(repeating: "X", count: 6)
  static let remedyForName =
    "set TMPDIR to a folder whose path is UTF-8 and has none of * ? [ { ~ \" or control"
    + " characters"
  static let remedyForFolder = "set TMPDIR to a folder you can write to"

  /// TMPDIR's bytes as the process got them, or nil when it is not set.
  public static func environmentBytes() -> [UInt8]? {
    guard let value = getenv("TMPDIR") else { return nil }
    return Array(UnsafeBufferPointer(start: value, count: strlen(value))).map {
      UInt8(bitPattern: $0)
    }
  }

  /// The folder to make private folders in, checked (see above). `tmpdir`: TMPDIR's bytes.
  public static func path(tmpdir: [UInt8]? = environmentBytes()) throws(Problem) -> String {
    guard let tmpdir, !tmpdir.isEmpty else { return defaultFolder }
    guard let text = String(validating: tmpdir, as: UTF8.self) else {
      throw Problem(
        folder: SanitizedText(bytes: tmpdir).text, isFromTMPDIR: true,
        reason: "is not valid UTF-8", remedy: remedyForName)
    }
    let shown = SanitizedText(prose: text).text
    if let pattern = text.first(where: patternCharacters.contains) {
      throw Problem(
        folder: shown, isFromTMPDIR: true,
        reason:
          "contains '\(pattern)', which libunbound reads as a file-name pattern in the names of"
          + " the files danescope hands it from there",
        remedy: remedyForName)
    }
    if let bad = text.unicodeScalars.first(where: { $0 == "\"" || SanitizedText.isUnsafe($0) }) {
      let kind =
        bad.properties.generalCategory == .control ? "control character" : "invisible character"
      let what = bad == "\"" ? "a quote (\")" : "the \(kind) \(SanitizedText(prose: String(bad)))"
      throw Problem(
        folder: shown, isFromTMPDIR: true,
        reason: "contains \(what), which the unbound.conf danescope writes there cannot hold",
        remedy: remedyForName)
    }
    var folder = text
    while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
    return folder
  }

  /// Makes a private folder (mkdtemp, mode 0700) named `prefix` and six random characters in
  /// the temporary folder, and returns its path.
  public static func makePrivateFolder(prefix: String) throws(Problem) -> String {
    let base = try path()
    let separator = base.hasSuffix("/") ? "" : "/"
    var template = Array((base + separator + prefix + mkdtempSuffix).utf8CString)
    guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
      throw problem(
        "cannot hold a private folder: \(String(cString: strerror(errno)))", in: base,
        remedy: remedyForFolder)
    }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  /// Checks that a private folder can be made there, and removes it: for the console, which
  /// starts the lab once curses has the screen, to refuse a bad folder before that.
  public static func checkUsable() throws(Problem) {
    let folder = try makePrivateFolder(prefix: "danescope-check-")
    rmdir(folder)
  }

  /// A file danescope could not write in its private folder there because the folder is full
  /// (ENOSPC, EDQUOT): the temporary folder's problem, said as such. Nil for another reason,
  /// which is the file's own (said with the file's name by the caller).
  public static func fullFolderProblem(_ file: String, code: Int32) -> Problem? {
    guard code == ENOSPC || code == EDQUOT else { return nil }
    let base = (try? path()) ?? defaultFolder
    return problem(
      "cannot hold the file \(SanitizedText(prose: file).text):"
        + " \(String(cString: strerror(code)))", in: base,
      remedy: "free space there, or " + remedyForFolder)
  }

  private static func problem(_ reason: String, in base: String, remedy: String) -> Problem {
    let isSet = !(environmentBytes() ?? []).isEmpty
    return Problem(
      folder: SanitizedText(prose: base).text, isFromTMPDIR: isSet, reason: reason, remedy: remedy)
  }
}
