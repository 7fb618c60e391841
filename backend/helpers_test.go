package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Tokens of testdata/base.json.
const (
	tokAlice = "alice-token-0123456789"
	tokBob   = "bob-token-0123456789"
	tokCarol = "carol-token-0123456789"
	tokDave  = "dave-token-0123456789"

	numAlice = "+14155550100" // owned by u_alice
	numWest  = "+14155550101" // owned by team t_west (alice, bob)
	numEast  = "+12125550100" // owned by team t_east (carol, dave)

	phoneJane = "+14155552671" // c_jane (alice) and l_jane_dup (bob)
	phoneMarc = "+33612345678" // c_marc (carol)
	phoneLena = "+14155550199" // c_lena (team west, active), c_lena_old (bob, inactive)
)

// testClock advances a millisecond per reading so every stored thing has a
// distinct, deterministic time.
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

// countingProvider is a fake crm.Provider: Twilio itself is outside this
// package's tests (backend/twilio tests its wire format).
type countingProvider struct {
	mu    sync.Mutex
	sent  []crm.OutboundSMS
	reply func(n int, m crm.OutboundSMS) (crm.SendResult, error)
}

func (p *countingProvider) Send(ctx context.Context, m crm.OutboundSMS) (crm.SendResult, error) {
	p.mu.Lock()
	p.sent = append(p.sent, m)
	n := len(p.sent)
	reply := p.reply
	p.mu.Unlock()
	if reply != nil {
		return reply(n, m)
	}
	return crm.SendResult{ProviderID: fmt.Sprintf("SM%032d", n), Status: crm.StatusQueued}, nil
}

func (p *countingProvider) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sent)
}

type env struct {
	t     *testing.T
	dir   string
	svc   *Service
	srv   *httptest.Server
	prov  *countingProvider
	clock *testClock
	opens int
}

// dataset reads a testdata file, optionally edited as a generic JSON tree.
func dataset(t testing.TB, name string, edit func(map[string]any)) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return raw
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	edit(tree)
	out, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newEnv opens a Service on a fresh directory seeded with ds, and serves
// its real handler on loopback.
func newEnv(t *testing.T, ds []byte) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), prov: &countingProvider{}, clock: newTestClock()}
	e.open(e.prov)
	if ds != nil {
		if err := e.svc.ImportDataset(ds); err != nil {
			t.Fatalf("import: %v", err)
		}
	}
	return e
}

// open (re)opens the service on e.dir with provider p (nil: none yet).
func (e *env) open(p crm.Provider) {
	e.t.Helper()
	// A new seed per open: a reopened service must not repeat the ids it
	// made before the restart.
	e.opens++
	cfg := Config{Dir: e.dir, Now: e.clock.Now, Rand: rand.NewChaCha8([32]byte{byte(e.opens)}), SendWorkers: 2}
	if p != nil {
		cfg.Provider = p
	}
	svc, err := Open(cfg)
	if err != nil {
		e.t.Fatalf("open: %v", err)
	}
	e.svc = svc
	e.srv = httptest.NewServer(NewServer(svc, ServerConfig{}))
	e.t.Cleanup(e.close)
}

func (e *env) close() {
	if e.srv != nil {
		e.srv.Close()
		e.srv = nil
	}
	if e.svc != nil {
		if err := e.svc.Close(); err != nil {
			e.t.Errorf("close: %v", err)
		}
		e.svc = nil
	}
}

// do calls the REST API and decodes a JSON answer into out (if non-nil).
func (e *env) do(method, path, token string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode
}

// inbound delivers an SMS as a provider would and fails the test on error.
func (e *env) inbound(sid, from, to, body string) {
	e.t.Helper()
	if err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: sid, From: from, To: to, Body: body}); err != nil {
		e.t.Fatalf("inbound %s: %v", sid, err)
	}
}

type convList struct {
	Conversations []conversationJSON `json:"conversations"`
}

// conversations lists what token's user sees over REST.
func (e *env) conversations(token string) []conversationJSON {
	e.t.Helper()
	var out convList
	if st := e.do("GET", "/api/v1/conversations", token, nil, &out); st != 200 {
		e.t.Fatalf("list conversations: %d", st)
	}
	return out.Conversations
}

// conversationOn finds the conversation between business and customer
// that token's user sees.
func (e *env) conversationOn(token, business, customer string) (conversationJSON, bool) {
	for _, c := range e.conversations(token) {
		if c.BusinessNumber == business && c.CustomerNumber == customer {
			return c, true
		}
	}
	return conversationJSON{}, false
}

func (e *env) messages(token, convID string) []crm.Message {
	e.t.Helper()
	var out struct {
		Messages []crm.Message `json:"messages"`
	}
	if st := e.do("GET", "/api/v1/conversations/"+convID+"/messages", token, nil, &out); st != 200 {
		e.t.Fatalf("messages of %s: %d", convID, st)
	}
	return out.Messages
}

func (e *env) notifications(token string) []crm.Notification {
	e.t.Helper()
	var out struct {
		Notifications []crm.Notification `json:"notifications"`
	}
	if st := e.do("GET", "/api/v1/notifications", token, nil, &out); st != 200 {
		e.t.Fatalf("notifications: %d", st)
	}
	return out.Notifications
}

// message reads one message straight from the store.
func (e *env) message(id string) crm.Message {
	e.t.Helper()
	var m crm.Message
	var ok bool
	err := e.svc.db.View(func(tx *bbtx) error {
		var err error
		m, ok, err = getMessage(txKV{tx}, id)
		return err
	})
	if err != nil || !ok {
		e.t.Fatalf("message %s: ok=%v err=%v", id, ok, err)
	}
	return m
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // polling interval, not a wait for an outcome
	}
}

type bbtx = bolt.Tx
