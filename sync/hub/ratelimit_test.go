package hub

import (
	"testing"
	"time"
)

func TestBucketBurstThenRate(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	b := newBucket(50, 100, t0)
	for i := range 100 {
		if ok, _ := b.take(t0); !ok {
			t.Fatalf("take %d within the burst refused", i)
		}
	}
	ok, wait := b.take(t0)
	if ok {
		t.Fatal("take 101 at the same instant allowed")
	}
	if wait != 20*time.Millisecond {
		t.Fatalf("wait = %v, want 20ms (one token at 50/s)", wait)
	}
	if ok, _ := b.take(t0.Add(19 * time.Millisecond)); ok {
		t.Fatal("allowed before a token refilled")
	}
	if ok, _ := b.take(t0.Add(20 * time.Millisecond)); !ok {
		t.Fatal("refused after a token refilled")
	}
	// A long pause refills only up to the burst.
	later := t0.Add(time.Hour)
	n := 0
	for {
		if ok, _ := b.take(later); !ok {
			break
		}
		n++
	}
	if n != 100 {
		t.Fatalf("after an hour %d tokens, want the burst 100", n)
	}
}
