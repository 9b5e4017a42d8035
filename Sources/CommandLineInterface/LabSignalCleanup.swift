import Dispatch
import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// For the one-shot commands with `--lab` (`chain`, `check`): from before the lab starts until
/// the process ends, SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the lab's folder (it holds the
/// certificate keys) and any resolver set-up folder, and then end the process by the same
/// signal, as they did before, whatever the command was doing: building the lab, setting up the
/// resolver, waiting on a query. The process ends with both folder locks held, so that no other
/// thread makes a new folder in between.
///
/// The console and `lab serve` have their own handling (a clean stop) and do not use this.
enum LabSignalCleanup {
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
  private static let lock = Lock()

  /// Installs the clean-up once; later calls do nothing.
  static func install() {
    lock.withLock {
      guard sources.isEmpty else { return }
      let queue = DispatchQueue(label: "danescope-lab-signal-cleanup")
      for number in signals {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { end(by: number) }
        source.resume()
        sources.append(source)
      }
    }
  }

  private static func end(by number: Int32) {
    ProcessEnd.isEnding = true
    Lab.removeLiveFolders {
      ResolverScratchFolders.removeAll {
        if number == SIGQUIT { ProcessEnd.forbidCoreFile() }
        ProcessEnd.die(by: number)
      }
    }
  }
}

extension ProcessEnd {
  /// SIGQUIT's default action writes a core file. When the process ends by SIGQUIT after a
  /// clean stop, nothing crashed: the user asked to quit, so no core file.
  static func forbidCoreFile() {
    var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
  }
}
