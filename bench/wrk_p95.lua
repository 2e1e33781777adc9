-- Print the 95th percentile latency (microseconds) at the end of a wrk run.
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
