package hub

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

var (
	hostileSeed = flag.Uint64("hostile.seed", 0, "hostile id test: seed (0: from the clock, logged)")
	hostileOps  = flag.Int("hostile.ops", 300, "hostile id test: commands the attacker sends")
)

// TestHostileIDsChangeNothingOthersMayNotSee (issue 13): Bob, a seller of
// team west (not a manager: what he may change is only what crm.CanSee
// lets him see), sends random commands of every kind over the real websocket and REST,
// with ids made from what leaks (other teams' conversation, message,
// record, template, work item and notification ids) plus NUL and junk,
// prefixes, extensions, oversize, unicode, slashes and control bytes.
// Afterwards, for every other seller, the REST conversation list and a
// fresh sync (a new client into a new cache) hold exactly the
// conversations crm.CanSee allows over the final state (taken from the
// committed event stream, owners from the dataset), and every
// conversation Bob may not see reads exactly as before the attack, over
// REST and sync; so do their work items and notifications.
func TestHostileIDsChangeNothingOthersMayNotSee(t *testing.T) {
	seed := *hostileSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -hostile.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x1d5))

	fx := loadFixture(t)
	srv := newTestServer(t,
		withHubConfig(HubConfig{CommandRate: 1e6, CommandBurst: 1 << 20}),
		withHandler("/api/", func(svc *backend.Service) http.Handler { return backend.NewServer(svc, backend.ServerConfig{}) }))
	svc := srv.service()

	// Every conversation and its latest state: the union of what each
	// user sees now, then every committed event.
	var mu sync.Mutex
	truth := map[string]crm.Conversation{}
	seen := svc.LastSeq()
	cancel := svc.Subscribe(func(evs []crm.Event) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range evs {
			seen = max(seen, e.Seq)
			if e.Conversation != nil {
				truth[e.Conversation.ID] = *e.Conversation
			}
		}
	})
	defer cancel()
	victims := []string{"u_alice", "u_carol", "u_dave"}
	before := map[string]sellerView{}
	leaked := map[string][]string{} // kind → ids the attacker learnt
	for _, id := range append(slices.Clone(victims), "u_bob") {
		snap, err := svc.Snapshot(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		for _, c := range snap.Conversations {
			if _, ok := truth[c.ID]; !ok {
				truth[c.ID] = c
			}
		}
		mu.Unlock()
		if id == "u_bob" {
			continue
		}
		before[id] = restView(t, srv, fx.tokens[id])
		leaked["conversation"] = append(leaked["conversation"], before[id].convs...)
		for _, h := range before[id].hist {
			for _, m := range h {
				leaked["message"] = append(leaked["message"], strings.SplitN(m, "|", 2)[0])
			}
		}
		for _, w := range snap.WorkItems {
			leaked["work_item"] = append(leaked["work_item"], w.ID)
		}
		for _, n := range snap.Notifications {
			leaked["notification"] = append(leaked["notification"], n.ID)
		}
		for _, tp := range snap.Templates {
			leaked["template"] = append(leaked["template"], tp.ID)
		}
		before[id] = withEntities(before[id], snap)
	}
	leaked["record"] = slices.Sorted(mapKeys(fx.recordOwner))
	leaked["user"] = slices.Sorted(mapKeys(fx.tokens))
	bobSees := func(c crm.Conversation) bool {
		return crm.CanSee(fx.users["u_bob"], fx.numberOwner[c.BusinessNumber], fx.recordOwner[c.Record.ID])
	}

	atk := &attacker{t: t, srv: srv, token: fx.tokens["u_bob"]}
	kinds := map[string]int{}
	for op := range *hostileOps {
		cmd := randomHostileCommand(rng, leaked, op)
		overREST := rng.IntN(3) == 0
		outcome := "sync"
		if overREST {
			outcome = "rest"
			atk.rest(rng, cmd)
		} else if !atk.command(cmd) {
			outcome = "sync-refused-frame"
		}
		kinds[string(cmd.Kind)+"/"+outcome]++
	}
	t.Logf("attack: %v", kinds)

	// Wait until the truth holds every committed event.
	waitFor(t, "the subscriber to catch up", 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return seen >= svc.LastSeq()
	})
	mu.Lock()
	final := maps2slice(truth)
	mu.Unlock()

	for _, id := range victims {
		u := fx.users[id]
		var want []string
		for _, c := range final {
			if crm.CanSee(u, fx.numberOwner[c.BusinessNumber], fx.recordOwner[c.Record.ID]) {
				want = append(want, c.ID)
			}
		}
		slices.Sort(want)
		snap, err := svc.Snapshot(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		after := withEntities(restView(t, srv, fx.tokens[id]), snap)
		if !slices.Equal(after.convs, want) {
			t.Errorf("REST: %s sees %v, CanSee allows %v", id, after.convs, want)
		}
		for _, c := range final {
			if bobSees(c) || !slices.Contains(before[id].convs, c.ID) {
				continue
			}
			if !slices.Equal(after.hist[c.ID], before[id].hist[c.ID]) {
				t.Errorf("REST: %s's history of %s, which Bob may not see, changed:\nbefore %q\nafter  %q", id, c.ID, before[id].hist[c.ID], after.hist[c.ID])
			}
		}
		if !slices.Equal(after.work, before[id].work) || !slices.Equal(after.notes, before[id].notes) {
			t.Errorf("%s's work items or notifications changed:\nbefore %q %q\nafter  %q %q", id, before[id].work, before[id].notes, after.work, after.notes)
		}

		// A fresh sync: a new client into a new cache.
		tc := newTestClient(t, srv, fx.tokens[id], "")
		var got sellerView
		ok := waitUntil(10*time.Second, func() bool {
			got = cacheView(t, tc)
			return slices.Equal(got.convs, after.convs) && mapsEqual(got.hist, after.hist)
		})
		if !ok {
			t.Errorf("sync: %s's fresh cache holds %v %v, REST %v %v", id, got.convs, got.hist, after.convs, after.hist)
		}
		tc.close()
	}
}

// fixture is what sync/testdata/base.json gives each user, number and
// record: the inputs of crm.CanSee, read independently of the server.
type fixture struct {
	users       map[string]crm.User
	tokens      map[string]string
	numberOwner map[string]crm.Owner
	recordOwner map[string]crm.Owner
}

func loadFixture(t *testing.T) fixture {
	raw, err := os.ReadFile(filepath.Join("testdata", "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		Users []struct {
			ID    string     `json:"id"`
			Token string     `json:"token"`
			Teams []string   `json:"teams"`
			Roles []crm.Role `json:"roles"` // the seller role is part of crm.CanSee
		} `json:"users"`
		Numbers []struct {
			Number string    `json:"number"`
			Owner  crm.Owner `json:"owner"`
		} `json:"numbers"`
		Records []struct {
			ID    string    `json:"id"`
			Owner crm.Owner `json:"owner"`
		} `json:"records"`
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	fx := fixture{users: map[string]crm.User{}, tokens: map[string]string{}, numberOwner: map[string]crm.Owner{}, recordOwner: map[string]crm.Owner{}}
	for _, u := range ds.Users {
		fx.users[u.ID], fx.tokens[u.ID] = crm.User{ID: u.ID, Teams: u.Teams, Roles: u.Roles}, u.Token
	}
	for _, n := range ds.Numbers {
		fx.numberOwner[n.Number] = n.Owner
	}
	for _, r := range ds.Records {
		fx.recordOwner[r.ID] = r.Owner
	}
	return fx
}

// sellerView is what one seller reads: conversation ids, each
// conversation's history as "id|direction|body|author", and their work
// items and notifications as "id|done".
type sellerView struct {
	convs       []string
	hist        map[string][]string
	work, notes []string
}

func withEntities(v sellerView, snap crm.Snapshot) sellerView {
	v.work, v.notes = nil, nil
	for _, w := range snap.WorkItems {
		v.work = append(v.work, fmt.Sprintf("%s|%v", w.ID, w.CompletedAt != nil))
	}
	for _, n := range snap.Notifications {
		v.notes = append(v.notes, fmt.Sprintf("%s|%v", n.ID, n.ReadAt != nil))
	}
	slices.Sort(v.work)
	slices.Sort(v.notes)
	return v
}

func msgLine(m crm.Message) string {
	return m.ID + "|" + string(m.Direction) + "|" + m.Body + "|" + m.Author
}

func restGet(t *testing.T, srv *testServer, token, path string, out any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.url()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func restView(t *testing.T, srv *testServer, token string) sellerView {
	t.Helper()
	var list struct {
		Conversations []struct {
			ID string `json:"id"`
		} `json:"conversations"`
	}
	restGet(t, srv, token, "/api/v1/conversations", &list)
	v := sellerView{hist: map[string][]string{}}
	for _, c := range list.Conversations {
		v.convs = append(v.convs, c.ID)
		var page struct {
			Messages []crm.Message `json:"messages"`
		}
		restGet(t, srv, token, "/api/v1/conversations/"+url.PathEscape(c.ID)+"/messages?limit=5000", &page)
		for _, m := range page.Messages {
			v.hist[c.ID] = append(v.hist[c.ID], msgLine(m))
		}
		slices.Sort(v.hist[c.ID])
	}
	slices.Sort(v.convs)
	return v
}

func cacheView(t *testing.T, tc *testClient) sellerView {
	rows, err := tc.db.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	v := sellerView{hist: map[string][]string{}}
	for _, r := range rows {
		v.convs = append(v.convs, r.ID)
		msgs, err := tc.db.LastMessages(r.ID, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			v.hist[r.ID] = append(v.hist[r.ID], msgLine(m))
		}
		slices.Sort(v.hist[r.ID])
	}
	slices.Sort(v.convs)
	return v
}

// hostileID draws an id from what leaked, made hostile.
func hostileID(rng *rand.Rand, pool []string) string {
	base := "x"
	if len(pool) > 0 {
		base = pool[rng.IntN(len(pool))]
	}
	junk := []string{"zz", "", "\x00", "\x01", "a\x00b", "é", "\u202e", "/..", "\n"}[rng.IntN(9)]
	switch rng.IntN(12) {
	case 0:
		return base // itself: valid, but not Bob's
	case 1:
		return base + "\x00" + junk
	case 2:
		return base + "\x01" + junk
	case 3:
		return base[:rng.IntN(len(base)+1)] // a prefix (possibly empty)
	case 4:
		return base + "_" + fmt.Sprint(rng.IntN(100)) // a valid extension: a new id
	case 5:
		return strings.Repeat(base, 1+crm.MaxIDLen/max(len(base), 1)) // oversize
	case 6:
		return base + "é"
	case 7:
		return "../" + base
	case 8:
		return " " + base
	case 9:
		return base + "\n"
	case 10:
		return strings.ToUpper(base)
	default:
		return base + "/messages"
	}
}

// randomHostileCommand builds a command of any kind whose ids are hostile;
// its own id is a fresh valid one most of the time (so the command gets to
// the checks of the ids it carries), hostile otherwise.
func randomHostileCommand(rng *rand.Rand, leaked map[string][]string, op int) crm.Command {
	id := fmt.Sprintf("cmd_atk_%d", op)
	if rng.IntN(4) == 0 {
		id = hostileID(rng, append(slices.Clone(leaked["message"]), leaked["conversation"]...))
	}
	hid := func(kind string) string { return hostileID(rng, leaked[kind]) }
	kinds := []crm.CommandKind{crm.CmdSendMessage, crm.CmdMoveConversation, crm.CmdMarkRead, crm.CmdMarkNotificationRead,
		crm.CmdCreateTemplate, crm.CmdCompleteWorkItem, crm.CmdSetNumberOwner}
	cmd := crm.Command{ID: id, Kind: kinds[rng.IntN(len(kinds))]}
	switch cmd.Kind {
	case crm.CmdSendMessage:
		// Bob's own record and team number, to a customer number of its
		// own (a new thread, under the hostile conversation id, rather
		// than joining the first one): only the ids are hostile.
		cmd.Send = &crm.SendMessage{ConversationID: hid("conversation"), Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_lena_old"},
			From: numWest, To: fmt.Sprintf("+1415555%04d", 3000+op), Body: "hostile " + fmt.Sprint(op)}
		if rng.IntN(3) == 0 {
			cmd.Send.Record = crm.RecordRef{ID: hid("record")}
		}
		if rng.IntN(4) == 0 {
			cmd.Send.WorkItemID = hid("work_item")
		}
	case crm.CmdMoveConversation:
		cmd.Move = &crm.MoveConversation{ConversationID: hid("conversation"), To: crm.RecordRef{ID: hid("record")}}
	case crm.CmdMarkRead:
		cmd.ConversationID = hid("conversation")
	case crm.CmdMarkNotificationRead:
		cmd.NotificationID = hid("notification")
	case crm.CmdCreateTemplate:
		cmd.Template = &crm.Template{ID: hid("template"), Name: fmt.Sprint("Hostile ", op), Category: crm.RecordContact, Body: "hi"}
	case crm.CmdCompleteWorkItem:
		cmd.WorkItemID = hid("work_item")
	case crm.CmdSetNumberOwner:
		cmd.NumberOwner = &crm.SetNumberOwner{Number: numWest, Owner: crm.Owner{Kind: crm.OwnerUser, ID: hid("user")}}
	}
	return cmd
}

// attacker speaks raw frames to the hub, as any client could, and REST.
type attacker struct {
	t     *testing.T
	srv   *testServer
	token string
	ws    *websocket.Conn
}

// command sends cmd and waits for its ack (true) or the error frame a
// frame the decoder refuses gets (false). A closed connection is redialled.
func (a *attacker) command(cmd crm.Command) bool {
	a.t.Helper()
	for attempt := 0; attempt < 3; attempt++ {
		if a.ws == nil {
			ws, _, err := rawDial(a.t, wsAddr(a.srv), bearer(a.token))
			if err != nil {
				a.t.Fatal(err)
			}
			a.ws = ws
			writeFrame(a.t, ws, wire.Frame{Type: wire.TypeHello})
		}
		b, err := wire.EncodeFrame(wire.Frame{Type: wire.TypeCommand, Command: &cmd})
		if err != nil {
			a.t.Fatal(err)
		}
		if err := a.ws.WriteMessage(websocket.TextMessage, b); err != nil {
			a.ws.Close()
			a.ws = nil
			continue
		}
		_ = a.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, data, err := a.ws.ReadMessage()
			if err != nil {
				a.ws.Close()
				a.ws = nil
				break
			}
			f, err := wire.DecodeFrame(data)
			if err != nil {
				a.t.Fatalf("server sent a bad frame %s: %v", data, err)
			}
			if f.Type == wire.TypeAck && f.Result.ID == cmd.ID {
				return true
			}
			if f.Type == wire.TypeError && f.Error.Code != wire.ErrCodeRateLimited {
				return false
			}
		}
	}
	a.t.Fatalf("command %q: no answer after 3 connections", cmd.ID)
	return false
}

// rest sends what REST can express of cmd: a send, a move or a mark read
// on the hostile conversation id, in the path.
func (a *attacker) rest(rng *rand.Rand, cmd crm.Command) {
	a.t.Helper()
	conv := cmd.ConversationID
	if cmd.Send != nil {
		conv = cmd.Send.ConversationID
	}
	if cmd.Move != nil {
		conv = cmd.Move.ConversationID
	}
	path := "/api/v1/conversations/" + url.PathEscape(conv)
	var body any
	switch rng.IntN(4) {
	case 0:
		path += "/messages"
		body = map[string]any{"id": cmd.ID, "body": "hostile over REST"}
	case 1:
		path += "/move"
		body = map[string]any{"id": cmd.ID, "to": map[string]any{"id": "c_lena_old"}}
	case 2:
		path += "/read"
	default:
		path += "/messages?after=" + url.QueryEscape(cmd.ID)
		req, _ := http.NewRequest(http.MethodGet, a.srv.url()+path, nil)
		req.Header.Set("Authorization", "Bearer "+a.token)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
		return
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, a.srv.url()+path, strings.NewReader(string(raw)))
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		a.t.Errorf("POST %s: %d", path, resp.StatusCode)
	}
}

func waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond) // polling interval
	}
	return true
}

func mapsEqual(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func maps2slice(m map[string]crm.Conversation) []crm.Conversation {
	out := make([]crm.Conversation, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	return out
}
