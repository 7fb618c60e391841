package backend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
	"smsdesk/sync/hub"
)

// These tests run administration against the real stack: the backend on a
// real bbolt file, the REST handler and the sync hub on loopback, and real
// sync clients writing real localdb cache files.

const (
	liveRoot  = "root-token-0123456789"
	liveAlice = "alice-token-0123456789"
	liveBob   = "bob-token-0123456789"
	liveCarol = "carol-token-0123456789"
	liveDave  = "dave-token-0123456789"
	numAlice  = "+14155550100" // u_alice's
	numWest   = "+14155550101" // team t_west (alice, bob)
	phoneMarc = "+33612345678" // c_marc, owned by u_carol
)

type liveStack struct {
	t   *testing.T
	svc *backend.Service
	hub *hub.Hub
	srv *httptest.Server
}

// newLiveStack seeds testdata/base.json plus an admin, mounts the hub on
// the REST server and wires token revocation to the hub, as serve does.
func newLiveStack(t *testing.T) *liveStack {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	tree["users"] = append(tree["users"].([]any), map[string]any{"id": "u_root", "name": "Root", "token": liveRoot, "roles": []any{"admin"}})
	ds, _ := json.Marshal(tree)
	svc, err := backend.Open(backend.Config{Dir: t.TempDir(), Rand: rand.NewChaCha8([32]byte{9})})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ImportDataset(ds); err != nil {
		t.Fatal(err)
	}
	wsHub := hub.NewHub(svc, hub.HubConfig{})
	stop := svc.OnTokenRevoked(func(uid string) { wsHub.DisconnectUser(uid) })
	rest := backend.NewServer(svc, backend.ServerConfig{})
	rest.Handle("GET /ws", wsHub)
	srv := httptest.NewServer(rest)
	t.Cleanup(func() {
		stop()
		srv.Close()
		wsHub.Close()
		svc.Close()
	})
	return &liveStack{t: t, svc: svc, hub: wsHub, srv: srv}
}

// call is a REST call that must succeed.
func (s *liveStack) call(method, path, token string, body any) int {
	s.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

type liveClient struct {
	db     *localdb.DB
	c      *client.Client
	cancel context.CancelFunc
	done   chan error
}

func (s *liveStack) client(token string) *liveClient {
	s.t.Helper()
	db, err := localdb.Open(filepath.Join(s.t.TempDir(), "cache.db"), localdb.Options{})
	if err != nil {
		s.t.Fatal(err)
	}
	c := client.NewClient(client.ClientConfig{ServerURL: s.srv.URL, Token: token, DB: db})
	ctx, cancel := context.WithCancel(context.Background())
	lc := &liveClient{db: db, c: c, cancel: cancel, done: make(chan error, 1)}
	go func() { lc.done <- c.Run(ctx) }()
	s.t.Cleanup(func() {
		cancel()
		<-lc.done
		db.Close()
	})
	return lc
}

// has reports whether the cache holds conversation id with n messages.
func (c *liveClient) has(id string, n int) bool {
	_, ok, err := c.db.Conversation(id)
	if err != nil || !ok {
		return false
	}
	got, err := c.db.MessageCount(id)
	return err == nil && got == n
}

func (c *liveClient) lacks(id string) bool {
	_, ok, err := c.db.Conversation(id)
	return err == nil && !ok
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// conversationWith finds the id of the conversation on business with customer.
func (s *liveStack) conversationWith(userID, business, customer string) string {
	s.t.Helper()
	snap, err := s.svc.Snapshot(context.Background(), userID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, c := range snap.Conversations {
		if c.BusinessNumber == business && c.CustomerNumber == customer {
			return c.ID
		}
	}
	s.t.Fatalf("%s sees no conversation %s–%s", userID, business, customer)
	return ""
}

func TestLiveNumberReassignedToTeamMovesConversations(t *testing.T) {
	s := newLiveStack(t)
	// Marc writes to Alice's own number: the conversation lands on his
	// contact (carol's), so alice (number) and carol (record) see it.
	for i := range 3 {
		if err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMlive%d", i), From: phoneMarc, To: numAlice, Body: fmt.Sprintf("hello %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	conv := s.conversationWith("u_alice", numAlice, phoneMarc)
	alice, bob, carol, dave := s.client(liveAlice), s.client(liveBob), s.client(liveCarol), s.client(liveDave)
	waitUntil(t, "alice and carol hold the conversation", func() bool { return alice.has(conv, 3) && carol.has(conv, 3) })
	waitUntil(t, "bob and dave synced without it", func() bool {
		_, okB, _ := bob.db.Me()
		_, okD, _ := dave.db.Me()
		return okB && okD && bob.lacks(conv) && dave.lacks(conv)
	})

	// Dave becomes a seller (he had no conversation to gain yet), then
	// Alice's number goes to team East (carol, dave).
	if st := s.call("PUT", "/api/v1/admin/users/u_dave/roles", liveRoot, map[string]any{"roles": []crm.Role{crm.RoleSeller, crm.RoleManager}}); st != 200 {
		t.Fatalf("roles: %d", st)
	}
	if st := s.call("PUT", "/api/v1/admin/numbers/"+numAlice+"/owner", liveRoot, map[string]any{"owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}}); st != 200 {
		t.Fatalf("reassign: %d", st)
	}
	waitUntil(t, "dave gains the conversation with its history", func() bool { return dave.has(conv, 3) })
	waitUntil(t, "alice loses it", func() bool { return alice.lacks(conv) })
	waitUntil(t, "everyone sees the new owner", func() bool {
		nums, err := bob.db.Numbers()
		if err != nil {
			return false
		}
		for _, n := range nums {
			if n.Number == numAlice {
				return n.Owner == crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}
			}
		}
		return false
	})
	if !carol.has(conv, 3) || !bob.lacks(conv) {
		t.Fatal("carol (record owner) lost it or bob (not concerned) gained it")
	}

	// Bob joins team East: he gains it too; leaving West loses him the
	// West desk threads (none here) without touching carol's.
	if st := s.call("PUT", "/api/v1/admin/users/u_bob/teams", liveRoot, map[string]any{"teams": []string{"t_east"}}); st != 200 {
		t.Fatalf("teams: %d", st)
	}
	waitUntil(t, "bob gains it by joining the team", func() bool { return bob.has(conv, 3) })

	// A new message reaches the new audience live.
	if err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMlive9", From: phoneMarc, To: numAlice, Body: "still there?"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the new message reaches bob, carol and dave", func() bool {
		return bob.has(conv, 4) && carol.has(conv, 4) && dave.has(conv, 4)
	})
	if !alice.lacks(conv) {
		t.Fatal("alice got the conversation back")
	}

	// Turning notifications off reaches every cache (the TUI hides its bell).
	if st := s.call("PUT", "/api/v1/admin/settings/notifications", liveRoot, map[string]any{"enabled": false}); st != 200 {
		t.Fatalf("notifications off: %d", st)
	}
	waitUntil(t, "every cache sees notifications off", func() bool {
		for _, c := range []*liveClient{alice, bob, carol, dave} {
			org, err := c.db.Org()
			if err != nil || org.InAppNotifications {
				return false
			}
		}
		return true
	})
}

func TestLiveRevokedTokenClosesWebsocket(t *testing.T) {
	s := newLiveStack(t)
	bob := s.client(liveBob)
	waitUntil(t, "bob connected", func() bool { return s.hub.Connections("u_bob") == 1 })
	waitUntil(t, "bob synced", func() bool { _, ok, _ := bob.db.Me(); return ok })
	if st := s.call("DELETE", "/api/v1/admin/users/u_bob/token", liveRoot, nil); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	if st := s.call("GET", "/api/v1/me", liveBob, nil); st != http.StatusUnauthorized {
		t.Fatalf("REST after revoke: %d", st)
	}
	// The hook closed the socket, and the client cannot come back with
	// the revoked token.
	waitUntil(t, "bob's websocket closed", func() bool { return s.hub.Connections("u_bob") == 0 })
	if st := s.call("GET", "/ws", liveBob, nil); st != http.StatusUnauthorized {
		t.Fatalf("websocket upgrade with a revoked token: %d", st)
	}
}

// numberOwner is the owner of number in c's cache.
func (c *liveClient) numberOwner(number string) crm.Owner {
	nums, err := c.db.Numbers()
	if err != nil {
		return crm.Owner{}
	}
	for _, n := range nums {
		if n.Number == number {
			return n.Owner
		}
	}
	return crm.Owner{}
}

// TestLiveSetNumberOwnerCommand is the TUI's path: a manager's
// set_number_owner command goes through the outbox and the websocket; a
// seller's is refused and changes nothing.
func TestLiveSetNumberOwnerCommand(t *testing.T) {
	s := newLiveStack(t)
	alice, dave := s.client(liveAlice), s.client(liveDave)
	west := crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"}
	waitUntil(t, "both synced", func() bool { return alice.numberOwner(numWest) == west && dave.numberOwner(numWest) == west })
	seq := s.svc.LastSeq()

	east := crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}
	cmd := func(id string) crm.Command {
		return crm.Command{ID: id, Kind: crm.CmdSetNumberOwner, NumberOwner: &crm.SetNumberOwner{Number: numWest, Owner: east}}
	}
	if err := alice.db.Enqueue(cmd("cmd_live_seller")); err != nil {
		t.Fatal(err)
	}
	alice.c.Flush()
	waitUntil(t, "the seller's command answered", func() bool { n, err := alice.db.OutboxLen(); return err == nil && n == 0 })
	if s.svc.LastSeq() != seq || alice.numberOwner(numWest) != west {
		t.Fatal("a seller's set_number_owner changed something")
	}

	if err := dave.db.Enqueue(cmd("cmd_live_manager")); err != nil {
		t.Fatal(err)
	}
	dave.c.Flush()
	waitUntil(t, "every cache sees the manager's change", func() bool {
		return alice.numberOwner(numWest) == east && dave.numberOwner(numWest) == east
	})
}
