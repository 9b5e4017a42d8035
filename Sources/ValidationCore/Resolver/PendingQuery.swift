import CUnbound
import FoundationEssentials

/// One query in flight. libunbound holds a retained reference (passed as the callback's `void*`)
/// until it calls back, or until `ub_cancel` succeeds, whichever comes first; the continuation
/// is resumed exactly once, by the answer, the timeout or the task's cancellation.
final class PendingQuery: @unchecked Sendable {
  enum Outcome: Sendable {
    case answered(UnboundResult)
    case failed(code: Int32)
    case abandoned(reason: String)
  }

  private let context: UnboundContext
  private let lock = Lock()
  private var continuation: CheckedContinuation<Outcome, Never>?
  private var outcome: Outcome?
  private var asyncID: Int32?
  private var cancelOnStart = false

  init(context: UnboundContext) {
    self.context = context
  }

  /// Starts the query; `continuation` is resumed when it ends.
  func start(
    name: String, type: UInt16, continuation: CheckedContinuation<Outcome, Never>
  ) {
    lock.lock()
    if let outcome {
      // Cancelled before it started.
      lock.unlock()
      continuation.resume(returning: outcome)
      return
    }
    self.continuation = continuation
    lock.unlock()

    let opaque = Unmanaged.passRetained(self).toOpaque()
    var id: Int32 = 0
    let code = ub_resolve_async(
      context.handle, name, Int32(type), 1 /* class IN */, opaque, unboundCallback, &id)
    guard code == 0 else {
      Unmanaged<PendingQuery>.fromOpaque(opaque).release()
      finish(.failed(code: code))
      return
    }
    lock.lock()
    asyncID = id
    let mustCancel = cancelOnStart
    lock.unlock()
    if mustCancel { cancelInLibunbound(id) }
  }

  /// Ends the query with `outcome` unless it has already ended. Returns whether it did.
  @discardableResult
  func finish(_ outcome: Outcome) -> Bool {
    lock.lock()
    guard self.outcome == nil else {
      lock.unlock()
      return false
    }
    self.outcome = outcome
    let waiting = continuation
    continuation = nil
    lock.unlock()
    waiting?.resume(returning: outcome)
    return true
  }

  /// Timeout or cancellation: ends the query now and tells libunbound to drop it. The other
  /// queries of the context are not touched.
  func abandon(reason: String) {
    guard finish(.abandoned(reason: reason)) else { return }
    lock.lock()
    let id = asyncID
    if id == nil { cancelOnStart = true }
    lock.unlock()
    if let id { cancelInLibunbound(id) }
  }

  /// When `ub_cancel` succeeds the callback will never run, so its reference is dropped here;
  /// when it fails the answer is being delivered and the callback drops it.
  private func cancelInLibunbound(_ id: Int32) {
    if ub_cancel(context.handle, id) == 0 {
      Unmanaged.passUnretained(self).release()
    }
  }
}

/// libunbound's callback: a C function, so all state comes through `data`.
private let unboundCallback: ub_callback_type = { data, code, result in
  guard let data else {
    if let result { ub_resolve_free(result) }
    return
  }
  let query = Unmanaged<PendingQuery>.fromOpaque(data).takeRetainedValue()
  if code == 0, let result {
    let copy = UnboundResult(copying: result.pointee)
    ub_resolve_free(result)
    query.finish(.answered(copy))
  } else {
    if let result { ub_resolve_free(result) }
    query.finish(.failed(code: code))
  }
}
