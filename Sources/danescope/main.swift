import CommandLineInterface

#if canImport(Glibc)
  import Glibc
#endif

setlocale(LC_ALL, "")
let status = await Danescope.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
