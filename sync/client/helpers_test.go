package client

import (
	"math/rand/v2"
	"testing"
	"time"
)

// testRand is a seeded source so a failing run can be replayed.
func testRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// latestStatus returns the newest status published, or prev when none is
// waiting.
func latestStatus(c *Client, prev Status) Status {
	select {
	case s := <-c.Status():
		return s
	default:
		return prev
	}
}

// waitFor polls cond until it holds or the deadline passes: tests never
// sleep a fixed time hoping something happened.
func waitFor(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		<-tick.C
	}
}
