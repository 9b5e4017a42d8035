import Dispatch
import Glibc
import ValidationCore

/// The console's side of `TerminalOwner`. When the process has to end on its own (BoundedWait:
/// libunbound stuck past its bound), the thread that ends it asks the run loop to put the
/// terminal back first, and waits for that (up to `bound`) before it writes anything to stderr:
/// only the run loop's thread talks to curses.
final class TerminalHandover: @unchecked Sendable {
  // @unchecked: `isAsked` and `isFinished` are guarded by `lock`; the semaphore is thread-safe.
  private let lock = Lock()
  private var asked = false
  private var finished = false
  private let answered = DispatchSemaphore(value: 0)
  /// The run loop's wake pipe.
  private let wake: Int32

  /// How long the thread ending the process waits for the run loop.
  static let bound: DispatchTimeInterval = .seconds(2)

  init(wake: Int32) {
    self.wake = wake
  }

  /// From the thread ending the process: asks the run loop to put the terminal back and waits.
  /// True once it has (or had already, as the console ended); false when the loop did not
  /// answer in time, and the terminal was then put back from this thread as the crash handler
  /// does, with nothing written to it, since the loop may still be drawing.
  func ask() -> Bool {
    let isDone = lock.withLock {
      asked = true
      return finished
    }
    if isDone { return true }
    var byte: UInt8 = 1
    _ = write(wake, &byte, 1)
    if answered.wait(timeout: .now() + Self.bound) == .success { return true }
    CursesScreen.restoreFromAnyThread()
    return false
  }

  /// Whether the thread ending the process is waiting for the terminal.
  var isAsked: Bool { lock.withLock { asked } }

  /// From the run loop, once curses has given the terminal back.
  func finish() {
    lock.withLock { finished = true }
    answered.signal()
  }
}
