import Foundation

extension ProbeObservation {
  /// Reduces a real probe's result and trace events to what the DANE verdict and the report
  /// need, keeping both for the console.
  public init(result: ProbeResult, events: [TraceEvent]) {
    let request = result.request
    self.init(
      address: request.address, port: request.port, stage: Self.stage(result.startTLS),
      tlsSummary: result.tlsParameters.map(Self.summary),
      daneDecision: Self.decision(result.dane),
      matcherMatches: result.tlsaMatches.map {
        MatcherMatch(record: $0.record, depth: $0.depth, isAnchorNotSent: $0.isAnchorNotSent)
      },
      chain: result.peerChain.map {
        PeerCertificate(
          depth: $0.depth, subject: $0.subject.text, issuer: $0.issuer.text,
          notAfter: $0.notAfter, isCA: $0.isCA)
      },
      trace: events.compactMap(Self.traceLine),
      secureEHLOFailure: result.startTLS.isEstablished ? result.secureEHLOFailure : nil)
    self.result = result
    self.events = events
    wasCancelled = result.wasCancelled
  }

  /// How far the dialogue got. A session that failed says at which step and what the server
  /// did there (`at the greeting: the server sent nothing within 2 s`).
  static func stage(_ outcome: STARTTLSOutcome) -> Stage {
    switch outcome {
    case .unreachable(let failure): return .connectFailed(failure.description)
    case .greetingRefused(let code):
      return .sessionFailed("at \(ProbeStep.greeting): the server answered \(code), not 220")
    case .ehloRejected(let code):
      return .sessionFailed("at \(ProbeStep.ehlo): the server answered \(code)")
    case .notOffered: return .startTLSNotOffered
    case .refused(let code): return .startTLSRefused("reply \(code)")
    case .handshakeFailed(let reason): return .handshakeFailed(reason)
    case .dialogueFailed(let step, let failure):
      return .sessionFailed("at \(step): \(failure.sessionClause)")
    case .established: return .tlsEstablished
    }
  }

  static func summary(_ parameters: TLSParameters) -> String {
    var text = "\(parameters.version) \(parameters.cipher)"
    if let group = parameters.group { text += " \(group)" }
    return text
  }

  static func decision(_ outcome: DANEOutcome) -> DANEDecision? {
    switch outcome {
    case .verified(let record, let depth): return .matched(record, depth: depth)
    case .failed(let reason): return .noMatch(reason)
    case .notAttempted: return nil
    }
  }

  /// One display line per event; messages from the network are already sanitised.
  static func traceLine(_ event: TraceEvent) -> TraceLine? {
    let milliseconds = Int((event.elapsed * 1000).rounded())
    let (kind, text): (String, String)
    switch event.kind {
    case .connecting: (kind, text) = ("tcp", "connecting to \(event.address) port \(event.port)")
    case .connected: (kind, text) = ("tcp", "connected")
    case .smtpSent(let line): (kind, text) = ("smtp-out", line.text)
    case .smtpReceived(let line): (kind, text) = ("smtp-in", line.text)
    case .plaintextDiscarded(let count, let preview):
      (kind, text) = (
        "smtp-in", "discarded \(count) octets sent after 220 to STARTTLS: \(preview.text)"
      )
    case .tlsHandshakeStarted(let serverName):
      (kind, text) = ("tls", "handshake starts, SNI \(serverName?.text ?? "none")")
    case .tlsMessage(let message): (kind, text) = ("tls", message.description)
    case .tlsEstablished(let parameters):
      (kind, text) = ("tls", "established: " + summary(parameters))
    case .tlsFailed(let reason): (kind, text) = ("tls", "failed: \(reason)")
    case .peerChain(let chain):
      (kind, text) = (
        "cert", chain.map { "[\($0.depth)] \($0.subject.text)" }.joined(separator: "; ")
      )
    case .daneDecision(let outcome, let matches):
      switch outcome {
      case .verified(let record, let depth):
        let place = TLSAMatcher.place(
          of: record, depth: depth,
          isAnchorNotSent: matches.contains { $0.record == record && $0.isAnchorNotSent })
        (kind, text) = (
          "dane", "verified: \(AssessedTLSARecord.presentation(record)) at \(place)"
        )
      case .failed(let reason): (kind, text) = ("dane", "failed: \(reason)")
      case .notAttempted: (kind, text) = ("dane", "not attempted")
      }
    case .stepFailed(let step, let failure): (kind, text) = ("error", "\(step): \(failure)")
    case .finding(let finding): (kind, text) = ("finding", "\(finding.code): \(finding.summary)")
    case .closed: (kind, text) = ("tcp", "closed")
    }
    return TraceLine(milliseconds: milliseconds, kind: kind, text: text)
  }
}

extension DANECheck {
  /// The real probe: SMTPProbe over a socket and OpenSSL, its events collected for the report
  /// and passed on to `events` as they happen (the console streams them).
  public static func liveProbe(
    clock: any Clock = SystemClock(), events: @escaping @Sendable (TraceEvent) -> Void = { _ in }
  ) -> DANEProbeFunction {
    TLSClientContext.prepareInBackground()
    return { request in
      let collected = EventCollector()
      let result = await SMTPProbe.run(request, clock: clock) { event in
        collected.append(event)
        events(event)
      }
      return ProbeObservation(result: result, events: collected.events)
    }
  }
}

/// Events of one probe, appended from the probe's thread and read once it is done.
final class EventCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [TraceEvent] = []

  func append(_ event: TraceEvent) { lock.withLock { stored.append(event) } }
  var events: [TraceEvent] { lock.withLock { stored } }
}
