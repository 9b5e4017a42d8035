import FoundationEssentials
import Glibc

/// Lets another thread stop a running probe: it marks the probe cancelled and shuts its socket
/// down, so that the poll in progress returns at once instead of at its deadline. The socket
/// registers itself while its descriptor is open and leaves before closing it, so a descriptor
/// number the system has reused is never touched.
final class ProbeCancellation: @unchecked Sendable {
  // @unchecked: both stored properties are guarded by `lock`.
  private let lock = Lock()
  private var cancelled = false
  private var descriptor: Int32?

  var isCancelled: Bool { lock.withLock { cancelled } }

  func cancel() {
    lock.withLock {
      cancelled = true
      if let descriptor { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }
  }

  func attach(_ descriptor: Int32) {
    lock.withLock {
      self.descriptor = descriptor
      if cancelled { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }
  }

  func detach(_ descriptor: Int32) {
    lock.withLock {
      if self.descriptor == descriptor { self.descriptor = nil }
    }
  }
}
