/// `danescope [DOMAIN]` and `danescope --lab`: the console.
enum ConsoleCommand {
  static func run(_ domain: String?, _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    // TODO: replaced when the console is built; until then it prints the version and says so.
    output.print("danescope \(HelpText.version): the console is not built yet in this version.")
    return .incomplete
  }
}
