import Glibc

/// Writes a whole text to a file with plain system calls (open, write until done, close): the
/// lab's files and a resolver's scratch files, made on every run of a short-lived process.
public enum OutputFile {
  /// Writes `text` to `path`, opened with `flags` (O_WRONLY | O_CREAT are added) and `mode`.
  /// Returns 0, or the errno of the call that failed (EIO for a write that wrote nothing).
  public static func write(_ text: String, to path: String, flags: Int32, mode: mode_t) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, mode)
    guard descriptor >= 0 else { return errno }
    var problem: Int32 = 0
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty, problem == 0 {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written > 0 {
        bytes = bytes.dropFirst(written)
      } else if written == 0 || errno != EINTR {
        problem = written == 0 ? EIO : errno
      }
    }
    if close(descriptor) != 0, problem == 0, errno != EINTR { problem = errno }
    return problem
  }
}
