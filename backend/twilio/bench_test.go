package twilio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// benchSenders is the number of concurrent senders (keep-alive connections
// or goroutines) in the throughput benchmarks.
const benchSenders = 64

// BenchmarkSignedInboundWebhooks: 64 concurrent senders post signed inbound
// webhooks over keep-alive connections to the real server (handler,
// signature check, service, bbolt file with group commit); a request counts
// once it is answered 200, i.e. durably committed. Requests are encoded and
// signed before the clock starts and sent by twiliotest.Flood: Twilio's
// share of the work does not run on our machine in production.
func BenchmarkSignedInboundWebhooks(b *testing.B) {
	e := startE2E(b)
	// Warm up: the first message from each customer creates its lead.
	for g := range benchSenders {
		for i := range 4 {
			if r := e.inbound(b, twiliotest.InboundSID(uint64(1<<40+g*4+i)), benchCustomer(g, i), "hello"); r.Status != http.StatusOK {
				b.Fatalf("warm-up: HTTP %d %q", r.Status, r.Body)
			}
		}
	}
	reqs := make([]twiliotest.Prepared, b.N)
	for n := range reqs {
		reqs[n] = e.poster.Prepare(e2ePublic+twilio.InboundPath, twiliotest.InboundParams(account,
			twiliotest.InboundSID(uint64(n)), benchCustomer(n%benchSenders, n/benchSenders%4), biz,
			fmt.Sprintf("Benchmark message %d", n)))
	}
	flood(b, e.srv.URL+twilio.InboundPath, reqs)
}

// BenchmarkSignedInboundWebhooksHandlerOnly is the same load against the
// handler with a receiver that stores nothing: the cost of HTTP, form
// parsing and the signature check alone, to tell it from the store's.
func BenchmarkSignedInboundWebhooksHandlerOnly(b *testing.B) {
	h := newHarness(b, twilio.WebhookConfig{Receiver: discard{}})
	req := h.poster.Prepare(h.public+twilio.InboundPath,
		twiliotest.InboundParams(account, twiliotest.InboundSID(1), cust, biz, "Benchmark message"))
	reqs := make([]twiliotest.Prepared, b.N)
	for n := range reqs {
		reqs[n] = req
	}
	flood(b, h.srv.URL+twilio.InboundPath, reqs)
}

// flood times posting reqs to target from benchSenders connections and
// reports the rate; every answer must be 200.
func flood(b *testing.B, target string, reqs []twiliotest.Prepared) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), processCPU()
	res, err := twiliotest.Flood{Target: target, Conns: benchSenders}.Run(context.Background(), reqs)
	elapsed, cpu := time.Since(start), processCPU()-cpu0
	b.StopTimer()
	if err != nil || res.Status[http.StatusOK] != b.N {
		b.Fatalf("answers %v, err %v; want %d × 200", res.Status, err, b.N)
	}
	reportRate(b, elapsed, cpu)
}

// BenchmarkInboundStoreOnly calls the real Service's ReceiveSMS from 64
// goroutines with no HTTP in between: the store's share of
// BenchmarkSignedInboundWebhooks.
func BenchmarkInboundStoreOnly(b *testing.B) {
	e := startE2E(b)
	msgs := make([]crm.InboundSMS, b.N)
	for n := range msgs {
		msgs[n] = crm.InboundSMS{ProviderID: twiliotest.InboundSID(uint64(n)), From: benchCustomer(n%benchSenders, n/benchSenders%4),
			To: biz, Body: fmt.Sprintf("Benchmark message %d", n), Segments: 1}
	}
	var next atomic.Int64
	b.ResetTimer()
	start, cpu0 := time.Now(), processCPU()
	var wg sync.WaitGroup
	for range benchSenders {
		wg.Go(func() {
			for {
				n := next.Add(1) - 1
				if n >= int64(b.N) {
					return
				}
				if err := e.svc.ReceiveSMS(context.Background(), msgs[n]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	reportRate(b, time.Since(start), processCPU()-cpu0)
}

// BenchmarkWebhookHandlerInProcess is one request at a time through the
// handler, no network, receiver doing nothing: the CPU cost of form
// parsing, the signature check (twilio-go's validator) and TwiML.
func BenchmarkWebhookHandlerInProcess(b *testing.B) {
	const public = "https://sms.example.com"
	h := twilio.NewWebhookHandler(twilio.WebhookConfig{
		AuthToken: func() string { return token }, PublicURL: public, Receiver: discard{},
	})
	req := twiliotest.Poster{AuthToken: token}.Prepare(public+twilio.InboundPath,
		twiliotest.InboundParams(account, twiliotest.InboundSID(1), cust, biz, "Benchmark message"))
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, twilio.InboundPath, strings.NewReader(req.Body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set(twilio.SignatureHeader, req.Signature)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("HTTP %d", w.Code)
		}
	}
}

// reportRate reports messages per second of wall time, and CPU per message
// for the whole process (the benchmark's own senders included).
func reportRate(b *testing.B, elapsed, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/msg")
}

type discard struct{}

func (discard) ReceiveSMS(context.Context, crm.InboundSMS) error      { return nil }
func (discard) ReceiveStatus(context.Context, crm.StatusReport) error { return nil }
