import FoundationEssentials
import Glibc

/// A file named by the user (on the command line, or a theme), read whole with a size bound,
/// without blocking on a FIFO or a device. What goes wrong is said in plain words (`no such
/// file`, `permission denied`, `is a directory`), never as a Foundation error dump.
public enum InputFile {
  public struct ReadError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    /// `danescope: PATH: problem`, with control characters in the path escaped.
    public var description: String { "danescope: \(SanitizedText(prose: path).text): \(problem)" }
  }

  /// Certificates and keys are a few kilobytes; a megabyte is far beyond any real chain.
  public static let maximumSize = 1 << 20

  public static func readText(_ path: String, maximumSize: Int = maximumSize) throws(ReadError)
    -> String
  {
    let bytes = try readBytes(path, maximumSize: maximumSize)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw ReadError(path: path, problem: "not text (not valid UTF-8)")
    }
    return text
  }

  /// The file's bytes, read as `readText` reads them, for files that need not be UTF-8 (a
  /// certificate file, which may be DER).
  public static func readBytes(_ path: String, maximumSize: Int = maximumSize) throws(ReadError)
    -> [UInt8]
  {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK)
    guard descriptor >= 0 else { throw ReadError(path: path, problem: problem(errno)) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw ReadError(path: path, problem: problem(errno))
    }
    switch status.st_mode & S_IFMT {
    case S_IFDIR: throw ReadError(path: path, problem: "is a directory, not a file")
    case S_IFREG: break
    default: throw ReadError(path: path, problem: "is not a regular file")
    }
    guard Int(status.st_size) <= maximumSize else {
      throw ReadError(path: path, problem: "too large (more than \(maximumSize) bytes)")
    }
    // Read at most one byte past the bound, so a file that grows after fstat is still caught.
    // The buffer grows with what is read, not with the bound: a zeroed buffer of the whole
    // bound (16 MiB for resolver files) cost every check some 15 ms of page faults.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(min(Int(status.st_size), maximumSize) + 1)
    var chunk = [UInt8](repeating: 0, count: min(64 * 1024, maximumSize + 1))
    while bytes.count <= maximumSize {
      let wanted = min(chunk.count, maximumSize + 1 - bytes.count)
      let count = chunk.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress!, wanted)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw ReadError(path: path, problem: problem(errno))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[..<count])
    }
    guard bytes.count <= maximumSize else {
      throw ReadError(path: path, problem: "too large (more than \(maximumSize) bytes)")
    }
    return bytes
  }

  public static func problem(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES, EPERM: return "permission denied"
    case EISDIR: return "is a directory, not a file"
    case ENOTDIR: return "no such file (a part of the path is not a directory)"
    case ELOOP: return "too many symbolic links"
    case ENAMETOOLONG: return "file name too long"
    default: return "cannot be read (\(String(cString: strerror(code))))"
    }
  }
}
