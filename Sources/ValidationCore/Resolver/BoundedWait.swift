import Dispatch
import FoundationEssentials
import Glibc

/// A bound on a call into libunbound that can block where danescope cannot interrupt it: a file
/// an unbound.conf names, checked to be a regular file, may be replaced by a FIFO before
/// libunbound opens it, and libunbound's read (on the calling thread while it loads the
/// configuration, or in its worker, which `ub_ctx_delete` waits for) then waits for a writer
/// that never comes. Nothing can cancel that read, so a call past its bound ends the process
/// with a clear error rather than wait forever (Docs/Decisions.md, D-resolver-4).
enum BoundedWait {
  /// How long libunbound may take to load a configuration or to stop: far above what loading a
  /// 16 MiB zone file (the largest file danescope lets it read) takes on this machine.
  static let libunboundBound: TimeInterval = 60

  /// A call that did not return within its bound: what it was doing and the bound it had.
  struct Expiry: Sendable, Equatable {
    let what: String
    let seconds: TimeInterval

    /// What the process says as it ends, naming the bound the call was given.
    var message: String {
      let bound = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
      return "danescope: resolver configuration: libunbound has not finished \(what) after"
        + " \(bound) s: a file it opens may have been replaced by a FIFO or a device after"
        + " danescope checked it; stopping\n"
    }
  }

  /// Runs `body` on the calling thread. If it has not returned after `seconds`, `expired` runs
  /// on another thread (`endProcess` by default, which does not return).
  static func run<T, E: Error>(
    seconds: TimeInterval, doing what: String,
    expired: @escaping @Sendable (Expiry) -> Void = endProcess,
    _ body: () throws(E) -> T
  ) throws(E) -> T {
    let done = DispatchSemaphore(value: 0)
    let expiry = Expiry(what: what, seconds: seconds)
    DetachedThread.start(name: nil) {
      if done.wait(timeout: .now() + seconds) == .timedOut { expired(expiry) }
    }
    defer { done.signal() }
    return try body()
  }

  /// Says what libunbound was doing (`report`) and ends the process with exit status 2, the
  /// status of a resolver configuration error.
  @Sendable static func endProcess(_ expiry: Expiry) {
    report(expiry)
    _exit(2)
  }

  /// Writes the message to the `--log-file` (when there is one), and to stderr only where that
  /// is not under a screen: with no screen on the terminal, or once the screen that had it (the
  /// console under curses) has put it back (`TerminalOwner`).
  static func report(_ expiry: Expiry) {
    let message = expiry.message
    UnboundLog.shared.appendToLogFiles(message)
    guard TerminalOwner.mayWriteToTerminal() else { return }
    let bytes = Array(message.utf8)
    _ = bytes.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }
}
