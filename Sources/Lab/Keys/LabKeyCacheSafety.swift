import FoundationEssentials
import Glibc

/// Whether the lab's key cache is private enough to trust its keys. Whoever can write a key
/// there decides what the lab's trust anchor signs, and so what `--lab`, `lab serve` and the
/// resolvers pointed at it call secure: a folder or key file that another user owns, or that
/// group or others may write, is refused, not repaired (Docs/Decisions.md, D-lab-keys-private).
/// A key file that group or others may read is refused too: its private key is out.
enum LabKeyCacheSafety {
  /// Throws when `folder` exists, is a folder, and is not private; a missing folder (made
  /// later with mode 0700) or something else in its place (a cache that cannot be used, said
  /// as such) passes.
  static func checkFolder(_ folder: URL) throws(LabError) {
    var status = stat()
    guard stat(folder.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
    if let problem = problem(status, allowed: 0o755) {
      throw .unsafeKeyCache(path: folder.path, problem: problem, folder: folder.path)
    }
  }

  /// Whether `file` is a regular file to read a key from (false: missing, or something else in
  /// its place, which is replaced); throws when it is one that is not private.
  static func checkKeyFile(_ file: URL, folder: URL) throws(LabError) -> Bool {
    var status = stat()
    guard lstat(file.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      return false
    }
    if let problem = problem(status, allowed: 0o700) {
      throw .unsafeKeyCache(path: file.path, problem: problem, folder: folder.path)
    }
    return true
  }

  /// What is wrong with an owner and mode, nil when the owner is this user and the mode grants
  /// nothing beyond `allowed`.
  static func problem(_ status: stat, allowed: mode_t) -> String? {
    if status.st_uid != geteuid() {
      return "belongs to user \(status.st_uid), not to this user (\(geteuid()))"
    }
    let mode = status.st_mode & 0o7777
    guard mode & ~allowed & 0o777 != 0 else { return nil }
    let octal = String(mode, radix: 8)
    let shown = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    let what = allowed & 0o044 == 0 ? "read or written" : "written"
    return "may be \(what) by group or others (mode \(shown))"
  }
}

/// An exclusive lock on the key cache (flock on `.lock` in its folder), held while a missing key
/// is made and stored, so that labs starting at once make each key once. Waiting for it is
/// bounded: a lab that cannot get it in `longestWait` seconds uses a key of its own, and says so.
struct LabKeyCacheLock {
  static let fileName = ".lock"
  static let longestWait: Double = 30
  /// Between two tries: short next to making one RSA key.
  static let retryMicroseconds: UInt32 = 10_000

  struct Problem: Error {
    let reason: String
  }

  private let descriptor: Int32

  static func acquire(in folder: URL) -> Result<LabKeyCacheLock, Problem> {
    let path = folder.appendingPathComponent(fileName).path
    let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let why = String(cString: strerror(errno))
      return .failure(Problem(reason: "\(path) cannot be opened: \(why)"))
    }
    let deadline = Date().addingTimeInterval(longestWait)
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      guard code == EWOULDBLOCK || code == EINTR, Date() < deadline else {
        close(descriptor)
        let why =
          code == EWOULDBLOCK
          ? "another danescope held it for more than \(Int(longestWait)) seconds"
          : String(cString: strerror(code))
        return .failure(Problem(reason: "\(path) cannot be locked: \(why)"))
      }
      usleep(retryMicroseconds)
    }
    return .success(LabKeyCacheLock(descriptor: descriptor))
  }

  /// Unlocks (closing the file releases the flock).
  func release() {
    close(descriptor)
  }
}
