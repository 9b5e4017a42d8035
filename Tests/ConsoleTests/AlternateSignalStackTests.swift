import Glibc
import XCTest

@testable import Console

/// The stack the crash handler runs on after the curses thread overflows its own
/// (ConsoleCrashTests shows the whole crash on a real terminal): installing it makes it the
/// calling thread's alternate signal stack, as the kernel reports it, and uninstalling gives the
/// thread back the one it had (on the main thread, the Swift runtime's; elsewhere, none).
final class AlternateSignalStackTests: XCTestCase {
  func testInstallMakesItTheThreadsSignalStackAndUninstallRestoresTheOldOne() {
    let before = Self.current()
    let stack = AlternateSignalStack()
    XCTAssertTrue(stack.install())
    let during = Self.current()
    XCTAssertEqual(Int(during.ss_flags) & SS_DISABLE, 0)
    XCTAssertEqual(during.ss_size, AlternateSignalStack.size)
    XCTAssertNotEqual(during.ss_sp, before.ss_sp)
    // Room for the kernel's frame several times over, whatever this processor saves.
    XCTAssertGreaterThanOrEqual(AlternateSignalStack.size, 4 * sysconf(Int32(_SC_SIGSTKSZ)))
    stack.uninstall()
    let after = Self.current()
    XCTAssertEqual(after.ss_flags, before.ss_flags)
    XCTAssertEqual(after.ss_size, before.ss_size)
    XCTAssertEqual(after.ss_sp, before.ss_sp)
  }

  private static func current() -> stack_t {
    var stack = stack_t()
    XCTAssertEqual(sigaltstack(nil, &stack), 0)
    return stack
  }
}
