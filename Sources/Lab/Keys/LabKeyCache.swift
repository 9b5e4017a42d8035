import FoundationEssentials
import Glibc
import ValidationCore

/// Lab keys kept per user so that the lab starts fast (RSA key generation alone takes longer than
/// the whole start-up budget) and stays the same from one start to the next: the DNSSEC keys keep
/// the trust anchor, the certificate keys keep every SPKI TLSA record. The folder is
/// `$XDG_CACHE_HOME/danescope/lab-keys` or `~/.cache/danescope/lab-keys`, mode 0700, each key a
/// 0600 PEM file; a folder or key file that another user owns, or that group or others may
/// write, is refused (LabKeyCacheSafety). Keys are never committed anywhere: they sign only lab
/// zones, which nothing outside the lab trusts.
public struct LabKeyCache: Sendable {
  /// Where the keys live; nil keeps no cache (every start generates fresh keys).
  public let folder: URL?
  /// Why a key made in this run could not be kept, once said (the first reason).
  private let trouble = Trouble()
  /// Why `folder` is nil, for `problem`; nil when no cache was asked for.
  private let missingFolderReason: String?
  /// The folder above `folder` that danescope may not make (HOME, or the folder XDG_CACHE_HOME
  /// is in): when it does not exist, the cache is not used.
  private let mustExist: (path: String, name: String)?

  public init(folder: URL?) {
    self.folder = folder
    missingFolderReason = nil
    mustExist = nil
  }

  private init(
    folder: URL?, missingFolderReason: String, mustExist: (path: String, name: String)?
  ) {
    self.folder = folder
    self.missingFolderReason = missingFolderReason
    self.mustExist = mustExist
  }

  /// Why keys made so far could not be kept, nil when every one was read from the cache or
  /// stored in it: then the lab's keys, and its trust anchor, are new for this run only.
  public var problem: String? {
    guard folder != nil else { return trouble.wasUsed ? missingFolderReason : nil }
    return trouble.reason
  }

  /// The per-user default, or no cache when neither XDG_CACHE_HOME nor HOME is set.
  public static var userDefault: LabKeyCache {
    forEnvironment(ProcessInfo.processInfo.environment)
  }

  /// The cache `environment` names: `$XDG_CACHE_HOME/danescope/lab-keys`, else
  /// `$HOME/.cache/danescope/lab-keys`. The XDG Base Directory specification lets a program make
  /// the cache folder (XDG_CACHE_HOME, or ~/.cache) when it is missing, not the folders above
  /// it: HOME is never made (Debian's `nobody` has /nonexistent, which must not exist), nor the
  /// folder XDG_CACHE_HOME is in; when that one is missing, the cache is not used.
  public static func forEnvironment(_ environment: [String: String]) -> LabKeyCache {
    let base: URL?
    let mustExist: (path: String, name: String)?
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      let cache = URL(fileURLWithPath: xdg)
      base = cache
      mustExist = (cache.deletingLastPathComponent().path, "the folder XDG_CACHE_HOME is in")
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
      mustExist = (home, "HOME")
    } else {
      base = nil
      mustExist = nil
    }
    return LabKeyCache(
      folder: base?.appendingPathComponent("danescope").appendingPathComponent("lab-keys"),
      missingFolderReason: "neither XDG_CACHE_HOME nor HOME names an absolute folder",
      mustExist: mustExist)
  }

  /// The key stored under `slot` for `algorithm`, made (and stored) when missing or unreadable.
  /// A cache that cannot be written is not an error: the key is then used for this run only.
  /// A cache that others could have written is one (`LabError.unsafeKeyCache`): its keys are
  /// not used, and nothing is written into it.
  ///
  /// Labs starting at once (several `--lab` runs on an empty cache) agree on every key: a key
  /// missing from the cache is made under an exclusive lock on the cache's lock file (flock),
  /// after looking again, so only the first lab makes it and the others read it; it is written
  /// under a temporary name and renamed, so a reader finds either no key or a whole one.
  public func key(_ slot: String, _ algorithm: DNSSECAlgorithm, flags: UInt16) throws(LabError)
    -> LabKey
  {
    guard let folder else {
      trouble.noteUse()
      return try LabKey.generate(algorithm, flags: flags)
    }
    let file = folder.appendingPathComponent("\(slot)-alg\(algorithm.rawValue).pem")
    try LabKeyCacheSafety.checkFolder(folder)
    if let key = try cachedKey(file, algorithm, flags: flags, in: folder) { return key }
    if let reason = makeFolder(folder) {
      trouble.note(reason)
      return try LabKey.generate(algorithm, flags: flags)
    }
    let lock: LabKeyCacheLock
    switch LabKeyCacheLock.acquire(in: folder) {
    case .success(let acquired): lock = acquired
    case .failure(let problem):
      trouble.note(problem.reason)
      return try LabKey.generate(algorithm, flags: flags)
    }
    defer { lock.release() }
    // Another lab may have made it while this one waited for the lock.
    if let key = try cachedKey(file, algorithm, flags: flags, in: folder) { return key }
    let key = try LabKey.generate(algorithm, flags: flags)
    if let reason = store(key, at: file, in: folder) { trouble.note(reason) }
    return key
  }

  /// The key in `file`, nil when there is none or it cannot be read as one (it is then
  /// replaced); throws when the file is there but others could have written it.
  private func cachedKey(
    _ file: URL, _ algorithm: DNSSECAlgorithm, flags: UInt16, in folder: URL
  ) throws(LabError) -> LabKey? {
    guard try LabKeyCacheSafety.checkKeyFile(file, folder: folder) else { return nil }
    // Read as a key file given on the command line would be (bounded, never a FIFO): anything
    // else in its place is not a key, and is replaced.
    guard let pem = try? InputFile.readText(file.path) else { return nil }
    return try? LabKey.load(pem: pem, algorithm: algorithm, flags: flags)
  }

  /// Makes the folder (mode 0700) if it is missing; the reason it cannot, nil when it is there.
  private func makeFolder(_ folder: URL) -> String? {
    if let mustExist {
      var isFolder = false
      guard FileManager.default.fileExists(atPath: mustExist.path, isDirectory: &isFolder) else {
        return "\(mustExist.path) (\(mustExist.name)) does not exist, and danescope does not"
          + " make it"
      }
      guard isFolder else { return "\(mustExist.path) (\(mustExist.name)) is not a folder" }
    }
    do {
      try FileManager.default.createDirectory(
        at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      return Self.whyNoFolder(folder)
    }
    // Made now or checked above (LabKeyCacheSafety): not writable by others, this user's own.
    if chmod(folder.path, 0o700) != 0 {
      return Self.whyNoFolder(folder)
    }
    return nil
  }

  /// Stores `key` (the caller holds the cache's lock); the reason it could not, nil when it did.
  private func store(_ key: LabKey, at file: URL, in folder: URL) -> String? {
    let manager = FileManager.default
    // Written under a unique name, then renamed: a lab reading the cache without the lock
    // finds the old name missing or the whole key, never half of one.
    let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
    guard let pem = try? key.pem(),
      manager.createFile(
        atPath: temporary.path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600])
    else { return "a key file cannot be written in \(folder.path)" }
    guard rename(temporary.path, file.path) == 0 else {
      let why = String(cString: strerror(errno))
      try? manager.removeItem(at: temporary)
      return "\(file.path) cannot be replaced: \(why)"
    }
    return nil
  }

  /// Why `folder` could not be made or used: the nearest part of its path that exists and is
  /// not a folder, or that is a folder danescope cannot write in.
  private static func whyNoFolder(_ folder: URL) -> String {
    var part = folder
    while !part.path.isEmpty, part.path != "/" {
      let path = part.path
      var isFolder = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        if !isFolder { return "\(path) is not a folder" }
        if path == folder.path { return "\(path) cannot be made private (mode 0700)" }
        return access(path, W_OK) == 0
          ? "\(folder.path) cannot be made" : "\(path) is not writable"
      }
      let parent = part.deletingLastPathComponent()
      if parent.path == path { break }
      part = parent
    }
    return "\(folder.path) cannot be made"
  }

  /// What went wrong keeping keys in one lab build; shared by the copies of the cache that
  /// the build passes around.
  private final class Trouble: @unchecked Sendable {
    // @unchecked: both properties are guarded by the lock.
    private let lock = Lock()
    private var first: String?
    private var used = false

    var reason: String? { lock.withLock { first } }
    var wasUsed: Bool { lock.withLock { used } }

    func note(_ reason: String) {
      lock.withLock { if first == nil { first = reason } }
    }

    func noteUse() { lock.withLock { used = true } }
  }
}
