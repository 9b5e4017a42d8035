import FoundationEssentials

/// One chain build's lookups, remembered, and started ahead of need. The engine walks strictly in
/// order (an SOA per level to find the zone cuts, then DS and DNSKEY per zone, then the answer),
/// but the lookups themselves do not depend on each other: started together, the walk waits for
/// the slowest answer instead of the sum of all of them. Answers are the source's, unchanged.
/// With a `ChainWalkMemo` the lookups are those of every build made with it, one after another.
final class PrefetchingLookupSource: ChainLookupSource, Sendable {
  private let source: any ChainLookupSource
  private let store: ChainWalkMemo.Lookups

  init(_ source: any ChainLookupSource, memo: ChainWalkMemo? = nil) {
    self.source = source
    store = memo?.lookups ?? ChainWalkMemo.Lookups()
  }

  func prefetch(_ lookups: [(name: DNSName, type: RRType)]) {
    for lookup in lookups { _ = store.task(lookup.name, lookup.type, from: source) }
  }

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    let pending = store.task(name, type, from: source, isAwaited: true)
    return await withTaskCancellationHandler {
      await pending.value
    } onCancel: {
      pending.cancel()
    }
  }

  /// Cancels what was started ahead and never asked for (the walk stopped above it), and
  /// forgets it: a later build with the same memo asks again.
  func cancelRemaining() {
    store.cancelUnawaited()
  }
}
