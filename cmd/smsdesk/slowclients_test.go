package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// Issue 13, finding 2, at full scale on the real stack (store, REST,
// webhook handler, HTTP server as `serve` builds them): 1,000 connections
// that announce a webhook body and trickle it, from ten peers (127.0.0.2 to
// 127.0.0.11) with well-formed 28-character signatures, used to take all
// 512 in-flight slots so that genuinely signed webhooks got 503. With them
// held open, signed webhooks posted from one of the attackers' own
// addresses (a load balancer's: nothing per peer may tell them apart) are
// each answered 200 within a second, and the server's memory grows by at
// most 50 MB. The figures go to docs/reliability.md ("Slow clients").
func TestThousandSlowBodiesDoNotStarveSignedWebhooks(t *testing.T) {
	const (
		attackers = 1000
		peers     = 10
		genuine   = 50
		maxGrowth = 50 << 20
	)
	const authToken = "slow-test-auth-token"
	ds := genDataset{Users: 2, Teams: 1}
	raw, err := ds.JSON()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	public := "http://" + ln.Addr().String()
	var active, closed atomic.Int64
	st, err := startStack(stackConfig{
		Dir: t.TempDir(), Dataset: raw, Listener: ln,
		// Longer than the test: every slow body stays held throughout.
		BodyTimeout: 10 * time.Minute,
		Webhooks: func(svc *backend.Service) http.Handler {
			return twilio.NewWebhookHandler(twilio.WebhookConfig{
				AuthToken: func() string { return authToken }, PublicURL: public, Receiver: svc,
				BodyTimeout: 10 * time.Minute,
			})
		},
		ConnState: func(_ net.Conn, s http.ConnState) {
			switch s {
			case http.StateActive:
				active.Add(1)
			case http.StateClosed:
				closed.Add(1)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})

	before := serverMemory()
	addr := ln.Addr().String()
	var slow []*twiliotest.SlowBody
	for i := range attackers {
		peer := net.IPv4(127, 0, 0, byte(2+i%peers))
		declared := 1000
		if i%2 == 1 {
			declared = twilio.DefaultMaxBody // the largest a body may announce
		}
		s, err := twiliotest.DialSlowBody(peer, addr, twilio.InboundPath, declared)
		if err != nil {
			t.Fatalf("attacker %d: %v", i, err)
		}
		t.Cleanup(func() { s.Close() })
		slow = append(slow, s)
	}
	waitFor(t, 30*time.Second, "every slow body's headers read by the server", func() (bool, string) {
		return active.Load() >= attackers, fmt.Sprintf("%d of %d", active.Load(), attackers)
	})
	for i, s := range slow { // a second byte each: still trickling
		if err := s.Trickle(); err != nil {
			t.Fatalf("attacker %d cut off: %v", i, err)
		}
	}

	lb := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	poster := twiliotest.Poster{AuthToken: authToken, HTTP: &http.Client{
		Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: lb.DialContext},
	}}
	u := ds.user(0)
	var latencies []time.Duration
	for i := range genuine {
		params := twiliotest.InboundParams(twiliotest.TestAccountSID, twiliotest.InboundSID(uint64(7000+i)),
			u.OwnPhone, u.Number, fmt.Sprintf("genuine %d", i))
		start := time.Now()
		r, err := poster.Post(context.Background(), public+twilio.InboundPath, public+twilio.InboundPath, params)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("signed webhook %d: %v", i, err)
		}
		if r.Status != http.StatusOK {
			t.Fatalf("signed webhook %d beside %d slow bodies: %d %q, want 200", i, attackers, r.Status, r.Body)
		}
		if took > time.Second {
			t.Errorf("signed webhook %d answered in %s, want within 1 s", i, took)
		}
		latencies = append(latencies, took)
	}
	after := serverMemory()
	if n := closed.Load(); n != 0 {
		t.Errorf("%d connections closed by the server while the slow bodies were held", n)
	}
	slices.Sort(latencies)
	growth := int64(after.total()) - int64(before.total())
	t.Logf("held %d slow-body connections from %d peers; %d of %d signed webhooks answered 200, latency p50 %s max %s; "+
		"server memory (heap in use + goroutine stacks) %.1f → %.1f MB, growth %.1f MB (heap %.1f, stacks %.1f), %.1f KiB per held connection; %d goroutines",
		attackers, peers, len(latencies), genuine, latencies[len(latencies)/2].Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond),
		mb(before.total()), mb(after.total()), float64(growth)/(1<<20),
		(float64(after.HeapInuse)-float64(before.HeapInuse))/(1<<20), (float64(after.StackInuse)-float64(before.StackInuse))/(1<<20),
		float64(growth)/attackers/1024, runtime.NumGoroutine())
	if growth > maxGrowth {
		t.Errorf("server memory grew by %.1f MB with %d slow bodies held, want at most %d MB", float64(growth)/(1<<20), attackers, maxGrowth>>20)
	}
}

// memory is what the process holds live: heap spans in use and goroutine
// stacks (1,000 connections are 1,000 server goroutines).
type memory struct{ HeapInuse, StackInuse uint64 }

func (m memory) total() uint64 { return m.HeapInuse + m.StackInuse }

// serverMemory measures after a collection, so garbage is not counted.
func serverMemory() memory {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse}
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
