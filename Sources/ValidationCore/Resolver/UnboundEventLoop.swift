import CUnbound
import FoundationEssentials
import Glibc

/// One thread per context that waits on libunbound's result descriptor (`ub_fd`) and runs
/// `ub_process`, which calls the query callbacks. A pipe wakes it to stop. The thread holds the
/// context, so the context is deleted only after the thread has left `ub_process`.
final class UnboundEventLoop: @unchecked Sendable {
  private let wakeRead: Int32
  private let wakeWrite: Int32
  private let lock = Lock()
  private var isStopped = false

  init(context: UnboundContext) throws(ResolverConfigurationError) {
    var descriptors: [Int32] = [0, 0]
    guard pipe(&descriptors) == 0 else {
      throw ResolverConfigurationError(
        .rejected, file: nil, message: "cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    wakeRead = descriptors[0]
    wakeWrite = descriptors[1]
    let resultDescriptor = ub_fd(context.handle)
    guard resultDescriptor >= 0 else {
      close(wakeRead)
      close(wakeWrite)
      throw ResolverConfigurationError(
        .rejected, file: nil, message: "libunbound gave no result descriptor")
    }
    let wake = wakeRead
    DetachedThread.start(name: "danescope-unbound") {
      Self.run(context: context, resultDescriptor: resultDescriptor, wake: wake)
    }
  }

  private static func run(context: UnboundContext, resultDescriptor: Int32, wake: Int32) {
    var watched = [
      pollfd(fd: resultDescriptor, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
    ]
    while true {
      let ready = poll(&watched, nfds_t(watched.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        return
      }
      if watched[1].revents != 0 { break }
      if watched[0].revents & Int16(POLLIN) != 0 {
        _ = ub_process(context.handle)
      } else if watched[0].revents != 0 {
        // POLLERR/POLLHUP on libunbound's pipe: its worker is gone; nothing more will come.
        break
      }
    }
    close(wake)
  }

  /// Asks the thread to stop; it closes its end of the pipe and lets go of the context.
  func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !isStopped else { return }
    isStopped = true
    var byte: UInt8 = 1
    _ = write(wakeWrite, &byte, 1)
    close(wakeWrite)
  }

  deinit { stop() }
}
