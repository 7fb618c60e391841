package hub

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
	"smsdesk/sync/wire"
)

// Tokens, users and numbers of testdata/base.json (a copy of the backend's
// fixture).
const (
	tokAlice = "alice-token-0123456789"
	tokBob   = "bob-token-0123456789"
	tokCarol = "carol-token-0123456789"

	numAlice = "+14155550100" // owned by u_alice
	numWest  = "+14155550101" // owned by team t_west (alice, bob)
	numEast  = "+12125550100" // owned by team t_east (carol, dave)

	phoneJane = "+14155552671" // c_jane (alice)
)

// testClock advances a millisecond per reading so stored times are distinct
// and deterministic.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// countingProvider is the fake crm.Provider: it counts every send per
// message id, which is how the tests see a duplicate SMS.
type countingProvider struct {
	mu   sync.Mutex
	sent map[string]int
	n    int
}

func newCountingProvider() *countingProvider { return &countingProvider{sent: map[string]int{}} }

func (p *countingProvider) Send(ctx context.Context, m crm.OutboundSMS) (crm.SendResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent[m.MessageID]++
	p.n++
	return crm.SendResult{ProviderID: fmt.Sprintf("SM%032d", p.n), Status: crm.StatusQueued, Segments: 1}, nil
}

func (p *countingProvider) count(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent[id]
}

func (p *countingProvider) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// testServer is the real backend and hub on a real loopback listener; it can
// be stopped and started again on the same address and data directory.
type testServer struct {
	t     testing.TB
	dir   string
	addr  string
	clock *testClock
	prov  *countingProvider
	cfg   HubConfig
	seed  func(*backend.Service) error
	wrap  func(net.Listener) net.Listener
	extra []extraHandler
	// backend wraps the service the hub talks to (counting calls, hiding
	// an optional interface); nil: the service itself.
	backend func(*backend.Service) Backend

	starts int // startOn calls, for the random seed

	mu   sync.Mutex
	svc  *backend.Service
	hub  *Hub
	http *http.Server
}

type serverOpt func(*testServer)

func withHubConfig(cfg HubConfig) serverOpt { return func(s *testServer) { s.cfg = cfg } }

// withListener wraps the server's listener (socket options in a test).
func withListener(wrap func(net.Listener) net.Listener) serverOpt {
	return func(s *testServer) { s.wrap = wrap }
}

func withBackend(wrap func(*backend.Service) Backend) serverOpt {
	return func(s *testServer) { s.backend = wrap }
}

func withSeed(fn func(*backend.Service) error) serverOpt {
	return func(s *testServer) { s.seed = fn }
}

func newTestServer(t testing.TB, opts ...serverOpt) *testServer {
	t.Helper()
	s := &testServer{t: t, dir: t.TempDir(), clock: newTestClock(), prov: newCountingProvider()}
	s.seed = func(svc *backend.Service) error { return svc.ImportDatasetFile(filepath.Join("testdata", "base.json")) }
	for _, o := range opts {
		o(s)
	}
	// Reserve an address that survives restarts.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.startOn(ln)
	t.Cleanup(s.stop)
	return s
}

func (s *testServer) url() string { return "http://" + s.addr }

func (s *testServer) start() {
	s.t.Helper()
	var ln net.Listener
	var err error
	// The old socket may linger for a moment after a stop.
	waitFor(s.t, "listen on "+s.addr, 5*time.Second, func() bool {
		ln, err = net.Listen("tcp", s.addr)
		return err == nil
	})
	s.startOn(ln)
}

func (s *testServer) startOn(ln net.Listener) {
	s.t.Helper()
	// A new seed per start: a restarted server must not repeat the ids (and
	// the epoch) it drew before.
	s.starts++
	svc, err := backend.Open(backend.Config{
		Dir: s.dir, Provider: s.prov, Now: s.clock.Now,
		Rand: rand.NewChaCha8([32]byte{1, 2, 3, byte(s.starts)}),
	})
	if err != nil {
		s.t.Fatalf("open backend: %v", err)
	}
	has, err := svc.HasData()
	if err != nil {
		s.t.Fatal(err)
	}
	if !has && s.seed != nil {
		if err := s.seed(svc); err != nil {
			s.t.Fatalf("seed backend: %v", err)
		}
	}
	if s.wrap != nil {
		ln = s.wrap(ln)
	}
	var b Backend = svc
	if s.backend != nil {
		b = s.backend(svc)
	}
	hub := NewHub(b, s.cfg)
	mux := http.NewServeMux()
	mux.Handle("GET /ws", hub)
	for _, e := range s.extra {
		mux.Handle(e.pattern, e.mk(svc))
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("serve: %v", err)
		}
	}()
	s.mu.Lock()
	s.svc, s.hub, s.http = svc, hub, srv
	s.mu.Unlock()
}

// stop closes the listener, the hub (every connection) and the backend,
// as a server shutdown would.
func (s *testServer) stop() {
	s.mu.Lock()
	svc, hub, srv := s.svc, s.hub, s.http
	s.svc, s.hub, s.http = nil, nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	_ = srv.Close()
	_ = hub.Close()
	if err := svc.Close(); err != nil {
		s.t.Errorf("close backend: %v", err)
	}
}

func (s *testServer) service() *backend.Service {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.svc
}

func (s *testServer) theHub() *Hub {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hub
}

// inbound delivers an SMS as the provider would.
func (s *testServer) inbound(from, to, body string, n int) {
	s.t.Helper()
	err := s.service().ReceiveSMS(context.Background(), crm.InboundSMS{
		ProviderID: fmt.Sprintf("SMin%s%06d", from[1:], n), From: from, To: to, Body: body, Segments: 1,
	})
	if err != nil {
		s.t.Fatalf("receive sms: %v", err)
	}
}

// visibleMessages is every message userID may see, by conversation, read
// from the backend (the truth the caches must converge to).
func (s *testServer) visibleMessages(userID string) map[string][]string {
	s.t.Helper()
	ctx := context.Background()
	svc := s.service()
	snap, err := svc.Snapshot(ctx, userID)
	if err != nil {
		s.t.Fatal(err)
	}
	out := map[string][]string{}
	for _, c := range snap.Conversations {
		after := ""
		ids := []string{}
		for {
			msgs, err := svc.ConversationMessages(ctx, userID, c.ID, after, 1000)
			if err != nil {
				s.t.Fatal(err)
			}
			for _, m := range msgs {
				ids = append(ids, m.ID)
			}
			if len(msgs) < 1000 {
				break
			}
			after = msgs[len(msgs)-1].ID
		}
		slices.Sort(ids)
		out[c.ID] = ids
	}
	return out
}

// testClient is a real Client over a real cache file.
type testClient struct {
	t      testing.TB
	path   string
	token  string
	server *testServer
	db     *localdb.DB
	c      *client.Client
	cancel context.CancelFunc
	done   chan error

	mu     sync.Mutex
	frames []wire.Frame
}

type clientOpt func(*testClient)

func openCache(t testing.TB, path string) *localdb.DB {
	t.Helper()
	db, err := localdb.Open(path, localdb.Options{})
	if err != nil {
		t.Fatalf("open cache: %v", err)
	}
	return db
}

// newTestClient opens a cache at a fresh path (or path, when given) and
// starts a client on it.
func newTestClient(t testing.TB, s *testServer, token, path string, opts ...func(*client.Client)) *testClient {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "cache.db")
	}
	tc := &testClient{t: t, path: path, token: token, server: s}
	tc.db = openCache(t, path)
	tc.start(opts...)
	t.Cleanup(tc.close)
	return tc
}

func (tc *testClient) start(opts ...func(*client.Client)) {
	c := client.NewClient(client.ClientConfig{
		ServerURL: tc.server.url(), Token: tc.token, DB: tc.db,
		Rand: testRand(7),
	})
	c.SetBackoff(10*time.Millisecond, 200*time.Millisecond)
	c.Hooks.AfterFrame = func(f wire.Frame) {
		tc.mu.Lock()
		tc.frames = append(tc.frames, f)
		tc.mu.Unlock()
	}
	for _, o := range opts {
		o(c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tc.c, tc.cancel, tc.done = c, cancel, make(chan error, 1)
	go func() { tc.done <- c.Run(ctx) }()
}

// stop ends Run (not the cache).
func (tc *testClient) stop() {
	if tc.cancel == nil {
		return
	}
	tc.cancel()
	select {
	case err := <-tc.done:
		if err != nil {
			tc.t.Errorf("client run: %v", err)
		}
	case <-time.After(10 * time.Second):
		tc.t.Errorf("client did not stop")
	}
	tc.cancel = nil
}

func (tc *testClient) close() {
	tc.stop()
	if tc.db != nil {
		_ = tc.db.Close()
		tc.db = nil
	}
}

func (tc *testClient) outboxLen() int {
	n, err := tc.db.OutboxLen()
	if err != nil {
		tc.t.Fatal(err)
	}
	return n
}

func (tc *testClient) cursor() uint64 {
	n, err := tc.db.Cursor()
	if err != nil {
		tc.t.Fatal(err)
	}
	return n
}

// cachedMessages is what the cache holds, in the shape of visibleMessages.
func (tc *testClient) cachedMessages() map[string][]string {
	tc.t.Helper()
	rows, err := tc.db.Conversations()
	if err != nil {
		tc.t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		msgs, err := tc.db.LastMessages(r.ID, 1<<20)
		if err != nil {
			tc.t.Fatal(err)
		}
		ids := []string{}
		for _, m := range msgs {
			ids = append(ids, m.ID)
		}
		slices.Sort(ids)
		out[r.ID] = ids
	}
	return out
}

func (tc *testClient) hasConversation(id string) bool {
	_, ok, err := tc.db.Conversation(id)
	if err != nil {
		tc.t.Fatal(err)
	}
	return ok
}

// converged waits until the cache holds exactly what the backend says the
// user may see.
func (tc *testClient) converged(userID string, timeout time.Duration) {
	tc.t.Helper()
	var want, got map[string][]string
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		want = tc.server.visibleMessages(userID)
		got = tc.cachedMessages()
		if equalMaps(want, got) && tc.outboxLen() == 0 {
			return
		}
		if time.Now().After(deadline) {
			tc.t.Fatalf("cache of %s did not converge:\nwant %v\ngot  %v\noutbox %d", userID, summary(want), summary(got), tc.outboxLen())
		}
		<-tick.C
	}
}

func equalMaps(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}

func summary(m map[string][]string) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = len(v)
	}
	return out
}

func (tc *testClient) seenFrames() []wire.Frame {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return slices.Clone(tc.frames)
}

// latestStatus reads the newest status without blocking.
func latestStatus(c *client.Client, prev client.Status) client.Status {
	select {
	case s := <-c.Status():
		return s
	default:
		return prev
	}
}

// reconnects counts welcomes after the first: each is a new connection.
func (tc *testClient) reconnects() int {
	n := 0
	for _, f := range tc.seenFrames() {
		if f.Type == wire.TypeWelcome {
			n++
		}
	}
	return max(0, n-1)
}

// waitCaughtUp waits until no event visible to userID lies beyond the
// client's cursor.
func (tc *testClient) waitCaughtUp(userID string, timeout time.Duration) {
	tc.t.Helper()
	waitFor(tc.t, userID+"'s cursor past the last visible event", timeout, func() bool {
		evs, err := tc.server.service().EventsSince(context.Background(), userID, tc.cursor(), 1)
		return err == nil && len(evs) == 0
	})
}
