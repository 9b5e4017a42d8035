import COpenSSL
import ValidationCore

/// What went wrong while building or running the lab, with the step that failed.
public enum LabError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An OpenSSL call failed; the text names the call and carries OpenSSL's own error queue.
  case openSSL(String, detail: String = LabOpenSSL.drainErrors())
  case unsupportedAlgorithm(DNSSECAlgorithm)
  case badCachedKey(String)
  /// The per-user key cache (LabKeyCache) is not private: `path` is the folder or key file at
  /// fault and `problem` says how (writable by others, owned by another user).
  case unsafeKeyCache(path: String, problem: String, folder: String)
  case fileSystem(String, path: String)
  /// A file or folder could not be made or written: which, and the system's reason.
  case cannotWrite(path: String, errno: Int32)
  case socket(String, errno: Int32)
  case notLoopback(String)
  /// A command-line value the lab cannot use: which option, and what is wrong with it.
  case badValue(option: String, String)
  case unknownScenario(String)
  case zone(String)
  /// The temporary folder (TMPDIR) cannot hold the lab's private folder.
  case temporaryFolder(TemporaryFolder.Problem)

  public var description: String {
    switch self {
    case .openSSL(let call, let detail):
      return "OpenSSL failed in \(call)" + (detail.isEmpty ? "" : ": \(detail)")
    case .unsupportedAlgorithm(let algorithm):
      return "the lab cannot make keys for \(algorithm)"
    case .badCachedKey(let why): return "a cached lab key could not be used: \(why)"
    case .unsafeKeyCache(let path, let problem, let folder):
      return "the lab's key cache is not private: \(path) \(problem), and whoever can write"
        + " a key there decides what the lab trusts; for new keys, remove it: rm -r \(folder)"
    case .fileSystem(let what, let path): return "\(what) (\(path))"
    case .cannotWrite(let path, let code):
      return "cannot write \(path): \(String(cString: strerror(code)))"
    case .socket(let what, let code):
      return "\(what): \(String(cString: strerror(code)))"
    case .notLoopback(let address):
      return "'\(address)' is not a loopback address: the lab serves only on 127.0.0.0/8 or ::1"
    case .badValue(let option, let why): return "\(option): \(why)"
    case .unknownScenario(let name): return "no lab scenario is named '\(name)'"
    case .zone(let why): return "lab zone: \(why)"
    case .temporaryFolder(let problem): return problem.description
    }
  }
}

/// Small helpers around OpenSSL calls the lab uses in several files.
public enum LabOpenSSL {
  /// Empties OpenSSL's thread-local error queue into one line.
  public static func drainErrors() -> String {
    OpenSSLErrors.drain().joined(separator: "; ")
  }

  /// Everything written to a memory BIO, as text.
  static func string(from bio: OpaquePointer) -> String {
    String(decoding: OpenSSLMemoryBIO.bytes(of: bio), as: UTF8.self)
  }
}
