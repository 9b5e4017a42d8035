import CUnbound
import Dispatch
import FoundationEssentials

/// The resolver danescope uses: a libunbound context that validates every answer itself, with
/// many queries in flight, a per-query timeout and cancellation.
///
/// Construction reads every file and loads every trust anchor; a configuration libunbound would
/// refuse throws `ResolverConfigurationError` here, before any query. libunbound's log goes to
/// `logFile` or nowhere, never to the terminal.
public final class UnboundResolver: Resolver {
  public static let defaultTimeout: Duration = .seconds(10)

  public let configuration: ResolverConfiguration
  public let timeout: Duration
  private let context: UnboundContext
  private let loop: UnboundEventLoop
  private let onEvent: ResolverEventHandler?

  public init(
    _ configuration: ResolverConfiguration, timeout: Duration = defaultTimeout,
    logFile: String? = nil, systemFiles: UnboundSetup.SystemFiles = UnboundSetup.SystemFiles(),
    onEvent: ResolverEventHandler? = nil
  ) throws(ResolverConfigurationError) {
    guard timeout > .zero else {
      throw ResolverConfigurationError(
        .badValue, file: nil, message: "the timeout must be more than zero seconds")
    }
    self.configuration = configuration
    self.timeout = timeout
    self.onEvent = onEvent
    let setup = UnboundSetup.make(for: configuration, files: systemFiles)
    context = try UnboundContext(configuration, setup: setup, logFile: logFile)
    loop = try UnboundEventLoop(context: context)
  }

  deinit { loop.stop() }

  /// The `--trust-anchor` file as read before libunbound started (UnboundContext.checkFiles).
  var trustAnchorFile: TrustAnchorUsability.Source? { context.trustAnchorFile }

  /// A `--resolver-conf` file's anchors as read before libunbound started (UnboundContext).
  var resolverConfAnchors: ResolverConfAnchors.Reading? { context.resolverConfAnchors }

  public func query(_ name: DNSName, _ type: RRType) async -> DNSAnswer {
    let start = Date()
    let clock = ContinuousClock()
    let started = clock.now
    let pending = PendingQuery(context: context)
    let timeoutReason = "no answer within \(Self.format(timeout))"
    let timer = DispatchWorkItem { [weak pending] in pending?.abandon(reason: timeoutReason) }
    DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(timeout), execute: timer)
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        pending.start(name: name.description, type: type.rawValue, continuation: continuation)
      }
    } onCancel: {
      pending.abandon(reason: "the query was cancelled")
    }
    timer.cancel()
    let answer = Self.answer(for: outcome, name: name, type: type, elapsed: clock.now - started)
    onEvent?(
      ResolverEvent(
        name: name, type: type, start: start, end: Date(), status: answer.status,
        rcode: answer.rcode))
    return answer
  }

  static func answer(
    for outcome: PendingQuery.Outcome, name: DNSName, type: RRType, elapsed: Duration
  ) -> DNSAnswer {
    switch outcome {
    case .abandoned(let reason):
      return .indeterminate(name, type, reason: reason, elapsed: elapsed)
    case .failed(let code):
      let text = String(cString: ub_strerror(code))
      return .indeterminate(name, type, reason: "libunbound: \(text)", elapsed: elapsed)
    case .answered(let result):
      return DNSAnswer(result: result, name: name, type: type, elapsed: elapsed)
    }
  }

  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }

  static func format(_ duration: Duration) -> String {
    let value = seconds(duration)
    return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
  }
}

extension DNSAnswer {
  /// Builds the answer from libunbound's result; the packet is parsed here.
  init(result: UnboundResult, name: DNSName, type: RRType, elapsed: Duration) {
    var message: DNSMessage?
    var packetError: String?
    if !result.packet.isEmpty {
      do {
        message = try DNSMessage(wire: result.packet)
      } catch {
        packetError = "the answer packet did not parse: \(error)"
      }
    }
    let canonical = result.canonicalName.flatMap { try? DNSName($0) }
    self.init(
      name: name, type: type, rcode: result.code, status: result.status,
      message: message, packetError: packetError,
      extendedErrors: message?.extendedErrors ?? [], elapsed: elapsed,
      server: result.server, canonicalName: canonical)
  }
}
