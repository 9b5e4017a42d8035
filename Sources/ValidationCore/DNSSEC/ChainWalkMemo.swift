import FoundationEssentials

/// What the chain builds of one report share: the lookups they made and each zone's link as the
/// engine judged it. `check` builds the MX chain summary with it, then walks down to the other
/// zones its records live in (`ChainBuilder.walk(toZone:)`): the zones the summary already
/// walked cost no lookup and no signature check a second time.
///
/// For builds made one after another: a build cancels and forgets the lookups it started ahead
/// and never asked for when it ends, which would take them from a build running beside it.
public final class ChainWalkMemo: @unchecked Sendable {
  // @unchecked: every stored property is only touched under its lock.
  let lookups = Lookups()
  private let lock = Lock()
  private var links: [LinkKey: ZoneEvaluator.Result] = [:]

  public init() {}

  /// A zone's link, judged once: the same zone below the same parent (nil: a trust anchor) has
  /// the same DS set, keys and signatures within one report.
  private struct LinkKey: Hashable {
    let zone: DNSName
    let parent: DNSName?
  }

  func link(_ zone: DNSName, below parent: DNSName?, evaluate: () -> ZoneEvaluator.Result)
    -> ZoneEvaluator.Result
  {
    let key = LinkKey(zone: zone, parent: parent)
    if let known = lock.withLock({ links[key] }) { return known }
    let result = evaluate()
    lock.withLock { links[key] = result }
    return result
  }

  /// The lookups started, by name and type, and which of them a build has asked for.
  final class Lookups: @unchecked Sendable {
    // @unchecked: `started` and `awaited` are only touched under `lock`.
    private struct Key: Hashable {
      let name: DNSName
      let type: RRType
    }

    private let lock = Lock()
    private var started: [Key: Task<ChainLookup, Never>] = [:]
    private var awaited: Set<Key> = []

    func task(
      _ name: DNSName, _ type: RRType, from source: any ChainLookupSource, isAwaited: Bool = false
    ) -> Task<ChainLookup, Never> {
      lock.withLock {
        let key = Key(name: name, type: type)
        if isAwaited { awaited.insert(key) }
        if let existing = started[key] { return existing }
        let task = Task { await source.lookup(name, type) }
        started[key] = task
        return task
      }
    }

    func cancelUnawaited() {
      lock.withLock {
        for (key, task) in started where !awaited.contains(key) {
          task.cancel()
          started[key] = nil
        }
      }
    }
  }
}
