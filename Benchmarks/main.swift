// danescope benchmarks: `make bench` prints the figures. Each area has its own file with one
// entry point; targets are printed beside the figures, never asserted in tests.
print("danescope-bench")
DNSBench.run()
DNSSECBench.run()
ProbeBench.run()
LabBench.run()
ConsoleBench.run()
ResolverBench.run()
CheckBench.run()
