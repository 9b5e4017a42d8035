import FoundationEssentials
import Glibc
import ValidationCore

/// Finds and loads themes: `NAME.theme` in a Themes folder (beside or above the executable, or
/// in the source tree), else the built-in copy of the same name. A theme that cannot be read is
/// reported and the default used instead, so a bad file never keeps the console from opening.
public struct ThemeCatalog: Sendable {
  public static let defaultName = "dark"
  public static let monochromeName = "mono"

  public let directories: [URL]

  public init(directories: [URL]) {
    self.directories = directories
  }

  /// The folders searched, in order: `$DANESCOPE_THEMES`, then a `Themes` or
  /// `share/danescope/themes` folder beside the executable or in any folder above it (the
  /// source tree, when run from .build), then the source tree this file was compiled from.
  public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> ThemeCatalog
  {
    var found: [URL] = []
    if let path = environment["DANESCOPE_THEMES"], !path.isEmpty {
      found.append(URL(fileURLWithPath: path))
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
      .resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<6 {
      found.append(folder.appendingPathComponent("Themes"))
      found.append(folder.appendingPathComponent("share/danescope/themes"))
      folder = folder.deletingLastPathComponent()
    }
    let sourceTree = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    found.append(sourceTree.appendingPathComponent("Themes"))
    var isFolder = false
    let existing = found.filter {
      FileManager.default.fileExists(atPath: $0.path, isDirectory: &isFolder) && isFolder
    }
    var unique: [URL] = []
    for url in existing where !unique.contains(url.standardizedFileURL) {
      unique.append(url.standardizedFileURL)
    }
    return ThemeCatalog(directories: unique)
  }

  /// Every theme name on offer, built-ins first, in the order `t` cycles through them.
  public var names: [String] {
    var names = BuiltInThemes.names
    for folder in directories {
      let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for file in files.sorted() where file.hasSuffix(".theme") {
        // Only regular files are on offer: a folder, a FIFO or a dangling link is no theme.
        guard Self.isRegularFile(folder.appendingPathComponent(file).path) else { continue }
        let name = String(file.dropLast(".theme".count))
        if !names.contains(name) { names.append(name) }
      }
    }
    return names
  }

  /// Whether `--theme name` names something: a theme on offer, or a file `name.theme` in a
  /// themes folder that is there but is not a regular file (a folder, a FIFO, a link to a
  /// device, a dangling link). Such a file is no typing mistake: loading it says what is wrong
  /// with it, and the default theme is used.
  public func isKnown(_ name: String) -> Bool {
    if names.contains(name) { return true }
    return file(named: name) != nil
  }

  /// The first `name.theme` in the themes folders, whatever it is (not followed if a link).
  private func file(named name: String) -> URL? {
    guard !name.isEmpty, !name.contains("/") else { return nil }
    for folder in directories {
      let file = folder.appendingPathComponent("\(name).theme")
      var facts = stat()
      if lstat(file.path, &facts) == 0 { return file }
    }
    return nil
  }

  private static func isRegularFile(_ path: String) -> Bool {
    var facts = stat()
    return stat(path, &facts) == 0 && facts.st_mode & S_IFMT == S_IFREG
  }

  /// The theme called `name`, or the default with the reason it could not be used.
  public func load(_ name: String) -> (theme: Theme, error: ThemeError?) {
    do {
      return (try theme(named: name), nil)
    } catch {
      return (Self.builtIn(Self.defaultName), error)
    }
  }

  /// A theme is a few dozen lines; anything this large is not one (and is not read whole).
  static let maximumFileSize = 64 * 1024

  public func theme(named name: String) throws(ThemeError) -> Theme {
    guard !name.isEmpty, !name.contains("/") else {
      throw ThemeError(file: name, line: nil, message: "not a theme name")
    }
    if let file = file(named: name) {
      let text: String
      do throws(InputFile.ReadError) {
        // Opened without blocking and checked to be a regular file before it is read: a FIFO
        // or a link to /dev/zero is refused, not waited on or read forever.
        text = try InputFile.readText(file.path, maximumSize: Self.maximumFileSize)
      } catch {
        throw ThemeError(file: file.path, line: nil, message: error.problem)
      }
      return try Theme.parse(text, name: name, file: file.path)
    }
    if let text = BuiltInThemes.text(named: name) {
      return try Theme.parse(text, name: name, file: "built-in \(name)")
    }
    throw ThemeError(
      file: "\(name).theme", line: nil,
      message: "no such theme (try: \(names.joined(separator: ", ")))")
  }

  /// The status line's word on a theme that could not be used: what was wrong, where, and
  /// that the built-in default is drawn instead (a user's file may carry the default's name).
  public static func fallbackMessage(_ error: ThemeError) -> String {
    "\(error.description); using the built-in \(defaultName) theme"
  }

  /// The status line's word on the theme `t` switched to; without colour (NO_COLOR or
  /// --no-color) it says that only its attributes show.
  public static func announcement(of name: String, isMonochrome: Bool) -> String {
    isMonochrome
      ? "Theme: \(name), in attributes only (no colour: NO_COLOR or --no-color)"
      : "Theme: \(name)"
  }

  /// A built-in theme. Their texts are checked by tests, so this cannot fail at run time.
  public static func builtIn(_ name: String) -> Theme {
    let text = BuiltInThemes.text(named: name) ?? BuiltInThemes.dark
    return (try? Theme.parse(text, name: name, file: "built-in"))
      ?? Theme(name: name, styles: [.normal: .plain])
  }
}
