import Glibc

/// A stack of its own for the signal handlers of the thread that installs it (sigaltstack), so
/// that the crash handler can still run and put the terminal back after that thread overflowed
/// its stack: the SIGSEGV for the guard page would otherwise need a frame on the very stack that
/// has no room left, and the kernel would kill the process without running the handler.
///
/// An alternate stack belongs to one thread. The console installs one on the thread that runs
/// curses (where the screen is drawn and the panes' rows are made, the deepest code it has);
/// the Swift runtime gives the main thread one of its own. Other threads (the concurrency
/// pool's, libunbound's, the lab's servers) have none: a stack overflow there still kills the
/// process before any handler runs, and leaves the terminal on curses' screen. Any other crash
/// on those threads (a bad pointer, a failed precondition) runs the handler on their own stack
/// as before.
final class AlternateSignalStack {
  /// Room for the kernel's signal frame (`sysconf(_SC_SIGSTKSZ)` is 13 KiB on this machine,
  /// which saves the AVX-512 registers) and the handler: endwin goes through terminfo and
  /// stdio, and a Swift closure, before the process dies.
  static var size: Int { max(64 * 1024, 4 * sysconf(Int32(_SC_SIGSTKSZ))) }

  private let memory: UnsafeMutableRawPointer
  private var previous = stack_t()
  private var isInstalled = false

  init() {
    memory = UnsafeMutableRawPointer.allocate(byteCount: Self.size, alignment: 16)
  }

  /// Still installed here means some thread may still take signals on it, and only that thread
  /// can take it back: the memory is then left to the process rather than freed under it.
  deinit {
    if !isInstalled { memory.deallocate() }
  }

  /// Makes this the calling thread's alternate signal stack; the one it had (the runtime's on the
  /// main thread, or none) comes back on `uninstall`. Returns whether the kernel took it.
  @discardableResult
  func install() -> Bool {
    guard !isInstalled else { return true }
    var stack = stack_t(ss_sp: memory, ss_flags: 0, ss_size: Self.size)
    isInstalled = sigaltstack(&stack, &previous) == 0
    return isInstalled
  }

  /// Gives the calling thread back the alternate stack it had before. Call on the thread that
  /// installed this one, and not from a handler running on it.
  func uninstall() {
    guard isInstalled else { return }
    isInstalled = false
    sigaltstack(&previous, nil)
  }
}
