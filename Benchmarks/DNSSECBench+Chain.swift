/// The chain engine's cost beyond the crypto, for a three-level chain.
enum ChainEngineBench {
  static func run() {
    // TODO: needs the in-process UnboundResolver to record a three-level chain's lookups once;
    // until it lands this prints nothing measured.
    print("DNSSEC chain engine: not measured yet")
  }
}
