import CommandLineInterface

#if canImport(Glibc)
  import Glibc
#endif

// No setlocale here: only curses needs the locale, and the console sets it when curses starts
// (loading every locale category cost each command about 0.2 ms).
// A reader that goes away (`| head -c1`) makes write(2) fail with EPIPE, which TextOutput
// reports, instead of killing the process before it has cleaned up (a lab's folder of keys).
signal(SIGPIPE, SIG_IGN)
TextOutput.standard.reserveClosedDescriptors()
// The raw bytes, not `CommandLine.arguments`: that one silently replaces bytes that are not UTF-8.
let raw = (1..<Int(CommandLine.argc)).map { index -> [UInt8] in
  guard let argument = CommandLine.unsafeArgv[index] else { return [] }
  return Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map {
    UInt8(bitPattern: $0)
  }
}
let arguments: [String]
do {
  arguments = try ArgumentParser.decode(raw)
} catch {
  TextOutput.standard.usageError(error)
  exit(TextOutput.standard.hasFailed ? ExitCode.incomplete.rawValue : ExitCode.usage.rawValue)
}
let status = await Danescope.run(arguments)
// Every command has finished its own clean-up (curses ended, lab stopped, files removed) and
// written its output unbuffered; what is left at exit is library teardown the kernel does
// anyway (OpenSSL's atexit handler freeing its tables, among others).
fflush(nil)
// The code after an `await` in main may run on a thread that blocks signals: die(by:) unblocks.
if let number = ProcessEnd.signal { ProcessEnd.die(by: number) }
_exit(status.rawValue)
