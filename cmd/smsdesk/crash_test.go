package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

var (
	crashOps   = flag.Int("crash.ops", 300, "crash test: operations (inbound webhooks, sends, client kills, link cuts)")
	crashKills = flag.Int("crash.kills", 3, "crash test: SIGKILLs of the server")
	crashSeed  = flag.Uint64("crash.seed", 0, "crash test: seed (0: from the clock, logged)")
	crashUsers = flag.Int("crash.users", 6, "crash test: users (sync clients), over 2 teams")
)

// crashRun is the state of one crash test: what was acknowledged to whom,
// so that the settled system can be checked against it.
type crashRun struct {
	t       *testing.T
	rng     *rand.Rand
	seed    uint64
	ds      genDataset
	srv     *serverProc
	fake    *twiliotest.Server
	poster  twiliotest.Poster
	clients []*crashClient
	public  string

	mu       sync.Mutex
	inAcked  map[string]string // inbound sid -> body, answered 200
	inFailed map[string]url.Values
	sends    map[string]string // command id -> body, enqueued
	statusOK map[string]string // provider sid -> final status the server took
	nextIn   uint64
	inflight sync.WaitGroup
	inSlots  chan struct{}

	kills     int // server kills so far
	heldKills int // kills that landed with a send accepted by the fake and its answer held
	heldSIDs  []string
}

// TestCrash drives inbound webhooks and sends through the real server
// process while SIGKILLing it, killing clients between a write and its ack
// and cutting links; then checks that nothing was lost, duplicated or shown
// to the wrong user. docs/reliability.md has the long-run command.
func TestCrash(t *testing.T) {
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("crash test seed %d (rerun with -crash.seed=%d), %d ops, %d kills", seed, seed, *crashOps, *crashKills)
	r := newCrashRun(t, seed)
	r.drive(*crashOps, *crashKills)
	r.settle()
	r.check()
}

func newCrashRun(t *testing.T, seed uint64) *crashRun {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	addr := freeAddr(t)
	r := &crashRun{
		t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 0x5eed)),
		ds:       genDataset{Users: *crashUsers, Teams: 2, AdminToken: crashAdminToken},
		public:   "http://" + addr,
		inAcked:  map[string]string{},
		inFailed: map[string]url.Values{},
		sends:    map[string]string{},
		statusOK: map[string]string{},
		inSlots:  make(chan struct{}, 4),
	}
	raw, err := r.ds.JSON()
	if err != nil {
		t.Fatal(err)
	}
	dsPath := filepath.Join(dir, "dataset.json")
	if err := os.WriteFile(dsPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	r.fake = twiliotest.New(twiliotest.Config{HTTP: &http.Client{Timeout: 5 * time.Second}})
	t.Cleanup(r.fake.Close)
	r.poster = twiliotest.Poster{AuthToken: r.fake.AuthToken(), HTTP: &http.Client{Timeout: 10 * time.Second}}
	r.srv = &serverProc{t: t, base: r.public, admin: crashAdminToken, log: &syncBuffer{}, args: []string{bin, "serve",
		"--addr", addr, "--data", filepath.Join(dir, "data"), "--dataset", dsPath,
		"--provider", "twilio", "--public-url", r.public,
		"--twilio-account-sid", r.fake.AccountSID(), "--twilio-auth-token", r.fake.AuthToken(),
		"--twilio-api-base", r.fake.URL}}
	t.Cleanup(func() {
		r.srv.kill()
		if t.Failed() {
			t.Logf("server output (tail):\n%s", tail(r.srv.log.String(), 6000))
		}
	})
	r.srv.start()
	for i := range r.ds.Users {
		c := &crashClient{t: t, user: r.ds.user(i), base: r.public, path: filepath.Join(dir, fmt.Sprintf("cache-%d.db", i)),
			rng: rand.New(rand.NewPCG(seed, uint64(i)))}
		c.start()
		t.Cleanup(c.stop)
		r.clients = append(r.clients, c)
	}
	return r
}

// drive runs ops random operations with kills server kills at random ops.
func (r *crashRun) drive(ops, kills int) {
	killAt := map[int]bool{}
	for len(killAt) < min(kills, ops) {
		killAt[r.rng.IntN(ops)] = true
	}
	restoreAt := map[int][]func(){} // op -> what to undo then (restart a client, restore a link)
	for op := range ops {
		for _, f := range restoreAt[op] {
			f()
		}
		if killAt[op] {
			r.killServer()
		}
		c := r.clients[r.rng.IntN(len(r.clients))]
		switch p := r.rng.IntN(100); {
		case p < 45:
			r.inbound(c.user)
		case p < 80:
			r.send(c)
		case p < 85:
			// The client dies right after the command is written to its
			// outbox, before (or while) it is sent and acknowledged.
			if _, cl := c.client(); cl != nil {
				r.send(c)
				c.stop()
				later := op + 1 + r.rng.IntN(10)
				restoreAt[later] = append(restoreAt[later], c.start)
			}
		case p < 90:
			if _, cl := c.client(); cl != nil {
				cl.SetOffline(true)
				later := op + 1 + r.rng.IntN(5)
				restoreAt[later] = append(restoreAt[later], func() {
					if _, cl := c.client(); cl != nil {
						cl.SetOffline(false)
					}
				})
			}
		case p < 95:
			r.redeliverInbound()
		default:
			r.pumpStatuses()
		}
	}
	for op, fs := range restoreAt {
		if op >= ops {
			for _, f := range fs {
				f()
			}
		}
	}
	r.inflight.Wait()
}

// killServer SIGKILLs the server, lets a few webhooks fail against the
// dead port, and starts it again on the same data directory.
//
// Every other kill (the first, third, ...) is meant to land while a send
// is at the provider with its answer held: Twilio took the message, the
// server never heard back. After the restart the server must find it (the
// Twilio client's lookup) rather than send it again. The kill waits for the
// fake to say it has accepted the send and holds its answer; only such
// kills are counted in heldKills. One whose send did not get there in
// time (every client down) kills anyway and is not counted.
func (r *crashRun) killServer() {
	r.kills++
	if r.kills%2 == 1 {
		r.killWithAnswerHeld()
	}
	r.srv.kill()
	for range r.rng.IntN(4) {
		r.inbound(r.ds.user(r.rng.IntN(r.ds.Users)))
	}
	r.inflight.Wait()
	r.srv.start()
	for _, c := range r.clients {
		if _, cl := c.client(); cl != nil {
			cl.SetOffline(false) // reconnect now rather than after the backoff
		}
	}
}

// killWithAnswerHeld sends through a running client with the fake's next
// answer held, waits until the fake has accepted that send, and kills the
// server then.
func (r *crashRun) killWithAnswerHeld() {
	var c *crashClient
	for _, i := range r.rng.Perm(len(r.clients)) {
		if _, cl := r.clients[i].client(); cl != nil {
			c = r.clients[i]
			break
		}
	}
	if c == nil {
		r.t.Logf("kill %d: no client running to send through; killed without a held answer", r.kills)
		return
	}
	_, cl := c.client()
	cl.SetOffline(false)
	hold := r.fake.HoldNextAnswer()
	defer hold.Release() // after the kill: the fake's handler then ends
	r.send(c)
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	select {
	case snd := <-hold.Arrived:
		r.srv.kill()
		r.heldKills++
		r.heldSIDs = append(r.heldSIDs, snd.SID)
	case <-timeout.C:
		r.t.Logf("kill %d: the send did not reach the fake within 10 s; killed without a held answer", r.kills)
	}
}

// inbound posts one signed webhook from a customer of u's (or an unknown
// number) to one of the organisation's numbers, concurrently with the rest.
func (r *crashRun) inbound(u genUser) {
	r.mu.Lock()
	r.nextIn++
	n := r.nextIn
	r.mu.Unlock()
	from := []string{u.OwnPhone, u.TeamPhone, fmt.Sprintf("+1707555%04d", r.rng.IntN(10000))}[r.rng.IntN(3)]
	to := []string{u.Number, u.TeamNumber, r.ds.user(r.rng.IntN(r.ds.Users)).Number}[r.rng.IntN(3)]
	sid := twiliotest.InboundSID(r.seed%1_000_000*1_000_000 + n)
	params := twiliotest.InboundParams(r.fake.AccountSID(), sid, from, to, fmt.Sprintf("in %d (%s)", n, sid))
	r.postInbound(sid, params)
}

func (r *crashRun) postInbound(sid string, params url.Values) {
	r.inSlots <- struct{}{}
	r.inflight.Add(1)
	go func() {
		defer func() { <-r.inSlots; r.inflight.Done() }()
		resp, err := r.poster.Post(context.Background(), r.public+twilio.InboundPath, r.public+twilio.InboundPath, params)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err == nil && resp.Status == http.StatusOK {
			r.inAcked[sid] = params.Get("Body")
			delete(r.inFailed, sid)
			return
		}
		if _, ok := r.inAcked[sid]; !ok {
			r.inFailed[sid] = params
		}
	}()
}

// redeliverInbound posts an already answered webhook again, as Twilio does
// when it did not see the answer: it must not be stored twice.
func (r *crashRun) redeliverInbound() {
	r.mu.Lock()
	sids := make([]string, 0, len(r.inAcked))
	for sid := range r.inAcked {
		sids = append(sids, sid)
	}
	r.mu.Unlock()
	if len(sids) == 0 {
		return
	}
	slices.Sort(sids)
	sid := sids[r.rng.IntN(len(sids))]
	r.mu.Lock()
	body := r.inAcked[sid]
	r.mu.Unlock()
	// The original from/to are not kept; Twilio's retry is the same
	// request, but the dedup key is the sid, so any numbers do.
	u := r.ds.user(0)
	r.postInbound(sid, twiliotest.InboundParams(r.fake.AccountSID(), sid, u.OwnPhone, u.Number, body))
}

// send enqueues a send on c's send-only thread and flushes it.
func (r *crashRun) send(c *crashClient) {
	db, cl := c.client()
	if db == nil {
		return
	}
	r.mu.Lock()
	id := fmt.Sprintf("cmd_crash_%d_%d", r.seed%1_000_000, len(r.sends))
	body := "out " + id
	r.mu.Unlock()
	u := c.user
	cmd := crm.Command{ID: id, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_send_" + u.ID, Record: crm.RecordRef{Type: crm.RecordLead, ID: u.SendRecord},
		From: u.Number, To: u.SendPhone, Body: body}}
	if err := db.Enqueue(cmd); err != nil {
		r.t.Fatalf("enqueue: %v", err)
	}
	r.mu.Lock()
	r.sends[id] = body
	r.mu.Unlock()
	cl.Flush()
}

// finalStatus is the status the fake Twilio reports for a send: mostly
// delivered, one in eight failed (30003), decided by the sid so a rerun with
// the same seed does the same.
func finalStatus(sid string) (string, string) {
	h := fnv.New32a()
	h.Write([]byte(sid))
	if h.Sum32()%8 == 0 {
		return "failed", "30003"
	}
	return "delivered", ""
}

// pumpStatuses posts, for every send the fake accepted, "sent" and then its
// final status, until the server answers 200 to the final one.
func (r *crashRun) pumpStatuses() {
	for _, s := range r.fake.Sends() {
		r.mu.Lock()
		_, done := r.statusOK[s.SID]
		r.mu.Unlock()
		if done {
			continue
		}
		st, code := finalStatus(s.SID)
		if _, err := r.fake.SendStatus(context.Background(), s.SID, "sent", ""); err != nil {
			continue
		}
		resp, err := r.fake.SendStatus(context.Background(), s.SID, st, code)
		if err == nil && resp.Status == http.StatusOK {
			r.mu.Lock()
			r.statusOK[s.SID] = st
			r.mu.Unlock()
		}
	}
}

// settle brings every client back, redelivers what was never answered and
// waits (with deadlines) until the server has sent everything, every status
// is in, and every cache agrees with REST.
func (r *crashRun) settle() {
	t := r.t
	for _, c := range r.clients {
		if db, _ := c.client(); db == nil {
			c.start()
		} else if _, cl := c.client(); cl != nil {
			cl.SetOffline(false)
		}
	}
	waitFor(t, 30*time.Second, "every inbound answered 200", func() (bool, string) {
		r.inflight.Wait()
		r.mu.Lock()
		failed := make(map[string]url.Values, len(r.inFailed))
		for k, v := range r.inFailed {
			failed[k] = v
		}
		r.mu.Unlock()
		for sid, p := range failed {
			r.postInbound(sid, p)
		}
		r.inflight.Wait()
		return len(failed) == 0, fmt.Sprintf("%d unanswered", len(failed))
	})
	waitFor(t, 60*time.Second, "every send at the provider with a final status", func() (bool, string) {
		r.pumpStatuses()
		seen := map[string]bool{}
		for _, s := range r.fake.Sends() {
			seen[midOf(s.StatusCallback)] = true
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		missing := 0
		for id := range r.sends {
			if !seen[id] {
				missing++
			}
		}
		unposted := r.fake.SendCount() - len(r.statusOK)
		return missing == 0 && unposted == 0, fmt.Sprintf("%d sends not at the provider, %d without a final status", missing, unposted)
	})
	waitFor(t, 30*time.Second, "server idle", func() (bool, string) {
		h, err := r.srv.health()
		return err == nil && h.PendingSends == 0, fmt.Sprintf("%+v %v", h, err)
	})
	waitFor(t, 60*time.Second, "every cache equal to REST", func() (bool, string) {
		for _, c := range r.clients {
			want, err := r.srv.view(c.user.Token)
			if err != nil {
				return false, err.Error()
			}
			got, queued, err := c.view()
			if err != nil {
				return false, err.Error()
			}
			if queued > 0 {
				return false, fmt.Sprintf("%s: %d commands still queued", c.user.ID, queued)
			}
			if d := diffViews(want, got); d != "" {
				return false, c.user.ID + ": " + d
			}
		}
		return true, ""
	})
}

func midOf(callback string) string {
	u, err := url.Parse(callback)
	if err != nil {
		return ""
	}
	return u.Query().Get("mid")
}

// check compares the settled system with what was acknowledged.
func (r *crashRun) check() {
	t := r.t
	views := map[string]restView{}
	union := restView{convs: map[string]restConv{}, msgs: map[string]crm.Message{}}
	for _, c := range r.clients {
		v, err := r.srv.view(c.user.Token)
		if err != nil {
			t.Fatal(err)
		}
		views[c.user.ID] = v
		for k, cv := range v.convs {
			union.convs[k] = cv
		}
		for k, m := range v.msgs {
			union.msgs[k] = m
		}
	}

	// Every inbound answered 200 is stored exactly once.
	bySID := map[string][]crm.Message{}
	for _, m := range union.msgs {
		if m.Direction == crm.Inbound {
			bySID[m.ProviderID] = append(bySID[m.ProviderID], m)
		}
	}
	for sid, body := range r.inAcked {
		switch ms := bySID[sid]; {
		case len(ms) != 1:
			t.Errorf("inbound %s answered 200 is stored %d times", sid, len(ms))
		case ms[0].Body != body:
			t.Errorf("inbound %s stored with body %q, want %q", sid, ms[0].Body, body)
		}
	}
	if len(bySID) != len(r.inAcked) {
		t.Errorf("server holds %d inbound messages, %d were acknowledged", len(bySID), len(r.inAcked))
	}

	// Every send reached the provider exactly once, with its final status.
	atProvider := map[string]int{}
	for _, s := range r.fake.Sends() {
		atProvider[midOf(s.StatusCallback)]++
	}
	for id, body := range r.sends {
		if n := atProvider[id]; n != 1 {
			t.Errorf("send %s reached the provider %d times", id, n)
		}
		m, ok := union.msgs[id]
		if !ok {
			t.Errorf("send %s is not on the server", id)
			continue
		}
		want, _ := finalStatus(m.ProviderID)
		if m.Body != body || string(m.Status) != want {
			t.Errorf("send %s: body %q status %s (provider id %s), want %q %s", id, m.Body, m.Status, m.ProviderID, body, want)
		}
	}
	for mid, n := range atProvider {
		if _, ok := r.sends[mid]; !ok {
			t.Errorf("provider got %d sends of unknown message %q", n, mid)
		}
	}

	// Each send whose answer was held at a kill was taken by the fake, so
	// the restarted server must have found it there (recorded under the
	// fake's sid) rather than sent it again (checked above).
	outByProvider := map[string]string{}
	for id, m := range union.msgs {
		if m.Direction == crm.Outbound {
			outByProvider[m.ProviderID] = id
		}
	}
	for _, sid := range r.heldSIDs {
		if _, ok := outByProvider[sid]; !ok {
			t.Errorf("send %s, accepted by the fake with its answer held at a kill, is not recorded under its sid", sid)
		}
	}
	if r.kills > 0 && r.heldKills == 0 {
		t.Errorf("none of the %d kills landed with an accepted send's answer held", r.kills)
	}

	// Each user sees (over REST, and in the cache: settle compared them)
	// exactly the conversations crm.CanSee allows.
	numOwner := map[string]crm.Owner{}
	recOwner := map[string]crm.Owner{}
	for i := range r.ds.Users {
		u := r.ds.user(i)
		numOwner[u.Number] = crm.Owner{Kind: crm.OwnerUser, ID: u.ID}
		numOwner[u.TeamNumber] = crm.Owner{Kind: crm.OwnerTeam, ID: u.Team}
		recOwner[u.OwnRecord] = crm.Owner{Kind: crm.OwnerUser, ID: u.ID}
		recOwner[u.SendRecord] = crm.Owner{Kind: crm.OwnerUser, ID: u.ID}
		recOwner[u.TeamRecord] = crm.Owner{Kind: crm.OwnerTeam, ID: u.Team}
	}
	db, _ := r.clients[0].client()
	for id, cv := range union.convs {
		ro, ok := recOwner[cv.Record.ID]
		if !ok { // a new lead made by routing: records are public, any cache has it
			rec, found, err := db.Record(cv.Record.ID)
			if err != nil || !found {
				t.Errorf("conversation %s: record %s not in the cache (%v)", id, cv.Record.ID, err)
				continue
			}
			ro = rec.Owner
		}
		no, ok := numOwner[cv.BusinessNumber]
		if !ok {
			t.Errorf("conversation %s on unknown number %s", id, cv.BusinessNumber)
		}
		for _, c := range r.clients {
			u := crm.User{ID: c.user.ID, Teams: []string{c.user.Team}, Roles: []crm.Role{crm.RoleSeller}} // every generated user sells
			_, sees := views[u.ID].convs[id]
			if allowed := crm.CanSee(u, no, ro); sees != allowed {
				t.Errorf("user %s sees conversation %s (number %s %v, record %s %v): %v, CanSee says %v",
					u.ID, id, cv.BusinessNumber, no, cv.Record.ID, ro, sees, allowed)
			}
		}
	}
	t.Logf("settled: %d inbound acknowledged, %d sends, %d conversations, %d server starts, %d provider requests",
		len(r.inAcked), len(r.sends), len(union.convs), r.srv.runs, r.fake.Requests())
	t.Logf("kills with an answer held: %d of %d kills landed while the fake Twilio held the answer to a send it had accepted",
		r.heldKills, r.kills)
}
