/// Picks the command named by the first positional word.
enum CommandRouter {
  static let commandNames: Set<String> = ["check", "chain", "trace", "tlsa", "lab"]

  static func route(_ command: String, _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    switch command {
    case "check", "chain", "trace", "tlsa", "lab":
      output.error("danescope: the '\(command)' command is not built yet in this version")
      return .incomplete
    default:
      if command.contains(".") {
        return await openConsole(parsed, domain: command, output: output)
      }
      output.error(UsageError("unknown command '\(command)'", at: nil).description)
      output.error("Try 'danescope --help'.")
      return .usage
    }
  }

  static func openConsole(_ parsed: ParsedArguments, domain: String?, output: TextOutput) async
    -> ExitCode
  {
    output.print("danescope \(HelpText.version): the console is not built yet in this version.")
    return .incomplete
  }
}
