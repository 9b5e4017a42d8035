import Foundation

/// Exit codes, as `--help` documents them.
public enum ExitCode: Int32, Sendable {
  case ok = 0
  case findings = 1
  case usage = 2
  case incomplete = 3
}

/// Where the command line goes: parse, pick the command, run it, return the exit status.
public enum Danescope {
  public static func run(_ arguments: [String], output: TextOutput = .standard) async -> ExitCode {
    let parsed: ParsedArguments
    do {
      parsed = try ArgumentParser.parse(arguments)
    } catch {
      output.error(error.description)
      output.error("Try 'danescope --help'.")
      return .usage
    }
    if parsed.has("--help") {
      output.print(HelpText.usage)
      return .ok
    }
    if parsed.has("--version") {
      output.print("danescope \(HelpText.version)")
      return .ok
    }
    guard let command = parsed.positionals.first else {
      return await CommandRouter.openConsole(parsed, domain: nil, output: output)
    }
    return await CommandRouter.route(command, parsed, output: output)
  }
}

/// How the process should end besides its exit status: a command that was stopped by SIGTERM or
/// SIGHUP, once it has cleaned up, asks to die of that signal (main does it), as a shell expects.
public enum ProcessEnd {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var stored: Int32?

  public static var signal: Int32? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

/// Where text for the user goes; tests capture it.
public final class TextOutput: @unchecked Sendable {
  public static let standard = TextOutput(
    out: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
    err: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })

  private let out: @Sendable (String) -> Void
  private let err: @Sendable (String) -> Void

  public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
    self.out = out
    self.err = err
  }

  public func print(_ text: String) { out(text) }
  public func error(_ text: String) { err(text) }
}
