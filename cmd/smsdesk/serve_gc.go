package main

import "runtime/debug"

// serveGCPercent is the garbage collector's target for `smsdesk serve` when
// the operator has not set GOGC. The server's live heap is small (about
// 50 MB with 1,000 connected clients) while every cycle scans the stacks of
// four goroutines per connection, so at Go's default of 100 the collector
// ran often enough to double the webhook-to-client p99 under the load test.
// Measured with `smsdesk loadtest --spawn` at 1,000 clients x 1,000/s for
// 60 s (docs/reliability.md): GOGC 100, p99 85-100 ms and 430 MB; 200,
// p99 24-42 ms and 478-489 MB; 150, p99 26-30 ms and 453-457 MB.
const serveGCPercent = 150

// tuneServeGC applies serveGCPercent unless GOGC is set (the runtime has
// then read it already). Without an environment (serve run in-process by a
// test) it leaves the process alone.
func tuneServeGC(getenv func(string) string) {
	if getenv != nil && getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
