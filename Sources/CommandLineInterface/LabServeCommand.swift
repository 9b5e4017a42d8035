import Dispatch
import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// `danescope lab serve [--listen ADDR@PORT] [--port SMTP-PORT]`: the lab's zones over DNS (UDP
/// and TCP) and its STARTTLS servers, until SIGINT, SIGTERM, SIGHUP (a closed terminal) or
/// SIGQUIT (Ctrl-\\, which would otherwise bring the runtime's crash report).
enum LabServeCommand {
  static func run(_ parsed: ParsedArguments, clock: Clock, output: TextOutput) async -> ExitCode {
    let listen: LabListenAddress
    var smtpPort: UInt16 = 0
    var option = "--listen"
    do throws(LabError) {
      listen = try LabListenAddress(
        parsing: parsed.value("--listen") ?? LabListenAddress.defaultServe.description,
        defaultPort: LabListenAddress.defaultServe.port)
      if let text = parsed.value("--port") {
        option = "--port"
        guard let port = DecimalNumber.integer(text, as: UInt16.self), port > 0 else {
          throw LabError.badValue(option: "--port", "'\(text)' is not a port number (1-65535)")
        }
        smtpPort = port
      }
    } catch {
      let problem = LabCommand.listenProblem(error)
      output.usageError(UsageError("lab serve: \(problem)", at: parsed.position(of: option)))
      return .usage
    }
    // Caught from before the lab starts: a signal while it starts stops it once it has (its
    // folder, which holds the certificate keys, is removed either way).
    let termination = TerminationSignals([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    let lab: RunningLab
    let dns: LabDNSServer
    do {
      lab = try await Lab.start(clock: clock, smtpPort: smtpPort)
      do {
        dns = try LabDNSServer(zones: lab.build.zones, listen: listen)
      } catch {
        lab.stop()
        throw error
      }
    } catch {
      output.error(ArgumentText.echoed("danescope: lab serve could not start: \(error)"))
      return .incomplete
    }
    LabSession.warnAboutKeyCache(lab.build, output: output)
    if termination.received == nil { output.print(LabText.serving(lab, dns: listen)) }
    // Nobody can learn the addresses and the trust anchor: serving would only leave a lab
    // running that no one can use.
    if output.hasFailed {
      dns.stop()
      lab.stop()
      return .incomplete
    }
    let signal = await termination.wait()
    output.print("Stopping (signal \(signal)).")
    dns.stop()
    lab.stop()
    return .ok
  }
}

/// Signals that end a server: ignored by default from the moment this is made, remembered when
/// they arrive, and awaited with `wait()` (which returns at once if one came already).
final class TerminationSignals: @unchecked Sendable {
  // @unchecked: every field is guarded by `lock`.
  private let lock = Lock()
  private var first: Int32?
  private var waiting: CheckedContinuation<Int32, Never>?
  private var sources: [DispatchSourceSignal] = []

  init(_ numbers: [Int32]) {
    let queue = DispatchQueue(label: "danescope-termination-signals")
    for number in numbers {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [weak self] in self?.arrived(number) }
      source.resume()
      sources.append(source)
    }
  }

  /// The first signal that arrived, if any did.
  var received: Int32? { lock.withLock { first } }

  func wait() async -> Int32 {
    await withCheckedContinuation { continuation in
      let already: Int32? = lock.withLock {
        if let first { return first }
        waiting = continuation
        return nil
      }
      if let already { continuation.resume(returning: already) }
    }
  }

  private func arrived(_ number: Int32) {
    let pending: CheckedContinuation<Int32, Never>? = lock.withLock {
      guard first == nil else { return nil }
      first = number
      defer { waiting = nil }
      return waiting
    }
    pending?.resume(returning: number)
  }
}
