#if DEBUG
  import Glibc

  /// A test hook, compiled into debug builds only (the ones `swift test` runs; `make release`
  /// has none of it): with DANESCOPE_DEBUG_BOUNDED_WAIT=SECONDS in the environment,
  /// `startIfAsked` starts a call bounded by BoundedWait that never returns in time, as
  /// libunbound's read of a file swapped for a FIFO would not, so that a test can see what the
  /// process says as it ends, and where (ConsoleBoundedWaitTests: never over the console's
  /// screen). Nothing else reads the variable.
  public enum BoundedWaitDrill {
    static let variable = "DANESCOPE_DEBUG_BOUNDED_WAIT"

    /// The bound asked for, in seconds; nil when the drill is not asked for.
    static var seconds: Double? {
      guard let value = getenv(variable) else { return nil }
      return Double(String(cString: value)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Starts the drill's blocked call on a thread of its own, once.
    public static func startIfAsked() {
      guard let seconds, !hasStarted.exchange() else { return }
      _ = DetachedThread.start(name: "danescope-drill") {
        BoundedWait.run(seconds: seconds, doing: "a drill call that never returns") { () -> Void in
          while true { sleep(3600) }
        }
      }
    }

    private static let hasStarted = OnceFlag()
  }

  /// Set once; `exchange` says whether it was already set.
  private final class OnceFlag: @unchecked Sendable {
    // @unchecked: `isSet` is guarded by `lock`.
    private let lock = Lock()
    private var isSet = false
    func exchange() -> Bool {
      lock.withLock {
        defer { isSet = true }
        return isSet
      }
    }
  }
#endif
