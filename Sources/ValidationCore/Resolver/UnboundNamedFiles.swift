import FoundationEssentials
import Glibc

/// The files an unbound.conf makes libunbound open, found the way libunbound 1.17 finds them, so
/// that each can be checked (a regular file of a sane size) before libunbound reads it: it
/// would read `/dev/zero` or wait on a FIFO with no writer forever.
///
/// What libunbound 1.17 does, measured (Tests/ValidationCoreTests/ResolverNamedFileTests.swift):
/// - `include:` is read while the file is parsed; a name holding `*?[{~` is a glob(3) pattern
///   (brace and tilde expansion on), each match included in turn;
/// - `directory: D` changes the process's working folder at once (chdir), so a relative include
///   after it is looked for in D, and D itself, if relative, in the folder before it;
/// - trust anchor files and zone files are opened when the context is finalized, relative to
///   the working folder then: the last `directory:` that took effect, else where danescope was
///   started;
/// - root hints and the TLS certificate bundle are opened later still, at the first query, when
///   danescope has gone back to the folder it started in (UnboundContext): both places are
///   checked for them;
/// - a `chroot: C` prefix is cut from those later names (not from includes).
struct UnboundNamedFiles {
  /// A file libunbound will open, with where the configuration names it. Messages name files
  /// as they were given (`name`, `configFile`), as libunbound's own do: what a user recognises.
  struct Reference: Equatable {
    /// The name as libunbound will open it, made absolute.
    let path: String
    let keyword: String
    /// The configuration file holding the line, as it was given: the main one as typed, an
    /// included one as the include wrote it.
    let configFile: String
    let line: Int
    /// The file's name as the configuration writes it (a pattern's match as glob(3) gives it).
    let name: String

    init(path: String, keyword: String, configFile: String, line: Int, name: String? = nil) {
      self.path = path
      self.keyword = keyword
      self.configFile = configFile
      self.line = line
      self.name = name ?? path
    }
  }

  /// At most this many configuration files are read (the main one and its includes, a file
  /// included twice counted twice, as libunbound reads it twice): far above any real set-up,
  /// and a glob over a huge folder, or includes that double at each level, end with an error
  /// instead of a long read.
  static let maximumIncludedFiles = 256

  /// A configuration file being read, outermost first, with the line of the include followed
  /// from it: an include of one of these is a loop.
  private struct OpenFile {
    let path: String
    /// As it was given, for messages.
    let shown: String
    let identity: String
    var includeLine = 0
  }

  private(set) var references: [Reference] = []
  /// The `trust-anchor:` lines: each record's text, with where it is (its `path` the
  /// configuration file).
  private(set) var inlineAnchors: [(text: String, reference: Reference)] = []
  /// The `trust-anchor-file:` and `auto-trust-anchor-file:` lines whose value is empty (`""`):
  /// libunbound 1.17 reads nothing for one and says nothing.
  private(set) var unnamedAnchorFiles: [Reference] = []
  private var folder: String
  private var chroot = ""
  private var later: [(keyword: String, value: String, file: String, line: Int)] = []
  private var filesRead = 0
  private var open: [OpenFile] = []
  /// The `auth-zone:` clause being read (where it starts, its `for-downstream:` value): checked
  /// when the next clause starts or the configuration ends (UnboundValidationPolicy).
  private var authZone: (file: String, line: Int, forDownstream: String?)?

  /// Walks `configFile` and what it includes. `checkFile` judges each file before it is read;
  /// it throws to refuse one.
  /// The keywords whose files libunbound opens only at the first query.
  static let firstQueryKeywords: Set<String> = ["root-hints", "tls-cert-bundle"]

  static func walk(
    _ configFile: String, workingFolder: String,
    checkFile: (Reference) throws(ResolverConfigurationError) -> Void
  ) throws(ResolverConfigurationError) -> [Reference] {
    try read(configFile, workingFolder: workingFolder, checkFile: checkFile).references
  }

  /// As `walk`, with the `trust-anchor:` lines read on the way.
  static func read(
    _ configFile: String, workingFolder: String,
    checkFile: (Reference) throws(ResolverConfigurationError) -> Void
  ) throws(ResolverConfigurationError) -> UnboundNamedFiles {
    var walk = UnboundNamedFiles(folder: workingFolder)
    try walk.read(absolute(configFile, in: workingFolder), shown: configFile, checkFile: checkFile)
    try walk.closeAuthZone()
    for item in walk.later {
      var name = item.value
      if !walk.chroot.isEmpty, name.hasPrefix(walk.chroot) {
        name = String(name.dropFirst(walk.chroot.count))
      }
      guard !name.isEmpty else {
        if ResolverConfAnchors.fileKeywords.contains(item.keyword) {
          walk.unnamedAnchorFiles.append(
            Reference(path: "", keyword: item.keyword, configFile: item.file, line: item.line))
        }
        continue
      }
      var folders = [walk.folder]
      if firstQueryKeywords.contains(item.keyword), workingFolder != walk.folder {
        folders.append(workingFolder)
      }
      for folder in folders {
        let reference = Reference(
          path: absolute(name, in: folder), keyword: item.keyword, configFile: item.file,
          line: item.line, name: name)
        guard !walk.references.contains(reference) else { continue }
        walk.references.append(reference)
        try checkFile(reference)
      }
    }
    return walk
  }

  private init(folder: String) {
    self.folder = folder
  }

  /// Reads `file` (absolute), named `shown` in messages.
  private mutating func read(
    _ file: String, shown: String,
    checkFile: (Reference) throws(ResolverConfigurationError) -> Void
  ) throws(ResolverConfigurationError) {
    filesRead += 1
    guard filesRead <= Self.maximumIncludedFiles else {
      throw ResolverConfigurationError(
        .rejected, file: shown,
        message:
          "the configuration includes more than \(Self.maximumIncludedFiles) files,"
          + " more than danescope reads")
    }
    // A missing file is left to libunbound, which names it; any other failure (one grown past
    // the bound, or replaced by a FIFO, since it was checked) is refused here.
    guard FileManager.default.fileExists(atPath: file) else { return }
    let text: String
    do throws(ResolverConfigurationError) {
      text = try UnboundContext.readFile(file, role: "resolver configuration")
    } catch {
      throw ResolverConfigurationError(
        error.kind, file: shown, line: error.line, message: error.message)
    }
    open.append(OpenFile(path: file, shown: shown, identity: Self.identity(of: file)))
    defer { open.removeLast() }
    for setting in UnboundConfLine.settings(in: text) {
      if let problem = UnboundValidationPolicy.problem(setting.keyword, setting.values) {
        throw ResolverConfigurationError(
          .weakensValidation, file: shown, line: setting.line,
          message: problem + "; danescope does not run with validation weakened")
      }
      if UnboundConfLine.clauseKeywords.contains(setting.keyword) {
        try closeAuthZone()
        if setting.keyword == "auth-zone" { authZone = (shown, setting.line, nil) }
      }
      if setting.keyword == "for-downstream" { authZone?.forDownstream = setting.value }
      switch setting.keyword {
      case "directory":
        // libunbound logs a failed chdir and goes on where it was, reading the files named
        // after it elsewhere than the configuration says; unbound-checkconf refuses it ("cannot
        // chdir to directory: … (No such file or directory)", "bad chdir directory"), and so
        // does danescope. An empty value changes nothing (unbound-checkconf: no errors).
        guard !setting.value.isEmpty else { continue }
        let target = Self.absolute(setting.value, in: folder)
        if let problem = Self.folderProblem(target) {
          throw ResolverConfigurationError(
            .badValue, file: shown, line: setting.line,
            message:
              "directory: \(setting.value) \(problem) (unbound-checkconf refuses it: \"bad chdir"
              + " directory\"; libunbound would read the files named after it elsewhere)")
        }
        folder = target
      case "chroot":
        chroot = setting.value
      case "include", "include-toplevel":
        for match in Self.expand(setting.value, in: folder) {
          let name = Self.name(of: match, given: setting.value, in: folder)
          let reference = Reference(
            path: match, keyword: setting.keyword, configFile: shown, line: setting.line,
            name: name)
          references.append(reference)
          try checkFile(reference)
          open[open.count - 1].includeLine = setting.line
          try refuseLoop(match, shown: name)
          try read(match, shown: name, checkFile: checkFile)
        }
      case "trust-anchor":
        inlineAnchors.append(
          (
            setting.value,
            Reference(
              path: file, keyword: setting.keyword, configFile: shown, line: setting.line)
          ))
      case let keyword where UnboundConfLine.fileKeywords.contains(keyword):
        later.append((setting.keyword, setting.value, shown, setting.line))
      default:
        continue
      }
    }
  }

  private mutating func closeAuthZone() throws(ResolverConfigurationError) {
    guard let zone = authZone else { return }
    authZone = nil
    if let problem = UnboundValidationPolicy.authZoneProblem(forDownstream: zone.forDownstream) {
      throw ResolverConfigurationError(
        .weakensValidation, file: zone.file, line: zone.line,
        message: problem + "; danescope does not run with validation weakened")
    }
  }

  /// libunbound follows an include of a file it is still reading until it runs out of open
  /// files ("Too many open files"): a loop is refused, with the chain of includes that makes it.
  private func refuseLoop(_ target: String, shown: String) throws(ResolverConfigurationError) {
    let identity = Self.identity(of: target)
    guard let start = open.firstIndex(where: { $0.identity == identity }) else { return }
    let including = open[open.count - 1]
    let message: String
    if start == open.count - 1 {
      message = "includes itself (\(shown)); libunbound would read it again and again"
    } else {
      let chain = open[start...].map { "\($0.shown):\($0.includeLine)" }
        .joined(separator: " -> ")
      message =
        "includes \(shown), which is still being read: the includes \(chain) -> \(shown)"
        + " form a loop that libunbound would follow again and again"
    }
    throw ResolverConfigurationError(
      .rejected, file: including.shown, line: including.includeLine, message: message)
  }

  /// Why the process could not move to `path` (chdir), or nil when it could.
  static func folderProblem(_ path: String) -> String? {
    var facts = stat()
    guard stat(path, &facts) == 0 else {
      return "cannot be used: \(String(cString: strerror(errno)))"
    }
    guard facts.st_mode & S_IFMT == S_IFDIR else {
      return facts.st_mode & S_IFMT == S_IFIFO ? "is a FIFO, not a folder" : "is not a folder"
    }
    guard access(path, X_OK) == 0 else {
      return "cannot be entered: \(String(cString: strerror(errno)))"
    }
    return nil
  }

  /// One file however it is named (a link, `./`, `..`): its device and inode, else its path.
  static func identity(of path: String) -> String {
    var facts = stat()
    guard stat(path, &facts) == 0 else { return "path " + path }
    return "inode \(facts.st_dev):\(facts.st_ino)"
  }

  /// The files an include names: the glob(3) matches for a pattern, else the one name.
  static func expand(_ name: String, in folder: String) -> [String] {
    guard !name.isEmpty else { return [] }
    guard name.contains(where: { "*?[{~".contains($0) }) else {
      return [absolute(name, in: folder)]
    }
    let pattern = name.hasPrefix("~") ? name : absolute(name, in: folder)
    var matches = glob_t()
    defer { globfree(&matches) }
    let flags = Int32(GLOB_NOSORT | GLOB_BRACE | GLOB_TILDE)
    guard glob(pattern, flags, nil, &matches) == 0 else { return [] }
    return (0..<Int(matches.gl_pathc)).compactMap { index in
      matches.gl_pathv[index].map { String(cString: $0) }
    }
  }

  /// How a file `expand` found is named in messages: as the configuration wrote it, or, for a
  /// pattern, as glob(3) gives the match of the pattern as written (relative when it is), as
  /// libunbound names the files it includes.
  static func name(of match: String, given: String, in folder: String) -> String {
    guard given.contains(where: { "*?[{~".contains($0) }) else { return given }
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    guard !given.hasPrefix("/"), !given.hasPrefix("~"), match.hasPrefix(prefix) else {
      return match
    }
    return String(match.dropFirst(prefix.count))
  }

  static func absolute(_ name: String, in folder: String) -> String {
    guard !name.hasPrefix("/") else { return name }
    return folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}
