/// `danescope lab`.
enum LabCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    // TODO: replaced when the 'lab' command is built; until then it says so and exits 3.
    output.error("danescope: the 'lab' command is not built yet in this version")
    return .incomplete
  }
}
