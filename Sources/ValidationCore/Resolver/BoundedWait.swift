import Dispatch
import FoundationEssentials
import Glibc

/// A bound on a call into libunbound that can block where danescope cannot interrupt it: a file
/// an unbound.conf names, checked to be a regular file, may be replaced by a FIFO before
/// libunbound opens it, and libunbound's read (on the calling thread while it loads the
/// configuration, or in its worker, which `ub_ctx_delete` waits for) then waits for a writer
/// that never comes; or libunbound may simply be slow (its anchor loading time grows with the
/// square of a zone's records, which TrustAnchorBounds keeps far below this bound). Nothing can
/// cancel the call, so a call past its bound ends the process with a clear error rather than
/// wait forever (Docs/Decisions.md, D-resolver-4 and D-resolver-7).
public enum BoundedWait {
  /// How long libunbound may take to load a configuration or to stop: far above what loading a
  /// 16 MiB zone file (the largest file danescope lets it read) or the most trust anchors
  /// danescope lets it load (TrustAnchorBounds) takes on this machine.
  static let libunboundBound: TimeInterval = 60

  private static let lock = Lock()
  nonisolated(unsafe) private static var removeOthers: @Sendable (() -> Void) -> Void = {
    $0()
  }

  /// What else must go when a call past its bound ends the process, besides the resolvers'
  /// private folders (ResolverScratchFolders), which always do: the command line sets the lab's
  /// folders here (they hold its keys), which this module does not know. `body` removes them and
  /// then runs the closure it is given (the rest of the ending) while no new one can be made.
  public static func setRemovingFolders(_ body: @escaping @Sendable (() -> Void) -> Void) {
    lock.withLock { removeOthers = body }
  }

  /// A call that did not return within its bound: what it was doing and the bound it had.
  struct Expiry: Sendable, Equatable {
    let what: String
    let seconds: TimeInterval

    /// What is known when the bound is passed: only that libunbound has not returned within
    /// the bound this call was given. (It may be slow, or blocked on a file replaced by a FIFO;
    /// which one cannot be told from here.)
    var message: String {
      let bound = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
      return "danescope: resolver configuration: libunbound did not finish \(what) within"
        + " \(bound) s; stopping\n"
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

  /// Says what is known (`report`), removes the process's private folders (`removeFolders`),
  /// and ends the process with exit status 2, the status of a resolver configuration error.
  @Sendable static func endProcess(_ expiry: Expiry) {
    report(expiry)
    removeFolders { _exit(2) }
  }

  /// Removes the process's private folders (a resolver's, with its copy of the trust anchors;
  /// the lab's, with its keys), then runs `rest` with their locks still held, so that no thread
  /// makes a new one before the process ends.
  static func removeFolders(then rest: () -> Void) {
    let others = lock.withLock { removeOthers }
    others { ResolverScratchFolders.removeAll(then: rest) }
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
