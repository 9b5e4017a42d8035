#if DEBUG
  import Glibc

  /// A test hook, compiled into debug builds only (the ones `swift test` runs; `make release`
  /// has none of it): with DANESCOPE_DEBUG_STACK_OVERFLOW set in the environment, the console
  /// overflows the stack of its curses thread once the first screen is drawn, so that
  /// ConsoleCrashTests can see the crash handler put the terminal back from the alternate
  /// signal stack. Nothing else reads the variable.
  enum StackOverflowDrill {
    static let variable = "DANESCOPE_DEBUG_STACK_OVERFLOW"
    static let isAsked = getenv(variable) != nil

    static func runIfAsked() {
      guard isAsked else { return }
      _ = descend(0)
    }

    /// Recurses until the thread's guard page stops it with SIGSEGV. Each frame keeps a few
    /// words alive across the call, so that no frame can be reused for the next.
    @inline(never)
    private static func descend(_ depth: Int) -> Int {
      var words = (depth, depth &+ 1, depth &+ 2, depth &+ 3)
      return withUnsafeMutablePointer(to: &words) { descend($0.pointee.1) &+ $0.pointee.3 }
    }
  }
#endif
