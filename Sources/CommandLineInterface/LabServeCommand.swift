import Foundation
import Lab
import ValidationCore

/// `danescope lab serve [--listen ADDR@PORT] [--port SMTP-PORT]`: the lab's zones over DNS (UDP
/// and TCP) and its STARTTLS servers, until SIGINT or SIGTERM.
enum LabServeCommand {
  static func run(_ parsed: ParsedArguments, clock: Clock, output: TextOutput) async -> ExitCode {
    let listen: LabListenAddress
    var smtpPort: UInt16 = 0
    do {
      listen = try LabListenAddress(
        parsing: parsed.value("--listen") ?? LabListenAddress.defaultServe.description,
        defaultPort: LabListenAddress.defaultServe.port)
      if let text = parsed.value("--port") {
        guard let port = UInt16(text), port > 0 else {
          throw LabError.badValue(option: "--port", "'\(text)' is not a port number (1-65535)")
        }
        smtpPort = port
      }
    } catch {
      output.error("danescope: lab serve: \(ArgumentText.escapingControls("\(error)"))")
      return .usage
    }
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
      output.error("danescope: lab serve could not start: \(error)")
      return .incomplete
    }
    output.print(LabText.serving(lab, dns: listen))
    let signal = await waitForTermination()
    output.print("Stopping (signal \(signal)).")
    dns.stop()
    lab.stop()
    return .ok
  }

  /// Suspends until SIGINT or SIGTERM arrives; returns its number.
  private static func waitForTermination() async -> Int32 {
    await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
      let queue = DispatchQueue(label: "danescope-lab-signals")
      let once = ResumeOnce(continuation)
      for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { once.resume(number) }
        source.resume()
        once.keep(source)
      }
    }
  }
}

/// Resumes a continuation at most once and keeps the signal sources alive until then.
private final class ResumeOnce: @unchecked Sendable {
  // @unchecked: both fields are guarded by `lock`.
  private let lock = NSLock()
  private var continuation: CheckedContinuation<Int32, Never>?
  private var sources: [DispatchSourceSignal] = []

  init(_ continuation: CheckedContinuation<Int32, Never>) {
    self.continuation = continuation
  }

  func keep(_ source: DispatchSourceSignal) { lock.withLock { sources.append(source) } }

  func resume(_ number: Int32) {
    let pending = lock.withLock {
      defer { continuation = nil }
      return continuation
    }
    pending?.resume(returning: number)
  }
}
