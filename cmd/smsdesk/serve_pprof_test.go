package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The profiler is for the operator on the server's own host: an address
// that is not loopback is refused before anything starts, in the
// operator's language.
func TestPprofAddrMustBeLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		var out syncBuffer
		if _, err := parseServeFlags(testEnv(nil, &out), []string{"--pprof-addr", ok}); err != nil {
			t.Errorf("--pprof-addr %s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060", "6060"} {
		var out syncBuffer
		_, err := parseServeFlags(testEnv(nil, &out), []string{"--pprof-addr", bad})
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("--pprof-addr %s: %v, want a loopback-only refusal", bad, err)
		}
	}
	var out syncBuffer
	_, err := parseServeFlags(testEnv(nil, &out), []string{"--lang", "fr", "--pprof-addr", "0.0.0.0:6060"})
	if err == nil || !strings.Contains(err.Error(), "n'écoute qu'en local") {
		t.Errorf("in French: %v", err)
	}
}

// The listener answers the profiler's index and stops with its context.
func TestPprofListenerServesAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	if err := startPprof(ctx, addr, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("pprof index: %d %.200s", resp.StatusCode, body)
	}
	cancel()
	eventually(t, 5*time.Second, "the profiler to stop listening", func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
}
