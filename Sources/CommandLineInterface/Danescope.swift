import FoundationEssentials
import ValidationCore

#if canImport(Glibc)
  import Glibc
#endif

/// Exit codes, as `--help` documents them.
public enum ExitCode: Int32, Sendable {
  case ok = 0
  case findings = 1
  case usage = 2
  /// The check could not complete, or its output could not be written.
  case incomplete = 3
}

/// Where the command line goes: parse, pick the command, run it, return the exit status.
public enum Danescope {
  public static func run(_ arguments: [String], output: TextOutput = .standard) async -> ExitCode {
    let parsed: ParsedArguments
    do {
      parsed = try ArgumentParser.parse(arguments)
    } catch {
      output.usageError(error)
      return output.hasFailed ? .incomplete : .usage
    }
    if parsed.has("--help") {
      output.print(HelpText.usage)
      return output.hasFailed ? .incomplete : .ok
    }
    if parsed.has("--version") {
      guard arguments.count == 1 else {
        // Said rather than ignored, as any option that does not apply.
        // The first argument other than --version (or -V) is the one at fault.
        let other = arguments.firstIndex { $0 != "--version" && $0 != "-V" }
        // Named as typed: `-V` or `--version`.
        let typed = arguments.first { $0 == "--version" || $0 == "-V" } ?? "--version"
        output.usageError(
          UsageError("\(typed) takes no other argument", at: other.map { $0 + 1 }))
        return output.hasFailed ? .incomplete : .usage
      }
      output.print("danescope \(HelpText.version)")
      return output.hasFailed ? .incomplete : .ok
    }
    if let command = CommandOptions.command(of: parsed) {
      do {
        try CommandOptions.check(parsed, command: command)
      } catch {
        output.usageError(error)
        return output.hasFailed ? .incomplete : .usage
      }
    }
    let status: ExitCode
    if let command = parsed.positionals.first {
      status = await CommandRouter.route(command, parsed, output: output)
    } else {
      status = await CommandRouter.openConsole(parsed, domain: nil, output: output)
    }
    return output.hasFailed ? .incomplete : status
  }
}

/// How the process should end besides its exit status: a command that was stopped by SIGTERM or
/// SIGHUP, once it has cleaned up, asks to die of that signal (main does it), as a shell expects.
public enum ProcessEnd {
  private static let lock = Lock()
  nonisolated(unsafe) private static var stored: Int32?

  public static var signal: Int32? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }

  nonisolated(unsafe) private static var ending = false
  /// Set once a signal's clean-up has begun removing the process's folders: from then on, what
  /// the command's threads say (a file that vanished under them) is an effect of the signal, not
  /// news for the user, and is not written.
  static var isEnding: Bool {
    get { lock.withLock { ending } }
    set { lock.withLock { ending = newValue } }
  }

  /// Ends the process by `number`, as if its default action had run: the shell then sees
  /// 128 + the signal. Unblocked first, since the calling thread may block it.
  public static func die(by number: Int32) -> Never {
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, number)
    pthread_sigmask(SIG_UNBLOCK, &only, nil)
    Glibc.signal(number, SIG_DFL)
    raise(number)
    _exit(128 + number)
  }
}

/// Where text for the user goes; tests capture it.
///
/// The standard one writes each line with write(2) and never stops the process: a full disk, a
/// closed descriptor or a reader that went away (EPIPE; main ignores SIGPIPE) marks the stream
/// as failed, says so once on stderr when stderr still works ("danescope: cannot write the
/// output: …"), and drops what follows. `Danescope.run` then ends with exit status 3.
///
/// Under a locale that does not write UTF-8 (TerminalLocale) the standard one spells every line
/// of text in ASCII (ASCIIText), on both streams; JSON (`printJSON`) goes out as it is.
public final class TextOutput: @unchecked Sendable {
  // @unchecked: the failure state is guarded by `lock`; the closures are @Sendable.
  public static let standard = TextOutput(
    outputDescriptor: STDOUT_FILENO, errorDescriptor: STDERR_FILENO,
    isASCII: !TerminalLocale.writesUTF8)

  private enum Sink {
    case closures(out: @Sendable (String) -> Void, err: @Sendable (String) -> Void)
    case descriptors(out: Int32, err: Int32)
  }

  private let sink: Sink
  private let lock = Lock()
  private var outputFailure: Int32?
  private var errorFailure: Int32?
  private var outputClosed = false
  /// Text is spelled in ASCII (not JSON).
  let isASCII: Bool

  public init(
    out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
    isASCII: Bool = false
  ) {
    sink = .closures(out: out, err: err)
    self.isASCII = isASCII
  }

  /// Lines go to these descriptors (as they are: nothing is opened or closed here).
  public init(outputDescriptor: Int32, errorDescriptor: Int32, isASCII: Bool = false) {
    sink = .descriptors(out: outputDescriptor, err: errorDescriptor)
    self.isASCII = isASCII
  }

  /// For main, before anything opens a file: a standard descriptor the process was started
  /// without (`>&-`) is taken by /dev/null, so that no file opened later gets its number and
  /// receives the output, and that stream counts as failed (EBADF) from its first line.
  public func reserveClosedDescriptors() {
    guard case .descriptors(let out, let err) = sink else { return }
    for descriptor in [STDIN_FILENO, out, err] where fcntl(descriptor, F_GETFD) == -1 {
      let opened = open("/dev/null", O_RDWR)
      if opened >= 0, opened != descriptor {
        dup2(opened, descriptor)
        close(opened)
      }
      lock.withLock {
        if descriptor == out { outputClosed = true }
        if descriptor == err { errorFailure = EBADF }
      }
    }
  }

  /// True once a line could not be written to either stream.
  public var hasFailed: Bool { lock.withLock { outputFailure != nil || errorFailure != nil } }

  /// Text for a person, on standard output.
  public func print(_ text: String) {
    writeOutput(isASCII ? ASCIIText.spelled(text) : text)
  }

  /// JSON, on standard output byte for byte.
  public func printJSON(_ text: String) {
    writeOutput(text)
  }

  private func writeOutput(_ text: String) {
    switch sink {
    case .closures(let out, _):
      out(text)
    case .descriptors(let out, _):
      guard !ProcessEnd.isEnding else { return }
      // The lock also keeps lines from concurrent tasks whole.
      let failure: Int32? = lock.withLock {
        guard outputFailure == nil else { return nil }
        let code = outputClosed ? EBADF : Self.write(text + "\n", to: out)
        guard let code else { return nil }
        outputFailure = code
        return code
      }
      if let failure {
        error("danescope: cannot write the output: \(String(cString: strerror(failure)))")
      }
    }
  }

  public func error(_ text: String) {
    let text = isASCII ? ASCIIText.spelled(text) : text
    switch sink {
    case .closures(_, let err):
      err(text)
    case .descriptors(_, let err):
      guard !ProcessEnd.isEnding else { return }
      lock.withLock {
        guard errorFailure == nil else { return }
        errorFailure = Self.write(text + "\n", to: err)
      }
    }
  }

  /// Writes all of `text`, or returns the errno that stopped it. A descriptor left non-blocking
  /// by another program is waited for, at most 30 seconds at a time.
  private static func write(_ text: String, to descriptor: Int32) -> Int32? {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written >= 0 {
        offset += written
        continue
      }
      let code = errno
      if code == EINTR { continue }
      if code == EAGAIN || code == EWOULDBLOCK {
        var wanted = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        if poll(&wanted, 1, 30_000) > 0 { continue }
      }
      return code
    }
    return nil
  }
}
