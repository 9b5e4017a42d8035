enum ConsoleBench {
  static func run() {
    print("Console: no figures yet")
  }
}
