import FoundationEssentials
import Glibc
import ValidationCore

/// The console: starts curses on its own thread, runs the loop (wait for keys or events, apply
/// them, redraw when something changed) and runs the work the reactions ask for as tasks.
public final class ConsoleApp: @unchecked Sendable {
  public struct Configuration: Sendable {
    public var source: ConsoleSource
    public var domain: String?
    public var themeName: String
    public var options: ConsoleOptions
    public var catalog: ThemeCatalog

    public init(
      source: ConsoleSource, domain: String?, themeName: String, options: ConsoleOptions,
      catalog: ThemeCatalog
    ) {
      self.source = source
      self.domain = domain
      self.themeName = themeName
      self.options = options
      self.catalog = catalog
    }
  }

  public enum Outcome: Sendable, Equatable {
    case quit
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT asked the console to stop; it has put the terminal back.
    case interrupted(signal: Int32)
    case failed(String)
  }

  private let configuration: Configuration
  private let queue = EventQueue()
  private let screen = CursesScreen()
  private var state: ConsoleState
  private var checkTask: Task<Void, Never>?
  private var probeTask: Task<Void, Never>?
  private let renderer = Renderer()

  /// Why the console cannot run in this process (no terminal on standard input or output), nil
  /// when it can: the command line asks before it sets anything up.
  public static var terminalProblem: String? { CursesScreen.terminalProblem }

  public init(_ configuration: Configuration) {
    self.configuration = configuration
    state = ConsoleState(
      sourceLabel: configuration.source.label, options: configuration.options,
      themeName: configuration.themeName, themeNames: configuration.catalog.names)
  }

  /// Runs the console until `q` or Ctrl-C. The loop has a thread of its own, so that blocking
  /// in poll never holds up the tasks doing the work.
  public func run() async -> Outcome {
    let outcome = await withCheckedContinuation { continuation in
      DetachedThread.start(name: "danescope-ui") { continuation.resume(returning: self.loop()) }
    }
    checkTask?.cancel()
    probeTask?.cancel()
    await configuration.source.stop()
    // Keys that came while the lab stopped are not the shell's either (the rest of a long
    // paste whose `q` ended the console).
    if case .failed = outcome {} else { CursesScreen.discardUnreadInput() }
    return outcome
  }

  private func loop() -> Outcome {
    do {
      try screen.start(wake: queue.wakeDescriptor)
    } catch let interrupted as CursesScreen.Interrupted {
      return .interrupted(signal: interrupted.signal)
    } catch {
      return .failed(String(describing: error))
    }
    // While curses owns the terminal, a thread that must end the process (BoundedWait) asks
    // this loop to put the terminal back before it writes anything there.
    let handover = TerminalHandover(wake: queue.wakeDescriptor)
    TerminalOwner.claim { handover.ask() }
    defer {
      screen.stop()
      handover.finish()
      TerminalOwner.release()
    }
    let size = screen.size
    state.resize(width: size.width, height: size.height)
    // The theme chosen at start is not news; only what was wrong with it is.
    let themeProblem = applyTheme(announcing: false)
    let source = configuration.source
    let post: EventSink = { [queue] event in queue.post(event) }
    Task.detached { await source.start(emit: post) }
    if let domain = configuration.domain {
      perform(state.open(domain: domain))
      // Said again after "Checking…", so that the check's messages do not bury it.
      if let themeProblem { state.say(themeProblem, isError: true) }
    }
    var needsRedraw = true
    while true {
      if needsRedraw, !screen.isSuspended {
        screen.draw(renderer.render(state))
        needsRedraw = false
        #if DEBUG
          StackOverflowDrill.runIfAsked()
          BoundedWaitDrill.startIfAsked()
        #endif
      }
      waitForInput(timeout: state.progress == nil ? 1000 : 100)
      if handover.isAsked { handOverAndWait(handover) }
      if let signal = screen.interruption { return .interrupted(signal: signal) }
      if screen.suspendIfAsked() || screen.isSuspended {
        // Stopped and continued: the signal that ended the stop may be on its way. Until the
        // terminal is the console's again, work goes on and nothing is drawn or read.
        if let signal = screen.interruption { return .interrupted(signal: signal) }
        if screen.resumeIfForeground() {
          state.resize(width: screen.size.width, height: screen.size.height)
          needsRedraw = true
        } else {
          _ = applyEvents()
          continue
        }
      }
      var reaction = readAndHandleKeys()
      reaction.formUnion(applyEvents())
      if reaction.contains(.quit) { return .quit }
      perform(reaction)
      needsRedraw = needsRedraw || !reaction.isEmpty
    }
  }

  /// Keys read in one call at most: a long paste is read batch after batch before the next
  /// frame, so that it costs one redraw, not one for every few hundred keys.
  static let keyBatch = 4096
  /// A paste whose end mark has not come after this long with no key is taken as over, so that
  /// keys typed afterwards are commands again.
  static let pasteSilence: Duration = .seconds(1)
  private var lastKeyTime = ContinuousClock.now

  /// Reads every key the terminal has, batch by batch, and hands each batch to the state as
  /// read: keys read together are told apart from typed ones (an Esc in a paste). Stops early
  /// for `q` or a stop signal.
  private func readAndHandleKeys() -> Reaction {
    var reaction: Reaction = []
    while true {
      let keys = screen.readKeys(limit: Self.keyBatch)
      if keys.contains(.resize) {
        let size = screen.adoptTerminalSize()
        state.resize(width: size.width, height: size.height)
      }
      if !keys.isEmpty { lastKeyTime = .now }
      reaction.formUnion(state.handle(keys))
      if keys.count < Self.keyBatch || reaction.contains(.quit) || screen.isInterruptPending {
        break
      }
    }
    if state.paste != nil, ContinuousClock.now - lastKeyTime >= Self.pasteSilence {
      reaction.formUnion(state.endPaste())
    }
    return reaction
  }

  /// Puts the terminal back for the thread that is ending the process, lets it go on, and
  /// draws nothing more: that thread ends the process once it has said why.
  private func handOverAndWait(_ handover: TerminalHandover) -> Never {
    screen.stop()
    handover.finish()
    while true { pause() }
  }

  /// Applies the events work has posted, and turns the spinner while work runs.
  private func applyEvents() -> Reaction {
    var reaction: Reaction = []
    for event in queue.drain() { reaction.formUnion(state.apply(event)) }
    if state.progress != nil {
      state.tick += 1
      reaction.insert(.redraw)
    }
    return reaction
  }

  /// Waits for a key, an event or a signal. While suspended the terminal is not read (a read
  /// from the background stops the process), and the loop looks again every quarter second
  /// for having been brought to the foreground, in case the SIGCONT came before the terminal.
  private func waitForInput(timeout: Int32) {
    var descriptors = [pollfd(fd: queue.readDescriptor, events: Int16(POLLIN), revents: 0)]
    if !screen.isSuspended {
      descriptors.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0))
    }
    _ = poll(&descriptors, nfds_t(descriptors.count), screen.isSuspended ? 250 : timeout)
  }

  /// Starts the work a reaction asks for. Work reports back only through events.
  private func perform(_ reaction: Reaction) {
    let source = configuration.source
    let post: EventSink = { [queue] event in queue.post(event) }
    if reaction.contains(.theme) { applyTheme() }
    if reaction.contains(.check), let domain = state.domain {
      checkTask?.cancel()
      probeTask?.cancel()
      checkTask = Task.detached {
        await source.check(domain: domain, emit: post)
      }
    }
    if reaction.contains(.probe), let key = state.selectedProbe, let domain = state.domain {
      probeTask?.cancel()
      probeTask = Task.detached {
        await source.probe(key, domain: domain, emit: post)
      }
    }
  }

  /// Loads and applies the chosen theme; says which (when `announcing`), or what was wrong with
  /// it (returned too).
  @discardableResult
  private func applyTheme(announcing: Bool = true) -> String? {
    let (theme, error) = configuration.catalog.load(state.themeName)
    var problem: String?
    if let error {
      problem = ThemeCatalog.fallbackMessage(error)
      state.say(problem ?? "", isError: true)
    } else if announcing {
      let isMonochrome = configuration.options.isMonochrome
      state.say(ThemeCatalog.announcement(of: theme.name, isMonochrome: isMonochrome))
    }
    screen.apply(configuration.options.isMonochrome ? theme.monochrome : theme)
    return problem
  }
}
