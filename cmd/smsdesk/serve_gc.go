package main

import "runtime/debug"

// serveGCPercent is the garbage collector's target for `smsdesk serve` when
// the operator has not set GOGC. The server's live heap is small (about
// 50 MB with 1,000 connected clients) while every cycle scans the stacks of
// four goroutines per connection, so at Go's default of 100 the collector
// ran often enough to double the webhook-to-client p99 under the load test
// (docs/reliability.md: p99 85-100 ms at 100, 28-44 ms at 200, for about
// 50 MB more resident memory).
const serveGCPercent = 200

// tuneServeGC applies serveGCPercent unless GOGC is set (the runtime has
// then read it already). Without an environment (serve run in-process by a
// test) it leaves the process alone.
func tuneServeGC(getenv func(string) string) {
	if getenv != nil && getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
