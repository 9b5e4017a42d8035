enum LabBench {
  static func run() {
    print("Lab: no figures yet")
  }
}
