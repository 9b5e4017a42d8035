import Foundation
import Glibc

/// Watches one file with inotify(7) while a test runs another process: counts how many times
/// it is opened, and can run an action once, when it is first closed after reading (to replace
/// it between two readers). Stopped by `stop()`, which returns the count.
final class FileOpenWatch: @unchecked Sendable {
  private let descriptor: Int32
  private let lock = NSLock()
  private var opens = 0
  private var stopped = false
  private var thread: Thread?
  private var afterFirstClose: (() -> Void)?

  init(_ path: String, afterFirstClose: (() -> Void)? = nil) throws {
    descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    guard inotify_add_watch(descriptor, path, UInt32(IN_OPEN | IN_CLOSE_NOWRITE)) >= 0 else {
      close(descriptor)
      throw POSIXError(.init(rawValue: errno) ?? .EIO)
    }
    self.afterFirstClose = afterFirstClose
    let thread = Thread { [self] in run() }
    self.thread = thread
    thread.start()
  }

  private func run() {
    while !lock.withLock({ stopped }) {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      if poll(&poller, 1, 50) > 0 { drain() }
    }
  }

  /// Reads every event waiting (the descriptor does not block).
  private func drain() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(descriptor, &buffer, buffer.count)
      guard count > 0 else { return }
      var offset = 0
      while offset + MemoryLayout<inotify_event>.size <= count {
        let event = buffer.withUnsafeBytes {
          $0.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
        }
        if event.mask & UInt32(IN_OPEN) != 0 { lock.withLock { opens += 1 } }
        if event.mask & UInt32(IN_CLOSE_NOWRITE) != 0, let action = takeAction() { action() }
        offset += MemoryLayout<inotify_event>.size + Int(event.len)
      }
    }
  }

  private func takeAction() -> (() -> Void)? {
    lock.withLock {
      let action = afterFirstClose
      afterFirstClose = nil
      return action
    }
  }

  /// Stops watching, reads the events left, and returns the number of opens. Call it after the
  /// watched process has ended: every event it caused is queued by then.
  func stop() -> Int {
    lock.withLock { stopped = true }
    while thread?.isFinished == false { usleep(10_000) }
    drain()
    close(descriptor)
    return lock.withLock { opens }
  }
}
