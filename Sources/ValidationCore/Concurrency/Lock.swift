import Glibc

/// A mutual-exclusion lock on a pthread mutex, for every module of danescope (the binary links
/// FoundationEssentials only, which has no NSLock: Docs/Decisions.md, D-build-2). `recursive`
/// lets the thread that holds it take it again.
public final class Lock: @unchecked Sendable {
  // On the heap: a pthread mutex must not move while in use, and a stored property may.
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  public init(recursive: Bool = false) {
    var attributes = pthread_mutexattr_t()
    pthread_mutexattr_init(&attributes)
    if recursive { pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE)) }
    pthread_mutex_init(mutex, &attributes)
    pthread_mutexattr_destroy(&attributes)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  public func lock() { pthread_mutex_lock(mutex) }

  public func unlock() { pthread_mutex_unlock(mutex) }

  /// Runs `body` holding the lock; what it throws passes through with its type.
  public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    lock()
    defer { unlock() }
    return try body()
  }
}
