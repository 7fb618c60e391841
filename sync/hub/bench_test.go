package hub

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
	"smsdesk/sync/client"
	"smsdesk/sync/wire"
)

// BenchmarkFirstSync100k: a new client's first sync of 1,000 conversations
// of 100 messages into an empty cache, from dial to caught up.
func BenchmarkFirstSync100k(b *testing.B) {
	const convs, per = 1000, 100
	srv := newTestServer(b, seedWith(genDataset(genSpec{sellers: 1, contactsPerSeller: convs, msgsPerConv: per})))
	var elapsed, cpu, best time.Duration
	runs := 0
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "cache.db")
		done := make(chan struct{})
		var once sync.Once
		cpu0 := cpuTime()
		start := time.Now()
		tc := newTestClient(b, srv, sellerToken(0), path, func(c *client.Client) {
			c.Hooks.AfterFrame = func(f wire.Frame) {
				if f.Type == wire.TypeEvents && !f.More {
					once.Do(func() { close(done) })
				}
			}
		})
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			b.Fatal("first sync did not finish")
		}
		took := time.Since(start)
		elapsed += took
		if best == 0 || took < best {
			best = took
		}
		cpu += cpuTime() - cpu0
		runs++
		b.StopTimer()
		rows, err := tc.db.Conversations()
		if err != nil {
			b.Fatal(err)
		}
		total := 0
		for _, r := range rows {
			n, err := tc.db.MessageCount(r.ID)
			if err != nil {
				b.Fatal(err)
			}
			total += n
		}
		if len(rows) != convs || total != convs*per {
			b.Fatalf("cache holds %d conversations and %d messages, want %d and %d", len(rows), total, convs, convs*per)
		}
		if got := tc.c.Traffic().Messages; got != convs*per {
			b.Fatalf("client received %d messages, want %d", got, convs*per)
		}
		tc.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(convs*per*runs)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(elapsed.Seconds()/float64(runs), "s/sync")
	// The fastest run: the one least disturbed by whatever else the
	// machine was doing.
	b.ReportMetric(float64(convs*per)/best.Seconds(), "best-msgs/s")
	// CPU seconds of the whole process (server and client) per sync: on a
	// machine shared with other work, wall time alone says little.
	b.ReportMetric(cpu.Seconds()/float64(runs), "cpu-s/sync")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// echoRoundTrips measures a bare gorilla websocket echo of 200 bytes on
// loopback: the floor under any figure of the hub.
func echoRoundTrips(tb testing.TB, n int) []time.Duration {
	tb.Helper()
	up := websocket.Upgrader{}
	es := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for {
			mt, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			if err := ws.WriteMessage(mt, data); err != nil {
				return
			}
		}
	}))
	defer es.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+es.URL[len("http"):], nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer ws.Close()
	msg := make([]byte, 200)
	for i := range msg {
		msg[i] = 'a' + byte(i%26)
	}
	out := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if err := ws.WriteMessage(websocket.TextMessage, msg); err != nil {
			tb.Fatal(err)
		}
		if _, _, err := ws.ReadMessage(); err != nil {
			tb.Fatal(err)
		}
		out = append(out, time.Since(start))
	}
	slices.Sort(out)
	return out
}

// BenchmarkInboundToCache: signed Twilio webhooks (the real handler of
// backend/twilio, posted as twiliotest does) at 500 per second, spread over
// 50 sellers who each own a number and are each connected with their own
// client and cache; latency from just before the POST to the message being
// committed in its seller's cache (after localdb.ApplyEvents returned).
func BenchmarkInboundToCache(b *testing.B) {
	const (
		sellers  = 50
		contacts = 10
		rate     = 500 // inbound per second
		seconds  = 4
		authTok  = "bench-twilio-auth-token"
	)
	srv := newTestServer(b,
		seedWith(genDataset(genSpec{sellers: sellers, contactsPerSeller: contacts, msgsPerConv: 2})),
		withHandler("POST /webhooks/twilio/", func(svc *backend.Service) http.Handler {
			return twilio.NewWebhookHandler(twilio.WebhookConfig{AuthToken: func() string { return authTok }, Receiver: svc})
		}))

	var mu sync.Mutex
	applied := map[string]time.Time{}  // committed in the client's cache
	received := map[string]time.Time{} // read off the socket by the client
	clients := make([]*testClient, sellers)
	for i := range sellers {
		clients[i] = newTestClient(b, srv, sellerToken(i), "", func(c *client.Client) {
			c.Hooks.OnReceive = func(f wire.Frame) {
				now := time.Now()
				mu.Lock()
				for _, ev := range f.Events {
					if ev.Kind == crm.EventMessage && ev.Message != nil && ev.Message.Direction == crm.Inbound {
						if _, seen := received[ev.Message.ProviderID]; !seen {
							received[ev.Message.ProviderID] = now
						}
					}
				}
				mu.Unlock()
			}
			c.Hooks.AfterFrame = func(f wire.Frame) {
				if f.Type != wire.TypeEvents {
					return
				}
				now := time.Now()
				mu.Lock()
				for _, ev := range f.Events {
					if ev.Kind == crm.EventMessage && ev.Message != nil && ev.Message.Direction == crm.Inbound {
						if _, seen := applied[ev.Message.ProviderID]; !seen {
							applied[ev.Message.ProviderID] = now
						}
					}
				}
				mu.Unlock()
			}
		})
	}
	for i, tc := range clients {
		tc.waitCaughtUp(sellerID(i), 60*time.Second)
	}
	waitFor(b, "every client connected", 10*time.Second, func() bool { return srv.theHub().Connections("") == sellers })

	// When the backend published each message (committed, handed to the
	// hub): publish→applied is the sync share of the latency.
	published := map[string]time.Time{}
	cancelSub := srv.service().Subscribe(func(evs []crm.Event) {
		now := time.Now()
		mu.Lock()
		for _, ev := range evs {
			if ev.Kind == crm.EventMessage && ev.Message != nil && ev.Message.Direction == crm.Inbound {
				published[ev.Message.ProviderID] = now
			}
		}
		mu.Unlock()
	})
	defer cancelSub()

	poster := twiliotest.Poster{AuthToken: authTok, HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}}
	signURL := srv.url() + twilio.InboundPath
	var lat, webhook, share, wire, echo []time.Duration
	var cpuShare float64
	round := 0
	for b.Loop() {
		echo = append(echo, echoRoundTrips(b, 5000)...)
		total := rate * seconds
		type req struct {
			sid string
			p   twiliotest.Prepared
		}
		reqs := make([]req, total)
		for n := range total {
			seller, contact := n%sellers, (n/sellers)%contacts
			sid := twiliotest.InboundSID(uint64(round*total + n + 1))
			body := fmt.Sprintf("Inbound %d for seller %d: is the order still on for Friday?", n, seller)
			params := twiliotest.InboundParams(twiliotest.TestAccountSID, sid, contactPhone(seller*contacts+contact), sellerNumber(seller), body)
			reqs[n] = req{sid, poster.Prepare(signURL, params)}
		}
		round++
		sentAt := make([]time.Time, total)
		answeredAt := make([]time.Time, total)
		errs := make(chan error, total)
		var wg sync.WaitGroup
		cpu0, wall0 := cpuTime(), time.Now()
		tick := time.NewTicker(time.Second / rate)
		for n := range total {
			<-tick.C
			wg.Add(1)
			go func() {
				defer wg.Done()
				sentAt[n] = time.Now()
				resp, err := poster.PostPrepared(context.Background(), signURL, reqs[n].p)
				answeredAt[n] = time.Now()
				if err == nil && resp.Status != http.StatusOK {
					err = fmt.Errorf("webhook %d: status %d: %s", n, resp.Status, resp.Body)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		tick.Stop()
		wg.Wait()
		cpuShare = float64(cpuTime()-cpu0) / float64(time.Since(wall0))
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		waitFor(b, "every inbound message in its seller's cache", 30*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			for _, r := range reqs {
				if _, ok := applied[r.sid]; !ok {
					return false
				}
			}
			return true
		})
		mu.Lock()
		// Samples of every round count: more of them, a steadier p99.
		for n, r := range reqs {
			wire = append(wire, received[r.sid].Sub(published[r.sid]))
			lat = append(lat, applied[r.sid].Sub(sentAt[n]))
			webhook = append(webhook, answeredAt[n].Sub(sentAt[n]))
			share = append(share, applied[r.sid].Sub(published[r.sid]))
		}
		mu.Unlock()
	}
	slices.Sort(lat)
	slices.Sort(echo)
	slices.Sort(webhook)
	slices.Sort(share)
	slices.Sort(wire)
	// publish→received: hub routing and the websocket, without the cache.
	b.ReportMetric(float64(percentile(wire, 0.50).Microseconds())/1000, "hub-wire-p50-ms")
	b.ReportMetric(float64(percentile(wire, 0.99).Microseconds())/1000, "hub-wire-p99-ms")
	b.ReportMetric(float64(percentile(share, 0.50).Microseconds())/1000, "sync-p50-ms")
	b.ReportMetric(float64(percentile(share, 0.99).Microseconds())/1000, "sync-p99-ms")
	// The webhook's own answer (committed in the backend) is part of the
	// latency; shown apart so the sync share can be told from it.
	b.ReportMetric(float64(percentile(webhook, 0.50).Microseconds())/1000, "webhook-p50-ms")
	b.ReportMetric(float64(percentile(webhook, 0.99).Microseconds())/1000, "webhook-p99-ms")
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	// Cores used by the whole process (backend, hub, 50 clients) under load.
	b.ReportMetric(cpuShare, "cores")
	b.ReportMetric(float64(percentile(echo, 0.50).Microseconds()), "echo-p50-µs")
	b.ReportMetric(float64(percentile(echo, 0.99).Microseconds()), "echo-p99-µs")
}
