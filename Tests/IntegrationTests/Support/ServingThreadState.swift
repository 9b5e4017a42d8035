import Foundation

/// What a loopback test server's serving thread shares with its owner: a lock, the stop flag the
/// thread polls between waits, and the semaphore it signals on its way out. Subclasses add the
/// counts or records the thread keeps (under `lock`).
class ServingThreadState: @unchecked Sendable {
  let lock = NSLock()
  let done = DispatchSemaphore(value: 0)
  private var stopped = false

  /// Whether the owner asked the thread to stop.
  var isStopped: Bool { lock.withLock { stopped } }

  /// Asks the thread to stop and waits until it has signalled `done`. True on the first call
  /// only; later calls neither wait nor report, so the owner closes its sockets once.
  func stopAndWait() -> Bool {
    let first = lock.withLock { () -> Bool in
      defer { stopped = true }
      return !stopped
    }
    guard first else { return false }
    done.wait()
    return true
  }
}
