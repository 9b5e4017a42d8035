import FoundationEssentials
import Glibc
import ValidationCore

/// Events posted by work running off the UI thread, drained by the run loop. Posting writes a
/// byte to a pipe, so a loop waiting in poll wakes for events as it does for keys.
final class EventQueue: @unchecked Sendable {
  private let lock = Lock()
  private var events: [ConsoleEvent] = []
  private var descriptors: [Int32] = [-1, -1]

  init() {
    descriptors.withUnsafeMutableBufferPointer { buffer in
      _ = pipe(buffer.baseAddress!)
    }
    for descriptor in descriptors where descriptor >= 0 {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
  }

  /// The end the run loop polls.
  var readDescriptor: Int32 { descriptors[0] }
  /// The end signal handlers write to.
  var wakeDescriptor: Int32 { descriptors[1] }

  func post(_ event: ConsoleEvent) {
    lock.withLock { events.append(event) }
    var byte: UInt8 = 1
    // A full pipe already holds a wake-up; the byte is not needed then.
    _ = write(descriptors[1], &byte, 1)
  }

  /// Every event posted so far, in order; empties the wake pipe.
  func drain() -> [ConsoleEvent] {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(descriptors[0], &buffer, buffer.count) > 0 {}
    return lock.withLock {
      let drained = events
      events.removeAll(keepingCapacity: true)
      return drained
    }
  }
}
