package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// buildBinary compiles smsdesk into dir: the crash test runs the real
// process so that SIGKILL really loses whatever was not on disk.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "smsdesk")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freeAddr reserves a loopback port the server can take again after each
// restart (Go listeners set SO_REUSEADDR).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitFor polls cond until it holds or the deadline passes; what names the
// condition in the failure.
func waitFor(t *testing.T, d time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %s: %s", what, d, why)
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
}

// serverProc is `smsdesk serve` as a child process.
type serverProc struct {
	t     *testing.T
	args  []string
	base  string
	admin string      // an admin's token: /healthz shows its counts to admins only
	log   *syncBuffer // every run's output, for the failure message
	cmd   *exec.Cmd
	runs  int
}

func (p *serverProc) start() {
	p.t.Helper()
	p.runs++
	fmt.Fprintf(p.log, "---- start %d\n", p.runs)
	cmd := exec.Command(p.args[0], p.args[1:]...)
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start server: %v", err)
	}
	p.cmd = cmd
	waitFor(p.t, 15*time.Second, "server up", func() (bool, string) {
		h, err := p.health()
		return err == nil && h.Status == "ok", fmt.Sprint(err)
	})
}

// kill is SIGKILL: no shutdown, no flush, whatever was in flight is cut.
func (p *serverProc) kill() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
	p.cmd = nil
}

type health struct {
	Status       string `json:"status"`
	LastSeq      uint64 `json:"last_seq"`
	PendingSends int    `json:"pending_sends"`
}

var restClient = &http.Client{Timeout: 5 * time.Second}

// crashAdminToken is the crash dataset's administrator, who may read
// /healthz's counts.
const crashAdminToken = "crash-admin-token-0123456789"

// health reads /healthz as the admin, and fails when the counts are
// missing: a zero pending_sends must not come from an answer without it.
func (p *serverProc) health() (health, error) {
	var h health
	req, err := http.NewRequest(http.MethodGet, p.base+"/healthz", nil)
	if err != nil {
		return h, err
	}
	req.Header.Set("Authorization", "Bearer "+p.admin)
	resp, err := restClient.Do(req)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	var got struct {
		Status       string `json:"status"`
		LastSeq      uint64 `json:"last_seq"`
		PendingSends *int   `json:"pending_sends"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		return h, fmt.Errorf("healthz: HTTP %d: %w", resp.StatusCode, err)
	}
	if got.PendingSends == nil {
		return h, fmt.Errorf("healthz: HTTP %d without pending_sends", resp.StatusCode)
	}
	h = health{Status: got.Status, LastSeq: got.LastSeq, PendingSends: *got.PendingSends}
	return h, nil
}

// get decodes an authenticated REST GET.
func (p *serverProc) get(token, path string, out any) error {
	req, err := http.NewRequest(http.MethodGet, p.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := restClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// restView is what REST shows one user: conversation id -> its record and
// numbers, and message id -> message.
type restView struct {
	convs map[string]restConv
	msgs  map[string]crm.Message
}

type restConv struct {
	ID             string `json:"id"`
	BusinessNumber string `json:"business_number"`
	Record         struct {
		ID string `json:"id"`
	} `json:"record"`
}

func (p *serverProc) view(token string) (restView, error) {
	v := restView{convs: map[string]restConv{}, msgs: map[string]crm.Message{}}
	var list struct {
		Conversations []restConv `json:"conversations"`
	}
	if err := p.get(token, "/api/v1/conversations", &list); err != nil {
		return v, err
	}
	for _, c := range list.Conversations {
		v.convs[c.ID] = c
		after := ""
		for {
			var page struct {
				Messages []crm.Message `json:"messages"`
			}
			if err := p.get(token, "/api/v1/conversations/"+c.ID+"/messages?limit=5000&after="+after, &page); err != nil {
				return v, err
			}
			for _, m := range page.Messages {
				v.msgs[m.ID] = m
			}
			if len(page.Messages) < 5000 {
				break
			}
			after = page.Messages[len(page.Messages)-1].ID
		}
	}
	return v, nil
}

// crashClient is one user's sync client with its own bbolt cache; it can be
// stopped (the process dying, from the cache's point of view: nothing after
// the last committed transaction survives) and started again.
type crashClient struct {
	t      *testing.T
	user   genUser
	base   string
	path   string
	rng    *rand.Rand
	mu     sync.Mutex
	db     *localdb.DB
	cl     *client.Client
	cancel context.CancelFunc
	done   chan error
}

func (c *crashClient) start() {
	c.t.Helper()
	db, err := localdb.Open(c.path, localdb.Options{})
	if err != nil {
		c.t.Fatalf("open cache of %s: %v", c.user.ID, err)
	}
	cl := client.NewClient(client.ClientConfig{ServerURL: c.base, Token: c.user.Token, DB: db,
		Rand: rand.New(rand.NewPCG(c.rng.Uint64(), c.rng.Uint64()))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cl.Run(ctx) }()
	c.mu.Lock()
	c.db, c.cl, c.cancel, c.done = db, cl, cancel, done
	c.mu.Unlock()
}

func (c *crashClient) stop() {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cl == nil {
		return
	}
	c.cancel()
	if err := <-c.done; err != nil {
		c.t.Errorf("client %s: %v", c.user.ID, err)
	}
	if err := c.db.Close(); err != nil {
		c.t.Errorf("close cache of %s: %v", c.user.ID, err)
	}
	c.db, c.cl = nil, nil
}

func (c *crashClient) client() (*localdb.DB, *client.Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.db, c.cl
}

// cacheView is the same shape as restView, read from the bbolt cache.
func (c *crashClient) view() (restView, int, error) {
	db, _ := c.client()
	v := restView{convs: map[string]restConv{}, msgs: map[string]crm.Message{}}
	if db == nil {
		return v, 0, errors.New("client stopped")
	}
	queued, err := db.OutboxLen()
	if err != nil {
		return v, 0, err
	}
	rows, err := db.Conversations()
	if err != nil {
		return v, 0, err
	}
	for _, r := range rows {
		rc := restConv{ID: r.ID, BusinessNumber: r.BusinessNumber}
		rc.Record.ID = r.Record.ID
		v.convs[r.ID] = rc
		msgs, err := db.LastMessages(r.ID, 1<<30)
		if err != nil {
			return v, 0, err
		}
		for _, m := range msgs {
			v.msgs[m.ID] = m
		}
	}
	return v, queued, nil
}

// diffViews says how two views differ (conversations, message ids and
// statuses), "" when they agree.
func diffViews(want, got restView) string {
	var out []string
	for id := range want.convs {
		if _, ok := got.convs[id]; !ok {
			out = append(out, "missing conversation "+id)
		}
	}
	for id := range got.convs {
		if _, ok := want.convs[id]; !ok {
			out = append(out, "extra conversation "+id)
		}
	}
	for id, m := range want.msgs {
		g, ok := got.msgs[id]
		switch {
		case !ok:
			out = append(out, "missing message "+id)
		case g.Status != m.Status:
			out = append(out, fmt.Sprintf("message %s status %s, want %s", id, g.Status, m.Status))
		}
	}
	for id := range got.msgs {
		if _, ok := want.msgs[id]; !ok {
			out = append(out, "extra message "+id)
		}
	}
	slices.Sort(out)
	if len(out) > 8 {
		out = append(out[:8], fmt.Sprintf("... %d more", len(out)-8))
	}
	return strings.Join(out, "; ")
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// removeAll is os.RemoveAll for cleanups.
func removeAll(path string) { _ = os.RemoveAll(path) }
