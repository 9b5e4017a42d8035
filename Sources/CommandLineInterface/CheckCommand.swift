/// `danescope check`.
enum CheckCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    // TODO: replaced when the 'check' command is built; until then it says so and exits 3.
    output.error("danescope: the 'check' command is not built yet in this version")
    return .incomplete
  }
}
