package client

import (
	"math/rand/v2"
	"time"
)

// backoff computes reconnect delays: min doubling up to max, with "equal
// jitter" (half fixed, half random) so a server restart is not met by every
// client reconnecting in the same millisecond, while no delay drops below
// half its step.
type backoff struct {
	min, max time.Duration
	rand     *rand.Rand
}

// delay is the wait before reconnect attempt n (0-based).
func (b backoff) delay(n int) time.Duration {
	d := b.min
	for i := 0; i < n && d < b.max; i++ {
		d *= 2
	}
	if d > b.max {
		d = b.max
	}
	half := d / 2
	if half <= 0 || b.rand == nil {
		return d
	}
	return half + time.Duration(b.rand.Int64N(int64(half)+1))
}
