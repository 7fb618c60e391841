package client

import (
	"testing"
	"time"
)

func TestBackoffDoublesWithJitterAndCaps(t *testing.T) {
	b := backoff{min: 250 * time.Millisecond, max: 30 * time.Second, rand: testRand(1)}
	steps := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}
	distinct := map[time.Duration]bool{}
	for n, step := range steps {
		d := b.delay(n)
		if d < step/2 || d > step {
			t.Fatalf("delay(%d) = %v, want within [%v, %v]", n, d, step/2, step)
		}
		distinct[d] = true
	}
	if len(distinct) < len(steps)-2 {
		t.Fatalf("delays look unjittered: %v", distinct)
	}
	// Deterministic for a given seed.
	b2 := backoff{min: 250 * time.Millisecond, max: 30 * time.Second, rand: testRand(1)}
	b3 := backoff{min: 250 * time.Millisecond, max: 30 * time.Second, rand: testRand(1)}
	for n := range 10 {
		if b2.delay(n) != b3.delay(n) {
			t.Fatal("same seed, different delays")
		}
	}
	if d := b.delay(1000); d > 30*time.Second {
		t.Fatalf("delay(1000) = %v beyond the cap", d)
	}
}

func TestWSURL(t *testing.T) {
	cases := map[string]string{
		"http://127.0.0.1:8080":       "ws://127.0.0.1:8080/ws",
		"https://sms.example.com/":    "wss://sms.example.com/ws",
		"https://example.com/smsdesk": "wss://example.com/smsdesk/ws",
		"ws://h:1":                    "ws://h:1/ws",
	}
	for in, want := range cases {
		got, err := wsURL(in)
		if err != nil || got != want {
			t.Errorf("wsURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"ftp://x", "127.0.0.1:8080", "http://", "::"} {
		if _, err := wsURL(bad); err == nil {
			t.Errorf("wsURL(%q) accepted", bad)
		}
	}
}
