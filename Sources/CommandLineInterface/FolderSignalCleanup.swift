import Dispatch
import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// For every command that makes a resolver or starts the lab for itself (`chain`, `check`,
/// `trace`, `tlsa --from`, and the console while it sets up, before curses): from before the
/// first private folder is made until the process ends, SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// remove the lab's folder (it holds the certificate keys) and any resolver set-up folder (its
/// trust anchor copy), and then end the process by the same signal, as they did before,
/// whatever the command was doing: building the lab, setting up the resolver, waiting on a
/// query. The process ends with both folder locks held, so that no other thread makes a new
/// folder in between.
///
/// The console (once curses has the screen) and `lab serve` have their own handling (a clean
/// stop): the console hands the signals back with `uninstall` before it takes them.
enum FolderSignalCleanup {
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
  private static let lock = Lock()

  /// Installs the clean-up once; later calls do nothing until `uninstall`.
  static func install() {
    lock.withLock {
      guard sources.isEmpty else { return }
      // libunbound past its bound ends the process too (BoundedWait): the lab's folder goes
      // then as well.
      BoundedWait.setRemovingFolders { rest in Lab.removeLiveFolders(then: rest) }
      let queue = DispatchQueue(label: "danescope-folder-signal-cleanup")
      for number in signals {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { end(by: number) }
        source.resume()
        sources.append(source)
      }
    }
  }

  /// Gives the signals back their default action, for a caller that handles them itself from
  /// now on. No private folder may be in the making then.
  static func uninstall() {
    lock.withLock {
      for source in sources { source.cancel() }
      sources.removeAll()
      for number in signals { signal(number, SIG_DFL) }
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
