import Foundation
import XCTest

/// An interactive bash on a pseudo-terminal of its own (its own session, the terminal as its
/// controlling terminal, job control on), for what tmux hides: every byte a program writes to
/// the terminal (escape sequences included) is kept, and keys are written as raw bytes (Ctrl-Z
/// is "\u{1A}"). The shell is killed when the terminal is stopped or released.
final class PseudoTerminal: @unchecked Sendable {
  // @unchecked: `output` is only touched with `lock` held; `master` is set once.
  private let master: Int32
  private let shell: pid_t
  private let lock = NSLock()
  private var output: [UInt8] = []
  private var isStopped = false

  /// Starts `bash --norc --noprofile -i` under TERM=xterm-256color and LANG=C.UTF-8 (plus
  /// `environment`), with a prompt of "$ ".
  init(environment: [String: String] = [:]) throws {
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard master >= 0, LibC.grantpt(master) == 0, LibC.unlockpt(master) == 0,
      let name = LibC.ptsname(master).map({ String(cString: $0) })
    else { throw TestProcess.ToolFailed(command: "/dev/ptmx", status: errno, output: "") }
    var variables = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
      "PS1": "$ ", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": NSTemporaryDirectory()]
    variables.merge(environment) { $1 }
    let bash = try TestProcess.locate("bash").path
    let words = [bash, "--norc", "--noprofile", "-i"]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
      variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc's 0x80, not imported into Swift): a new session, so that the
    // terminal opened below becomes the shell's controlling terminal. The signal mask is
    // emptied and every signal set to its default, whatever the test thread had.
    posix_spawnattr_setflags(
      &attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, master)
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, bash, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      close(master)
      throw TestProcess.ToolFailed(command: "posix_spawn bash", status: spawned, output: "")
    }
    shell = pid
    let reader = Thread { [self] in readUntilClosed() }
    reader.name = "pty-reader"
    reader.start()
  }

  deinit { stop() }

  /// Kills the shell and every process of its session still there (a console left stopped).
  func stop() {
    let wasStopped = lock.withLock {
      defer { isStopped = true }
      return isStopped
    }
    guard !wasStopped else { return }
    // The session's processes share the shell's pid as their session id.
    if let listing = try? TestProcess.run("ps", ["-o", "pid=", "-s", String(shell)], timeout: 10) {
      for word in listing.stdout.split(whereSeparator: \.isWhitespace) {
        if let pid = pid_t(word), pid != shell { kill(pid, SIGKILL) }
      }
    }
    kill(shell, SIGKILL)
    var status: Int32 = 0
    _ = waitpid(shell, &status, 0)
    close(master)
  }

  private func readUntilClosed() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(master, &buffer, buffer.count)
      if count > 0 {
        lock.withLock { output += buffer[0..<count] }
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return
      }
    }
  }

  /// Writes `text` as the keyboard would (a line ends with "\r").
  func type(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress!, $0.count) }
      if written > 0 { offset += written } else if errno != EINTR { return }
    }
  }

  /// Everything written to the terminal so far (the shell's echo, prompts, programs' output).
  var bytes: [UInt8] { lock.withLock { output } }

  /// `bytes` as text, invalid UTF-8 replaced.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Waits until the output from `offset` on contains `needle`; fails the test (with the
  /// output) when it does not within `timeout` seconds. Returns where the needle ends.
  @discardableResult
  func waitFor(
    _ needle: String, after offset: Int = 0, timeout: TimeInterval = 30,
    file: StaticString = #filePath, line: UInt = #line
  ) -> Int? {
    var end: Int?
    let found = waitUntil(timeout: timeout) {
      let all = bytes
      guard offset <= all.count else { return false }
      end = Self.range(of: Array(needle.utf8), in: all, from: offset)?.upperBound
      return end != nil
    }
    if !found {
      XCTFail("timed out waiting for \(needle.debugDescription); the terminal got:\n"
        + String(decoding: bytes.suffix(3000), as: UTF8.self).debugDescription,
        file: file, line: line)
    }
    return end
  }

  static func range(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0)
    -> Range<Int>?
  {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var index = start
    while index + needle.count <= haystack.count {
      if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle {
        return index..<index + needle.count
      }
      index += 1
    }
    return nil
  }

  /// A mode the console turns on, and the sequence that turns it off again (xterm-256color).
  static let consoleModes: [(name: String, on: String, off: String)] = [
    ("alternate screen", "\u{1B}[?1049h", "\u{1B}[?1049l"),
    ("mouse reporting", "\u{1B}[?1006;1000h", "\u{1B}[?1006;1000l"),
    ("keypad mode", "\u{1B}[?1h", "\u{1B}[?1l"),
    ("hidden cursor", "\u{1B}[?25l", "\u{1B}[?25h"),
  ]

  /// Where `needle` last occurs in `haystack`, or nil.
  static func lastIndex(of needle: String, in haystack: [UInt8]) -> Int? {
    let pattern = Array(needle.utf8)
    guard haystack.count >= pattern.count else { return nil }
    var index = haystack.count - pattern.count
    while index >= 0 {
      if Array(haystack[index..<index + pattern.count]) == pattern { return index }
      index -= 1
    }
    return nil
  }
}

/// grantpt, unlockpt and ptsname, which Swift's Glibc module does not import (they need
/// _XOPEN_SOURCE), looked up in the C library already loaded.
private enum LibC {
  typealias OnDescriptor = @convention(c) (Int32) -> Int32
  typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  static let grantpt: OnDescriptor = function("grantpt")
  static let unlockpt: OnDescriptor = function("unlockpt")
  static let ptsname: Name = function("ptsname")

  private static func function<T>(_ name: String) -> T {
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
      fatalError("the C library has no \(name)")
    }
    return unsafeBitCast(address, to: T.self)
  }
}
