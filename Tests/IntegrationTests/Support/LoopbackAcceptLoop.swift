import Foundation

/// The accept loop of the in-process TCP test servers (`STARTTLSFront`, `HostilePeer`): once
/// started, connections on `listener` are accepted one after another on a thread of their own,
/// given 10-second send and receive timeouts and handed to the server, which closes them.
/// `stop()` ends the loop, waiting (boundedly) for the connection being served, and closes the
/// listener.
final class LoopbackAcceptLoop: @unchecked Sendable {
  private let listener: Int32
  private let lock = NSLock()
  private var isStopped = false
  private let finished = DispatchSemaphore(value: 0)

  init(listener: Int32) {
    self.listener = listener
  }

  /// Starts the thread, named `name`; `serve` gets each accepted connection and closes it.
  func start(name: String, serve: @escaping @Sendable (Int32) -> Void) {
    let thread = Thread { [self] in run(serve) }
    thread.name = name
    thread.start()
  }

  /// Whether `stop()` was called.
  var stopped: Bool { lock.withLock { isStopped } }

  /// Stops accepting and waits (at most 15 s) for the serving thread to end. A second call
  /// does nothing.
  func stop() {
    let wasStopped = lock.withLock {
      defer { isStopped = true }
      return isStopped
    }
    guard !wasStopped else { return }
    _ = finished.wait(timeout: .now() + 15)
    close(listener)
  }

  private func run(_ serve: (Int32) -> Void) {
    defer { finished.signal() }
    while !stopped {
      var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
      guard poll(&entry, 1, 50) > 0 else { continue }
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { continue }
      Self.setTimeouts(connection)
      serve(connection)
    }
  }

  /// 10-second receive and send timeouts on `fd`.
  static func setTimeouts(_ fd: Int32) {
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    let size = socklen_t(MemoryLayout<timeval>.size)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
  }
}
