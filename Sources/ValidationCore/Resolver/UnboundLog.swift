import FoundationEssentials
import Glibc

/// Where libunbound's log goes. libunbound keeps ONE process-wide log stream
/// (`ub_ctx_debugout` sets a global as well as the context's), and its threads may write to it
/// at any time. So every stream handed to it is opened once and never closed, and the choice is
/// the same for every context in the process: the `--log-file`, or /dev/null.
///
/// It also captures what libunbound says while a context is configured, so that a bad
/// configuration becomes an error naming the file and line instead of text on the terminal.
final class UnboundLog: @unchecked Sendable {
  static let shared = UnboundLog()

  private let lock = Lock()
  private var streams: [String: UnsafeMutablePointer<FILE>] = [:]
  private var capture: UnsafeMutablePointer<FILE>?
  private var stderrCapture: UnsafeMutablePointer<FILE>?
  /// Serializes configuration: the captures and the stderr redirection are process-wide.
  let setupLock = Lock()

  /// The stream for a log file (appended to), or for /dev/null when `path` is nil.
  func stream(for path: String?) throws(ResolverConfigurationError) -> UnsafeMutablePointer<FILE> {
    let target = path ?? "/dev/null"
    lock.lock()
    defer { lock.unlock() }
    if let open = streams[target] { return open }
    let stream = try path.map(Self.openLogFile) ?? fopen(target, "a")
    guard let stream else {
      let reason = String(cString: strerror(errno))
      throw ResolverConfigurationError(
        path == nil ? .unreadableFile : .logFile, file: target,
        message: "cannot open the log file for writing: \(reason)")
    }
    setvbuf(stream, nil, _IOLBF, 0)
    streams[target] = stream
    return stream
  }

  /// Appends `text` to every log file opened (not to /dev/null): a message the process leaves
  /// as it ends (BoundedWait). Takes `lock` only, never `setupLock`, which the stuck call may
  /// hold.
  func appendToLogFiles(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    for (path, stream) in streams where path != "/dev/null" {
      fputs(text, stream)
      fflush(stream)
    }
  }

  /// Opens a log file for appending, creating it if needed. It must be a regular file: opening a
  /// FIFO for writing waits for a reader forever, and a device is no log. The open does not
  /// block (O_NONBLOCK: a FIFO with no reader fails at once), and the kind is judged on the
  /// opened descriptor, so a file swapped in between cannot slip past.
  private static func openLogFile(
    _ path: String
  ) throws(ResolverConfigurationError) -> UnsafeMutablePointer<FILE>? {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let code = errno
      // ENXIO is also a FIFO with no reader (O_NONBLOCK), and only then is it said as that:
      // for a device it means what it says (/dev/tty with no controlling terminal).
      var facts = stat()
      let isFIFO = code == ENXIO && stat(path, &facts) == 0 && facts.st_mode & S_IFMT == S_IFIFO
      let reason = isFIFO ? "it is a FIFO" : String(cString: strerror(code))
      throw ResolverConfigurationError(
        .logFile, file: path, message: "cannot open the log file for writing: \(reason)")
    }
    var facts = stat()
    guard fstat(descriptor, &facts) == 0, facts.st_mode & S_IFMT == S_IFREG else {
      close(descriptor)
      throw ResolverConfigurationError(
        .logFile, file: path,
        message: "the log file must be a regular file (or not exist yet); this is a device,"
          + " FIFO, socket or folder")
    }
    _ = fcntl(descriptor, F_SETFL, O_WRONLY | O_APPEND)
    guard let stream = fdopen(descriptor, "a") else {
      close(descriptor)
      return nil
    }
    return stream
  }

  /// The stream that collects libunbound's messages while a context is set up. Call with
  /// `setupLock` held; `takeCaptured()` reads and empties it.
  func captureStream() -> UnsafeMutablePointer<FILE>? {
    lock.lock()
    defer { lock.unlock() }
    if capture == nil { capture = tmpfile() }
    return capture
  }

  func takeCaptured() -> String {
    guard let stream = captureStream() else { return "" }
    return Self.drain(stream)
  }

  /// Runs `body` with file descriptor 2 pointed at a private file and returns what was written
  /// there: unbound.conf syntax errors are printed on stderr, not to the log stream, and must not
  /// reach a terminal that curses may own. Call with `setupLock` held.
  func capturingStandardError<T>(_ body: () -> T) -> (T, String) {
    lock.lock()
    if stderrCapture == nil { stderrCapture = tmpfile() }
    let target = stderrCapture
    lock.unlock()
    guard let target else { return (body(), "") }
    fflush(nil)
    let saved = dup(STDERR_FILENO)
    guard saved >= 0, dup2(fileno(target), STDERR_FILENO) >= 0 else {
      if saved >= 0 { close(saved) }
      return (body(), "")
    }
    let result = body()
    fflush(nil)
    dup2(saved, STDERR_FILENO)
    close(saved)
    return (result, Self.drain(target))
  }

  /// Reads everything written to `stream` since the last drain, then empties it.
  private static func drain(_ stream: UnsafeMutablePointer<FILE>) -> String {
    fflush(stream)
    let descriptor = fileno(stream)
    let size = lseek(descriptor, 0, SEEK_END)
    var bytes = [UInt8](repeating: 0, count: max(0, min(Int(size), 1 << 20)))
    var filled = 0
    while filled < bytes.count {
      let got = bytes.withUnsafeMutableBytes {
        pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(filled))
      }
      if got <= 0 { break }
      filled += got
    }
    _ = ftruncate(descriptor, 0)
    rewind(stream)
    // libunbound quotes the configuration's own octets: keep each that is not UTF-8 as `\DDD`.
    return String(escapingInvalidUTF8: bytes.prefix(filled))
  }
}
