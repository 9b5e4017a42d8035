import CUnbound
import FoundationEssentials
import Glibc

/// Owns one libunbound context: creates it, applies an `UnboundSetup`, finalizes it (so every
/// file is read and every error is known before the first query), and deletes it in `deinit`.
///
/// libunbound's context calls used here (`ub_resolve_async`, `ub_cancel`, `ub_process`) take the
/// context's own locks, so the handle may be used from several threads.
final class UnboundContext: @unchecked Sendable {
  let handle: OpaquePointer
  /// A private folder for generated configuration; removed in `deinit`.
  private let scratch: URL?
  /// The trust anchor file libunbound is given (`--trust-anchor`, or the system's root.key) as
  /// danescope read it once: libunbound reads a private copy of exactly that text (never the
  /// file itself), and the chain engine the same reading (ChainTrustAnchors).
  let trustAnchorFile: TrustAnchorUsability.Source?
  /// A `--resolver-conf` file's anchors as `checkFiles` read them, for the chain engine in the
  /// same way: the configuration is walked and its anchor files read once a run.
  let resolverConfAnchors: ResolverConfAnchors.Reading?

  init(
    _ configuration: ResolverConfiguration, setup: UnboundSetup, logFile: String?
  ) throws(ResolverConfigurationError) {
    let checked = try Self.checkFiles(of: configuration)
    resolverConfAnchors = checked.resolverConf
    if let file = checked.trustAnchorFile {
      trustAnchorFile = file
    } else {
      trustAnchorFile = try Self.readAnchorFile(of: setup)
    }
    let anchorFile = trustAnchorFile
    let log = UnboundLog.shared
    let destination = try log.stream(for: logFile)
    guard let handle = ub_ctx_create() else {
      throw ResolverConfigurationError(
        .rejected, file: nil, message: "libunbound could not create a context")
    }
    self.handle = handle
    var scratch: URL?
    // Private copies of anchor files given to libunbound, by the user's path they copy.
    var anchorCopies: [String: String] = [:]
    do throws(ResolverConfigurationError) {
      log.setupLock.lock()
      defer { log.setupLock.unlock() }
      // libunbound acts on a `directory:` line by moving the whole process there (chdir) as it
      // reads it; the files it loads while finalizing are looked for from there. Afterwards
      // danescope goes back where it was, so its own relative paths (a relative
      // --resolver-conf read again for its trust anchors) keep their meaning.
      let startFolder = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      defer {
        if startFolder >= 0 {
          _ = fchdir(startFolder)
          close(startFolder)
        }
      }
      _ = log.takeCaptured()
      ub_ctx_debugout(handle, log.captureStream().map { UnsafeMutableRawPointer($0) })
      // Threads, not fork: a forked worker would not share the process's state or its log.
      try Self.check(ub_ctx_async(handle, 1), "ub_ctx_async", file: nil)
      // libunbound opens the files a configuration names here: bounded (BoundedWait), since a
      // file replaced by a FIFO after danescope checked it would block it forever.
      let finalized = try BoundedWait.run(
        seconds: BoundedWait.libunboundBound, doing: "loading the resolver configuration"
      ) { () throws(ResolverConfigurationError) -> Int32 in
        for step in setup.steps {
          try Self.apply(
            step, to: handle, scratch: &scratch, anchorFile: anchorFile, copies: &anchorCopies)
        }
        // Removing a zone that does not exist does nothing but finalize the context: this is
        // where trust anchors, auth-zone files and the module set are loaded and checked.
        return ub_ctx_zone_remove(handle, "danescope-finalize.invalid.")
      }
      // libunbound names the private copy of an anchor file it could not read: the user's file
      // has the same lines, so it is named instead.
      let said = anchorCopies.reduce(log.takeCaptured()) { text, copy in
        text.replacing(copy.key, with: copy.value)
      }
      ub_ctx_debugout(handle, UnsafeMutableRawPointer(destination))
      // Level 2 logs each query libunbound makes and each validation step: what a DNS log
      // file is for; with no file, level 0 spares the formatting. (The level, like the
      // stream, is process-wide in libunbound.)
      ub_ctx_debuglevel(handle, logFile == nil ? 0 : 2)
      if finalized != 0 {
        throw Self.error(from: said, code: finalized, fallbackFile: Self.mainFile(of: setup))
      }
    } catch {
      // `self` is not fully initialized here, so `deinit` will not run: clean up by hand, and
      // move libunbound's process-wide log off the capture stream.
      ub_ctx_debugout(handle, UnsafeMutableRawPointer(destination))
      BoundedWait.run(seconds: BoundedWait.libunboundBound, doing: "stopping its worker") {
        ub_ctx_delete(handle)
      }
      Self.removeScratch(scratch)
      throw error
    }
    // libunbound has read the generated configuration by now (ub_ctx_config reads at the call,
    // finalizing loads the rest): the folder goes at once, so that a process that ends with
    // exit() and never runs deinit leaves nothing behind in /tmp.
    Self.removeScratch(scratch)
    self.scratch = nil
  }

  deinit {
    // ub_ctx_delete waits for libunbound's worker, which may be blocked on a file (BoundedWait).
    BoundedWait.run(seconds: BoundedWait.libunboundBound, doing: "stopping its worker") {
      ub_ctx_delete(handle)
    }
    Self.removeScratch(scratch)
  }

  private static func removeScratch(_ folder: URL?) {
    guard let folder else { return }
    ResolverScratchFolders.lock.withLock {
      ResolverScratchFolders.remove(folder.path)
      ResolverScratchFolders.live.remove(folder.path)
    }
  }

  // MARK: Applying the setup

  private static func apply(
    _ step: UnboundSetup.Step, to handle: OpaquePointer, scratch: inout URL?,
    anchorFile: TrustAnchorUsability.Source?, copies: inout [String: String]
  ) throws(ResolverConfigurationError) {
    let log = UnboundLog.shared
    switch step {
    case .configFile(let path):
      try loadConfig(path, into: handle)
    case .generatedConfig(let text):
      let file = try writeScratch(text, named: ResolverScratchFolders.configFileName, in: &scratch)
      try loadConfig(file, into: handle)
    case .option(let name, let value):
      let code = ub_ctx_set_option(handle, name + ":", value)
      if code != 0 {
        throw ResolverConfigurationError(
          .badValue, file: nil,
          message:
            "libunbound refused option '\(name): \(value)': \(describe(code, log.takeCaptured()))")
      }
    case .resolvConf(let path):
      try check(ub_ctx_resolvconf(handle, path), "reading the nameservers", file: path)
    case .forwarder(let address):
      try check(ub_ctx_set_fwd(handle, address), "setting forwarder \(address)", file: nil)
    case .trustAnchorFile(let path):
      if let anchorFile, anchorFile.file == path {
        let copy = try writeScratch(
          anchorFile.text, named: ResolverScratchFolders.anchorFileName, in: &scratch)
        copies[copy] = path
        try check(ub_ctx_add_ta_file(handle, copy), "adding the trust anchor file", file: path)
      } else {
        // Not read by danescope (no setup makes this step without reading it): checked again
        // just before, so that a file replaced by a FIFO is refused rather than waited on.
        try checkFile(path, role: "trust anchor file")
        try check(ub_ctx_add_ta_file(handle, path), "adding the trust anchor file", file: path)
      }
    case .trustAnchor(let record):
      try check(ub_ctx_add_ta(handle, record), "adding trust anchor '\(record)'", file: nil)
    }
  }

  private static func loadConfig(
    _ path: String, into handle: OpaquePointer
  ) throws(ResolverConfigurationError) {
    // libunbound reads a name with a pattern character as a pattern (TemporaryFolder): it
    // could load other files than this one, or none, or glob its own match until the stack
    // runs out. The user's file is refused earlier with the reason (checkFiles), the generated
    // one's folder too (TemporaryFolder.path): this is the last guard.
    try checkNotPattern(path, role: "resolver configuration")
    let (code, stderrText) = UnboundLog.shared.capturingStandardError {
      ub_ctx_config(handle, path)
    }
    guard code != 0 else { return }
    throw error(from: stderrText + UnboundLog.shared.takeCaptured(), code: code, fallbackFile: path)
  }

  /// The private folder (mode 0700, made by mkdtemp in the checked temporary folder,
  /// TemporaryFolder) for the files libunbound reads while it is set up.
  static func makeScratch(_ scratch: inout URL?) throws(ResolverConfigurationError) -> URL {
    if let scratch { return scratch }
    let path: String
    do throws(TemporaryFolder.Problem) {
      path = try TemporaryFolder.makePrivateFolder(prefix: "danescope-unbound-")
    } catch {
      throw ResolverConfigurationError(error)
    }
    let folder = URL(fileURLWithPath: path, isDirectory: true)
    scratch = folder
    ResolverScratchFolders.live.insert(folder.path)
    return folder
  }

  private static func check(
    _ code: Int32, _ doing: String, file: String?
  ) throws(ResolverConfigurationError) {
    guard code != 0 else { return }
    let said = UnboundLog.shared.takeCaptured()
    throw ResolverConfigurationError(
      code == Int32(UB_SYNTAX.rawValue) ? .syntax : .rejected, file: file,
      message: "\(doing) failed: \(describe(code, said))")
  }

  static func describe(_ code: Int32, _ said: String) -> String {
    let firstError = UnboundMessages.errors(in: said).first
    return firstError ?? String(cString: ub_strerror(code))
  }

  // MARK: Files and errors

  /// The largest file danescope hands to libunbound: far above any real unbound.conf or trust
  /// anchor file, and small enough that a wrong path (a disk image, a log) fails at once.
  static let maximumFileSize = 16 << 20

  /// Every file the configuration names must be a readable regular file of a sane size before
  /// libunbound sees it: its own messages for a missing file are less clear, and it would read
  /// `/dev/zero` or a FIFO with no writer forever. A trust anchor file must hold an anchor: the
  /// `--trust-anchor` file, or the anchors of a `--resolver-conf` file, as read for that, are
  /// returned.
  static func checkFiles(of configuration: ResolverConfiguration) throws(ResolverConfigurationError)
    -> (trustAnchorFile: TrustAnchorUsability.Source?, resolverConf: ResolverConfAnchors.Reading?)
  {
    var files: [(path: String, role: String)] = []
    switch configuration {
    case .system(let recursive):
      if !recursive { files.append(("/etc/resolv.conf", "resolver list")) }
    case .custom(let path):
      files.append((path, "resolver configuration"))
    case .forwarders(_, let trustAnchorFile):
      if let trustAnchorFile { files.append((trustAnchorFile, "trust anchor file")) }
    case .inProcess(let zones, _):
      files += zones.map { ($0.zoneFile, "zone file for \($0.name)") }
    }
    for (path, role) in files {
      try checkFile(path, role: role)
    }
    if case .custom(let path) = configuration {
      try checkNotPattern(path, role: "resolver configuration")
    }
    if case .custom(let path) = configuration {
      return (nil, try checkNamedFiles(in: path))
    }
    guard case .forwarders(_, let trustAnchorFile?) = configuration else { return (nil, nil) }
    return (try checkHoldsAnchor(trustAnchorFile), nil)
  }

  /// The files an unbound.conf names (includes, trust anchors, zone files, root hints), which
  /// libunbound opens itself, found as libunbound finds them (globs, relative names,
  /// `directory:`; see `UnboundNamedFiles`): one that exists must also be a regular file of a
  /// sane size. Missing files are left to libunbound, which reports them. The trust anchors
  /// it names (`trust-anchor-file:`, `trust-anchor:`) must each be usable (TrustAnchorUsability),
  /// and a `trust-anchor-file:` must hold a record. Returns the anchors as read.
  private static func checkNamedFiles(in configFile: String) throws(ResolverConfigurationError)
    -> ResolverConfAnchors.Reading
  {
    let walked = try walkNamedFiles(
      of: configFile, workingFolder: FileManager.default.currentDirectoryPath)
    let reading = ResolverConfAnchors.read(walked)
    // An auto-trust-anchor-file is RFC 5011 state that libunbound judges itself: it refuses an
    // empty one, and does not prune one of unusable records (Docs/Decisions.md, D-resolver-4).
    let anchors = try reading.existingSources().filter {
      $0.directive?.keyword != "auto-trust-anchor-file"
    }
    for anchor in anchors where anchor.file != nil {
      try TrustAnchorUsability.checkHoldsRecord(anchor)
    }
    try TrustAnchorUsability.check(anchors)
    return reading
  }

  /// Walks an unbound.conf and what it includes as libunbound reads it (UnboundNamedFiles),
  /// refusing a named file that exists but is not a regular file of a sane size, at the line
  /// that names it.
  static func walkNamedFiles(
    of configFile: String, workingFolder: String
  ) throws(ResolverConfigurationError) -> UnboundNamedFiles {
    try UnboundNamedFiles.read(
      configFile, workingFolder: workingFolder
    ) { (reference) throws(ResolverConfigurationError) in
      guard FileManager.default.fileExists(atPath: reference.path) else { return }
      do throws(ResolverConfigurationError) {
        try checkFile(reference.path, role: reference.keyword)
      } catch {
        throw ResolverConfigurationError(
          error.kind, file: reference.configFile, line: reference.line,
          message: "\(reference.name): \(error.message)")
      }
    }
  }

  /// A configuration file given to libunbound's reader must not hold a character it takes as
  /// a file-name pattern (TemporaryFolder.patternCharacters).
  static func checkNotPattern(_ path: String, role: String) throws(ResolverConfigurationError) {
    guard let pattern = path.first(where: TemporaryFolder.patternCharacters.contains) else {
      return
    }
    throw ResolverConfigurationError(
      .badValue, file: path,
      message:
        "\(role) cannot be used: its name contains '\(pattern)', which libunbound reads as a"
        + " file-name pattern (it would load the files that match, or none); give it by a path"
        + " without * ? [ { ~ (rename it, or link to it)")
  }

  static func checkFile(_ path: String, role: String) throws(ResolverConfigurationError) {
    var facts = stat()
    // stat, not open: opening a FIFO with no writer would block.
    guard stat(path, &facts) == 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR {
        throw ResolverConfigurationError(.missingFile, file: path, message: "\(role) not found")
      }
      throw ResolverConfigurationError(
        .unreadableFile, file: path,
        message: "\(role) cannot be read: \(String(cString: strerror(code)))")
    }
    let kind = facts.st_mode & S_IFMT
    guard kind == S_IFREG else {
      let what = kind == S_IFDIR ? "a folder" : "not a regular file (a device, FIFO or socket)"
      throw ResolverConfigurationError(
        .unreadableFile, file: path, message: "\(role) cannot be read: it is \(what)")
    }
    guard access(path, R_OK) == 0 else {
      throw ResolverConfigurationError(
        .unreadableFile, file: path,
        message: "\(role) cannot be read: \(String(cString: strerror(errno)))")
    }
    guard Int(facts.st_size) <= maximumFileSize else {
      throw ResolverConfigurationError(
        .unreadableFile, file: path,
        message:
          "\(role) is \(facts.st_size) octets, more than the \(maximumFileSize >> 20) MiB"
          + " danescope reads")
    }
  }

  /// A resolver file's text (a configuration, a file it names, a trust anchor file,
  /// resolv.conf), read by the bounded reader (InputFile) with the resolver files' bound: the
  /// `checkFile` made before is a stat, and a file that grows or is replaced by a FIFO after it
  /// is caught here. An octet that is not part of a UTF-8 character is read as `\DDD` (not as
  /// U+FFFD, which would hide which octet it was): a message that quotes it shows the file's
  /// own octet, and in a trust anchor's owner name it reads as that octet (RFC 1035 §5.1).
  static func readFile(_ path: String, role: String) throws(ResolverConfigurationError) -> String
  {
    do throws(InputFile.ReadError) {
      let bytes = try InputFile.readBytes(path, maximumSize: maximumFileSize)
      // Valid UTF-8 (every real file) is taken whole, by the standard library's own check:
      // the escaping reader goes character by character, seconds for a 16 MiB file.
      return String(validating: bytes, as: UTF8.self) ?? String(escapingInvalidUTF8: bytes)
    } catch {
      throw ResolverConfigurationError(
        error.problem == InputFile.problem(ENOENT) ? .missingFile : .unreadableFile, file: path,
        message: "\(role) cannot be read: \(error.problem)")
    }
  }

  /// A `--trust-anchor` file must hold a usable anchor (TrustAnchorUsability), and at most
  /// TrustAnchorBounds' records. Returns it as read.
  static func checkHoldsAnchor(_ path: String) throws(ResolverConfigurationError)
    -> TrustAnchorUsability.Source
  {
    let text = try readFile(path, role: "trust anchor file")
    let source = TrustAnchorUsability.Source.file(path, text: text, namedBy: nil)
    if let passed = source.passedRecordBound {
      throw TrustAnchorBounds.recordsError(source, at: passed, isTotal: false)
    }
    try TrustAnchorUsability.checkHoldsRecord(source)
    try TrustAnchorUsability.check([source])
    return source
  }

  static func mainFile(of setup: UnboundSetup) -> String? {
    for step in setup.steps {
      switch step {
      case .configFile(let path), .trustAnchorFile(let path): return path
      default: continue
      }
    }
    return nil
  }

  /// Turns what libunbound printed into an error naming the file and line it names.
  static func error(
    from said: String, code: Int32, fallbackFile: String?
  ) -> ResolverConfigurationError {
    let kind: ResolverConfigurationError.Kind =
      code == Int32(UB_SYNTAX.rawValue) ? .syntax : .rejected
    guard let message = UnboundMessages.errors(in: said).first else {
      return ResolverConfigurationError(
        kind, file: fallbackFile, message: "libunbound: \(String(cString: ub_strerror(code)))")
    }
    if let location = UnboundMessages.location(in: message) {
      return ResolverConfigurationError(
        kind, file: location.file, line: location.line, message: location.rest)
    }
    return ResolverConfigurationError(kind, file: fallbackFile, message: message)
  }
}

/// The private folders (`danescope-unbound-*`) resolvers are being set up with right now: each
/// lives only while libunbound reads its generated configuration. Guarded by `lock`.
public enum ResolverScratchFolders {
  static let lock = Lock(recursive: true)
  nonisolated(unsafe) static var live: Set<String> = []

  /// Removes them all, then runs `body` still holding the lock (no new folder can appear
  /// before it returns): for a signal's clean-up when the process is about to end.
  public static func removeAll(then body: () -> Void = {}) {
    lock.withLock {
      for path in live { remove(path) }
      live.removeAll()
      body()
    }
  }

  /// The files a resolver writes into its folder (UnboundContext.writeScratch).
  static let configFileName = "unbound.conf"
  static let anchorFileName = "trust-anchor"
  static let fileNames = [configFileName, anchorFileName]

  /// Removes one folder: the files a resolver writes there, then the folder; anything else
  /// found there is left to Foundation's recursive removal.
  static func remove(_ path: String) {
    for name in fileNames { unlink(path + "/" + name) }
    if rmdir(path) != 0, errno != ENOENT {
      try? FileManager.default.removeItem(atPath: path)
    }
  }
}
