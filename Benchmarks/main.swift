// danescope benchmarks: `make bench` prints the figures. Each area adds its measurements.
print("danescope-bench: no benchmarks yet")
