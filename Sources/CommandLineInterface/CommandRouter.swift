/// Picks the command named by the first positional word. Each command lives in its own file
/// (`ChainCommand.swift`, `CheckCommand.swift`, …) as a `run(_:output:) async -> ExitCode`.
enum CommandRouter {
  static func route(_ command: String, _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    let arguments = Array(parsed.positionals.dropFirst())
    switch command {
    case "check": return await CheckCommand.run(arguments, parsed, output: output)
    case "chain": return await ChainCommand.run(arguments, parsed, output: output)
    case "trace": return await TraceCommand.run(arguments, parsed, output: output)
    case "tlsa": return await TLSACommand.run(arguments, parsed, output: output)
    case "lab": return await LabCommand.run(arguments, parsed, output: output)
    default:
      if isConsoleDomain(command, parsed) {
        return await openConsole(parsed, domain: command, output: output)
      }
      output.usageError(
        UsageError("unknown command '\(command)'", at: parsed.positionalPositions.first))
      return .usage
    }
  }

  static func openConsole(_ parsed: ParsedArguments, domain: String?, output: TextOutput) async
    -> ExitCode
  {
    await ConsoleCommand.run(domain, parsed, output: output)
  }

  /// Whether a first word that names no command is the console's DOMAIN: a name with a dot, or
  /// with `--lab` any word (a scenario's short name such as `two-mx`).
  static func isConsoleDomain(_ word: String, _ parsed: ParsedArguments) -> Bool {
    word.contains(".") || parsed.has("--lab")
  }
}
