import Dispatch
import FoundationEssentials
import Glibc

/// The live STARTTLS probe: connect to one address, greet, EHLO, STARTTLS, TLS with DANE, EHLO
/// again, QUIT. Never MAIL, RCPT or DATA. Every step is bounded by its timeout and every reply
/// by the size limits; events stream as they happen.
public enum SMTPProbe {
  /// Runs one probe on its own thread (the waits are blocking polls, so they stay off the
  /// cooperative pool) and returns what it learned. `events` is called on that thread; when
  /// `stopAfterEvent` says so after an event (the trace's output failed), the probe stops as if
  /// cancelled: nothing more is sent, and the wait in progress ends.
  public static func run(
    _ request: ProbeRequest, clock: any Clock = SystemClock(),
    events: @escaping @Sendable (TraceEvent) -> Void = { _ in },
    stopAfterEvent: (@Sendable () -> Bool)? = nil
  ) async -> ProbeResult {
    ignoreBrokenPipes
    let cancellation = ProbeCancellation()
    let emit: @Sendable (TraceEvent) -> Void = { event in
      events(event)
      if let stopAfterEvent, stopAfterEvent() { cancellation.cancel() }
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        DetachedThread.start(name: "danescope-probe \(request.address)") {
          let driver = SMTPProbeDriver(
            request: request, clock: clock, emit: emit, cancellation: cancellation)
          continuation.resume(returning: driver.run())
        }
      }
    } onCancel: {
      // The wait in progress ends at once; the result says the probe was cancelled.
      cancellation.cancel()
    }
  }

  /// The same probe on the calling thread.
  public static func runBlocking(
    _ request: ProbeRequest, clock: any Clock = SystemClock(),
    events: @escaping @Sendable (TraceEvent) -> Void = { _ in }
  ) -> ProbeResult {
    ignoreBrokenPipes
    return SMTPProbeDriver(request: request, clock: clock, emit: events).run()
  }

  /// OpenSSL writes to the socket without MSG_NOSIGNAL; a server that closes first would
  /// otherwise kill the process with SIGPIPE. Set once, for the whole process, as MTAs do.
  private static let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
  }()

  /// The probe with its parameters spelled out.
  public static func run(
    host: DNSName, address: String, port: UInt16 = 25, tlsaBaseDomain: DNSName,
    usableRecords: [TLSAData], timeouts: ProbeTimeouts = ProbeTimeouts(),
    clock: any Clock = SystemClock(), events: @escaping @Sendable (TraceEvent) -> Void = { _ in }
  ) async -> ProbeResult {
    let request = ProbeRequest(
      host: host, address: address, port: port, tlsaBaseDomain: tlsaBaseDomain,
      usableRecords: usableRecords, timeouts: timeouts)
    return await run(request, clock: clock, events: events)
  }
}

/// The thin driver: does what the state machine asks over a socket and OpenSSL, and records
/// what happens. One instance per probe, used on one thread.
final class SMTPProbeDriver {
  private let request: ProbeRequest
  private let clock: any Clock
  private let emitter: @Sendable (TraceEvent) -> Void
  private let started = DispatchTime.now().uptimeNanoseconds
  private let subject: String
  private var machine: SMTPClientStateMachine
  private var parser: SMTPReplyParser
  private var socket: ProbeSocket?
  private var session: TLSClientSession?
  private var findings: [Finding] = []
  private var greeting: SMTPReply?
  private var handshakeFailure: String?
  /// Why EHLO over TLS did not succeed, once TLS is up.
  private var secureEHLOFailure: SecureEHLOFailure?
  private var parameters: TLSParameters?
  private var chain: [CertificateFacts] = []
  private var dane = DANEOutcome.notAttempted(.noTLSSession)
  private var matches: [TLSAMatcher.Match] = []
  private var rejected: [TLSAData] = []
  private var authorityDepth: Int?
  private var disagreement: TLSAMatcher.Disagreement?
  private var hasReportedControlCharacters = false
  private var hasReportedOmittedMessages = false
  private let cancellation: ProbeCancellation?

  init(
    request: ProbeRequest, clock: any Clock, emit: @escaping @Sendable (TraceEvent) -> Void,
    cancellation: ProbeCancellation? = nil
  ) {
    self.cancellation = cancellation
    self.request = request
    self.clock = clock
    self.emitter = emit
    self.machine = SMTPClientStateMachine(heloName: request.heloName)
    self.parser = SMTPReplyParser(limits: request.limits)
    let host = request.host.hostDescription
    self.subject = (host == request.address ? "" : host) + "[\(request.address)]:\(request.port)"
  }

  func run() -> ProbeResult {
    emit(.connecting)
    let deadline = Deadline(seconds: request.timeouts.connect)
    switch ProbeSocket.connect(
      address: request.address, port: request.port, deadline: deadline,
      cancellation: cancellation)
    {
    case .failure(_) where isCancelled:
      emit(.stepFailed(.connect, .cancelled))
      emit(.closed)
      return result(.dialogueFailed(step: .connect, .cancelled))
    case .failure(let failure):
      emit(.stepFailed(.connect, failure))
      report(ProbeFindings.unreachable(subject, failure))
      return result(.unreachable(failure))
    case .success(let connected):
      socket = connected
    }
    emit(.connected)
    var action = machine.connected()
    while true {
      if isCancelled, !action.isClose { action = fail(.cancelled) }
      switch action {
      case .readReply: action = readReply()
      case .send(let command): action = send(command)
      case .startTLS: action = startTLS()
      case .close(let outcome):
        if let session { reportOmittedMessages(session) }
        session?.shutdown()
        session = nil
        socket = nil
        emit(.closed)
        return result(startTLSOutcome(outcome))
      }
    }
  }

  // MARK: - Steps

  private func send(_ command: SMTPCommand) -> SMTPClientStateMachine.Action {
    discardEarlyReplies(before: command)
    emit(.smtpSent(SanitizedText(command.text)))
    let deadline = Deadline(seconds: request.timeouts.reply)
    let failure =
      session.map { $0.send(command.wireBytes, until: deadline) }
      ?? socket?.send(command.wireBytes, until: deadline)
    if let failure { return fail(failure) }
    return readReply()
  }

  private func readReply() -> SMTPClientStateMachine.Action {
    let deadline = Deadline(seconds: request.timeouts.reply)
    while true {
      do {
        if let reply = try parser.nextReply() { return accept(reply) }
      } catch {
        return fail(.badReply(error))
      }
      guard let received = receive(until: deadline) else { return fail(.closedByPeer) }
      switch received {
      case .success(let bytes): parser.append(bytes)
      case .failure(.timedOut(let seconds)):
        // The deadline was set once for the whole reply: octets trickling in do not move it.
        guard let partial = parser.partialReply(startLimit: Self.partialReplyStartLimit) else {
          return fail(.timedOut(seconds: seconds))
        }
        return fail(
          .replyIncomplete(
            seconds: seconds, octets: partial.octets, start: SanitizedText(bytes: partial.start)))
      case .failure(let failure): return fail(failure)
      }
    }
  }

  /// Throws away, and reports, whatever the server sent before `command` (EHLO or STARTTLS in
  /// plaintext) was sent: a server cannot answer a command it has not received (RFC 5321
  /// §4.3.1), so none of it may be read as the reply (SMTP_REPLY_BEFORE_COMMAND). What is
  /// buffered and what the socket holds now is taken, at most `earlyReplyLimit` octets; more
  /// than that is left to fail the reply that follows. QUIT is not looked at (nothing rides on
  /// its reply), nor are commands over TLS, whose reader starts empty (`startTLS()`).
  private func discardEarlyReplies(before command: SMTPCommand) {
    guard session == nil, let socket, command != .quit else { return }
    var early = parser.discardBuffered()
    while early.count < Self.earlyReplyLimit {
      let more = socket.drainAvailable()
      if more.isEmpty { break }
      early += more
    }
    guard !early.isEmpty else { return }
    let verb = command.text.split(separator: " ").first.map(String.init) ?? command.text
    report(ProbeFindings.replyBeforeCommand(subject, command: verb, early))
  }

  /// At most this many early octets are drained before a command (four times the reply size
  /// limit): a server that keeps sending cannot hold the probe here.
  static let earlyReplyLimit = 4 * 65_536

  /// How many octets of an incomplete reply's first line a timeout quotes.
  static let partialReplyStartLimit = 64

  private func receive(until deadline: Deadline) -> Result<[UInt8], ProbeFailure>? {
    if let session { return session.receive(until: deadline) }
    return socket?.receive(until: deadline)
  }

  private func accept(_ reply: SMTPReply) -> SMTPClientStateMachine.Action {
    let step = machine.step
    for line in reply.printableLines { emit(.smtpReceived(line)) }
    let isPrintable = reply.lines.allSatisfy { $0.allSatisfy { (0x20...0x7E).contains($0) } }
    if !isPrintable && !hasReportedControlCharacters {
      hasReportedControlCharacters = true
      report(ProbeFindings.controlCharacters(subject, step: step))
    }
    switch step {
    case .greeting:
      greeting = reply
      if reply.code != 220 {
        report(ProbeFindings.refusal("SMTP_GREETING_REFUSED", subject, reply))
      }
    case .ehlo:
      if !reply.isPositive {
        report(ProbeFindings.refusal("SMTP_EHLO_REJECTED", subject, reply))
      } else if !reply.advertises("STARTTLS") {
        report(Finding(FindingCode("SMTP_STARTTLS_NOT_OFFERED"), subject: subject))
      }
    case .startTLS:
      if reply.code != 220 {
        report(ProbeFindings.refusal("SMTP_STARTTLS_REFUSED", subject, reply))
      }
    case .secureEHLO:
      if !reply.isPositive {
        let refusal = SecureEHLOFailure.refused(code: reply.code)
        secureEHLOFailure = refusal
        report(ProbeFindings.secureEHLOFailed(subject, reason: refusal.description))
      }
    case .connect, .handshake, .quit:
      break
    }
    return machine.received(reply, pipelinedBytes: parser.unconsumedBytes)
  }

  /// Records a step's failure (failures while quitting do not count) and tells the machine.
  /// A cancelled probe reports no finding: nothing is known about the server.
  private func fail(_ reported: ProbeFailure) -> SMTPClientStateMachine.Action {
    let failure = isCancelled ? .cancelled : reported
    let step = machine.step
    emit(.stepFailed(step, failure))
    switch (step, failure) {
    case (.quit, _), (_, .cancelled): break
    case (.secureEHLO, _):
      secureEHLOFailure = .failed(failure)
      report(ProbeFindings.secureEHLOFailed(subject, reason: failure.description))
    default: report(ProbeFindings.stepFailed(subject, step: step, failure))
    }
    return machine.failed(failure)
  }

  private var isCancelled: Bool { cancellation?.isCancelled ?? false }

  /// Throws away any plaintext after the 220, then runs the handshake and reads out the result.
  private func startTLS() -> SMTPClientStateMachine.Action {
    guard let socket else { return machine.handshakeFailed() }
    let plaintext = parser.discardBuffered() + socket.drainAvailable()
    if !plaintext.isEmpty {
      emit(
        .plaintextDiscarded(
          byteCount: plaintext.count, preview: SanitizedText(bytes: plaintext.prefix(200))))
      report(ProbeFindings.plaintextDiscarded(subject, plaintext))
    }
    parser = SMTPReplyParser(limits: request.limits)
    let session: TLSClientSession
    do {
      session = try TLSClientSession(
        socket: socket, serverName: request.tlsaBaseDomain, dane: request.daneConfiguration,
        verificationTime: clock.now,
        onMessage: { [emitter, started, request] message in
          emitter(Self.event(.tlsMessage(message), started: started, request: request))
        })
    } catch {
      handshakeFailure = error.description
      report(ProbeFindings.probeError(subject, step: .handshake, reason: error.description))
      return machine.handshakeFailed()
    }
    for record in session.uncheckableRecords {
      report(ProbeFindings.referenceNamesNotHostNames(subject, record, session.uncheckableNames))
    }
    for (record, reason) in session.rejectedRecords {
      rejected.append(record)
      report(ProbeFindings.recordRejected(subject, record, reason: reason))
    }
    emit(.tlsHandshakeStarted(serverName: session.serverName.map { SanitizedText($0) }))
    let failure = session.handshake(until: Deadline(seconds: request.timeouts.handshake))
    reportOmittedMessages(session)
    if let failure {
      if isCancelled { return fail(.cancelled) }
      switch failure {
      case .timedOut(let seconds):
        let reason = "the handshake did not finish within \(ProbeFailure.format(seconds)) s"
        handshakeFailure = reason
        emit(.tlsFailed(reason: reason))
        report(ProbeFindings.handshakeTimedOut(subject, seconds: seconds))
      case .olderProtocolOnly(let serverVersion, let detail):
        let reason = ProbeFindings.olderProtocolReason(serverVersion: serverVersion)
        handshakeFailure = reason
        emit(.tlsFailed(reason: reason))
        report(
          ProbeFindings.olderProtocolOnly(subject, serverVersion: serverVersion, detail: detail))
      case .failed(let reason):
        handshakeFailure = reason
        emit(.tlsFailed(reason: reason))
        report(ProbeFindings.handshakeFailed(subject, reason: reason))
      }
      return machine.handshakeFailed()
    }
    self.session = session
    readOut(session)
    return machine.handshakeSucceeded()
  }

  /// Says once that the trace stops listing TLS messages, when a server sent too many.
  private func reportOmittedMessages(_ session: TLSClientSession) {
    let omitted = session.omittedMessageCount
    guard omitted > 0, !hasReportedOmittedMessages else { return }
    hasReportedOmittedMessages = true
    report(
      ProbeFindings.traceTruncated(
        subject, shown: TLSClientSession.tracedMessageLimit, omitted: omitted))
  }

  private func readOut(_ session: TLSClientSession) {
    let negotiated = session.parameters
    parameters = negotiated
    emit(.tlsEstablished(negotiated))
    chain = session.peerChain
    emit(.peerChain(chain))
    guard !request.usableRecords.isEmpty else {
      dane = .notAttempted(request.tlsaBaseDomain == nil ? .noTLSAName : .noUsableRecords)
      emit(.daneDecision(dane, matches: []))
      return
    }
    dane = session.daneOutcome
    matches = TLSAMatcher.matches(chain: chain, records: request.usableRecords)
    let authority = session.daneAuthorityDER
    authorityDepth = authority.flatMap { der in chain.first { $0.der == der }?.depth }
    dane = Self.placingAnchorNotSent(dane, authorityDepth: authorityDepth, matches: matches)
    emit(.daneDecision(dane, matches: matches))
    for misplaced in TLSAMatcher.misplacedMatches(chain: chain, records: request.usableRecords) {
      report(ProbeFindings.recordAtWrongDepth(subject, misplaced))
    }
    if case .failed(let reason) = dane {
      report(ProbeFindings.notAuthenticated(subject, reason: reason, chain: chain))
    }
    disagreement = TLSAMatcher.disagreement(
      openSSL: dane, matches: matches, authorityDepth: authorityDepth)
    if let disagreement {
      report(ProbeFindings.disagreement(subject, disagreement))
    }
  }

  /// OpenSSL gives a `2 1 0` bare key the depth of the certificate it signed, and a `2 0 0`
  /// certificate it was not sent the depth above the top: when the authority was not served and
  /// the matcher found the record signing the top, both take the matcher's place for an unsent
  /// trust anchor (one above the certificate it signed), so that every report says the same.
  static func placingAnchorNotSent(
    _ outcome: DANEOutcome, authorityDepth: Int?, matches: [TLSAMatcher.Match]
  ) -> DANEOutcome {
    guard case .verified(let record, _) = outcome, authorityDepth == nil,
      let anchor = matches.first(where: { $0.record == record && $0.isAnchorNotSent })
    else { return outcome }
    return .verified(record: record, depth: anchor.depth)
  }

  // MARK: - Results and events

  private func startTLSOutcome(_ outcome: SMTPDialogueOutcome) -> STARTTLSOutcome {
    switch outcome {
    case .greetingRefused(let reply): return .greetingRefused(code: reply.code)
    case .ehloRejected(let reply): return .ehloRejected(code: reply.code)
    case .startTLSNotOffered: return .notOffered
    case .startTLSRefused(let reply): return .refused(code: reply.code)
    case .handshakeFailed: return .handshakeFailed(reason: handshakeFailure ?? "unknown")
    case .failed(let step, let failure): return .dialogueFailed(step: step, failure)
    case .tlsEstablished:
      guard let parameters else { return .handshakeFailed(reason: "no TLS parameters") }
      return .established(parameters)
    }
  }

  private func result(_ outcome: STARTTLSOutcome) -> ProbeResult {
    ProbeResult(
      request: request, startTLS: outcome, greeting: greeting, ehlo: machine.plaintextEHLO,
      secureEHLO: machine.secureEHLO, peerChain: chain, dane: dane, tlsaMatches: matches,
      rejectedRecords: rejected, findings: findings, daneAuthorityServedDepth: authorityDepth,
      matcherDisagreement: disagreement, secureEHLOFailure: secureEHLOFailure,
      wasCancelled: isCancelled)
  }

  private func report(_ finding: Finding) {
    findings.append(finding)
    emit(.finding(finding))
  }

  private func emit(_ kind: TraceEvent.Kind) {
    emitter(Self.event(kind, started: started, request: request))
  }

  private static func event(_ kind: TraceEvent.Kind, started: UInt64, request: ProbeRequest)
    -> TraceEvent
  {
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1_000_000_000
    return TraceEvent(
      time: Date(), elapsed: elapsed, address: request.address, port: request.port, kind: kind)
  }
}
