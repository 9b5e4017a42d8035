import Foundation

// danescope benchmarks: `make bench` prints the figures. Each area has its own file with one
// entry point; targets are printed beside the figures, never asserted in tests.
// `danescope-bench check dns` runs only the areas named (`make bench AREAS="check"`).
let areas: [(name: String, run: () -> Void)] = [
  ("dns", DNSBench.run), ("dnssec", DNSSECBench.run), ("probe", ProbeBench.run),
  ("lab", LabBench.run), ("console", ConsoleBench.run), ("resolver", ResolverBench.run),
  ("check", CheckBench.run), ("json", ReportJSONBench.run),
]
if CommandLine.arguments.dropFirst().first == CheckBench.Runner.flag {
  exit(CheckBench.Runner.main(Array(CommandLine.arguments.dropFirst(2))))
}
let chosen = Set(CommandLine.arguments.dropFirst().map { $0.lowercased() })
let unknown = chosen.subtracting(areas.map(\.name))
if !unknown.isEmpty {
  print("danescope-bench: no area named \(unknown.sorted().joined(separator: ", ")); "
    + "areas: \(areas.map(\.name).joined(separator: " "))")
  exit(2)
}
print("danescope-bench")
for area in areas where chosen.isEmpty || chosen.contains(area.name) { area.run() }
