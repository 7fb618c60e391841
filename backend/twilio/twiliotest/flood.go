package twiliotest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
)

// Flood posts prepared webhooks over a few raw keep-alive HTTP/1.1
// connections, each sending its next request as soon as the previous answer
// is read. It is a load generator for benchmarks: net/http's client spends
// about as much CPU per request as the server does, and on a small machine
// that CPU would be taken from the server being measured (in production it
// is Twilio's).
type Flood struct {
	// Target is the full URL to post to, http only (loopback).
	Target string
	// Conns is the number of concurrent connections (senders).
	Conns int
}

// FloodResult counts answers by HTTP status.
type FloodResult struct {
	Status map[int]int
}

// Run posts every request once, spread over Conns connections, and returns
// when all are answered or one connection fails.
func (f Flood) Run(ctx context.Context, reqs []Prepared) (FloodResult, error) {
	u, err := url.Parse(f.Target)
	if err != nil || u.Scheme != "http" {
		return FloodResult{}, fmt.Errorf("flood target %q: want an http:// URL", f.Target)
	}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		res      = FloodResult{Status: map[int]int{}}
		firstErr error
		wg       sync.WaitGroup
	)
	for range max(f.Conns, 1) {
		wg.Go(func() {
			counts, err := f.conn(ctx, u, reqs, &next)
			mu.Lock()
			defer mu.Unlock()
			for s, n := range counts {
				res.Status[s] += n
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	return res, firstErr
}

func (f Flood) conn(ctx context.Context, u *url.URL, reqs []Prepared, next *atomic.Int64) (map[int]int, error) {
	counts := map[int]int{}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return counts, fmt.Errorf("flood dial %s: %w", u.Host, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()
	bw, br := bufio.NewWriter(c), bufio.NewReader(c)
	path := u.RequestURI()
	for {
		n := next.Add(1) - 1
		if n >= int64(len(reqs)) {
			return counts, nil
		}
		r := reqs[n]
		bw.WriteString("POST " + path + " HTTP/1.1\r\nHost: " + u.Host +
			"\r\nUser-Agent: TwilioProxy/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: " +
			r.Signature + "\r\nContent-Length: " + strconv.Itoa(len(r.Body)) + "\r\n\r\n")
		bw.WriteString(r.Body)
		if err := bw.Flush(); err != nil {
			return counts, fmt.Errorf("flood write: %w", err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return counts, fmt.Errorf("flood read answer: %w", err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return counts, fmt.Errorf("flood read body: %w", err)
		}
		counts[resp.StatusCode]++
		if resp.Close {
			return counts, fmt.Errorf("flood: server closed the connection after HTTP %d", resp.StatusCode)
		}
	}
}
