import Glibc

/// Starts a thread of its own (not one of the concurrency pool's) for work that blocks: poll
/// loops, libunbound's result loop, a probe. A pthread, detached: nothing joins it; callers that
/// wait for one use a semaphore or a group, as before (Foundation's Thread is not in
/// FoundationEssentials: Docs/Decisions.md, D-build-2).
public enum DetachedThread {
  /// Runs `body` on a new thread named `name` (the kernel keeps its first 15 bytes, which `ps -L`,
  /// `top -H` and gdb show; with no name, the process's). Returns false, without running
  /// `body`, if no thread could be made.
  @discardableResult
  public static func start(name: String?, _ body: @escaping @Sendable () -> Void) -> Bool {
    let work = Unmanaged.passRetained(Work(name: name, body: body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    let made = pthread_create(&thread, &attributes, { context in
      let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
      work.nameCurrentThread()
      work.body()
      return nil
    }, work.toOpaque())
    guard made == 0 else {
      work.release()
      return false
    }
    return true
  }

  private final class Work: Sendable {
    let name: String?
    let body: @Sendable () -> Void

    init(name: String?, body: @escaping @Sendable () -> Void) {
      self.name = name
      self.body = body
    }

    /// The Glibc module leaves out pthread_setname_np (it needs _GNU_SOURCE); the kernel's own
    /// file for the calling thread's name does the same, and cuts the name at 15 bytes itself.
    func nameCurrentThread() {
      guard let name else { return }
      let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return }
      defer { close(descriptor) }
      var bytes = Array(name.utf8)
      _ = write(descriptor, &bytes, bytes.count)
    }
  }
}
