enum ProbeBench {
  static func run() {
    print("Probe: no figures yet")
  }
}
