package backend_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
	"smsdesk/sync/hub"
)

var (
	visSeeds = flag.Int("visprop.seeds", 3, "visibility property test: random worlds to try")
	visOps   = flag.Int("visprop.ops", 80, "visibility property test: inbound messages and moves per world")
	visSeed  = flag.Uint64("visprop.seed", 0, "visibility property test: first seed (0: from the clock, logged)")
)

// TestVisibilityProperty: for random organisations, random inbound traffic
// and random moves, every user receives over sync (a real hub and client
// into a localdb cache) and over REST exactly the conversations crm.CanSee
// allows, computed independently from the final state: which record and
// number each conversation ended on (from the committed event stream) and
// the owners the dataset gave them.
func TestVisibilityProperty(t *testing.T) {
	first := *visSeed
	if first == 0 {
		first = uint64(time.Now().UnixNano())
	}
	for i := range *visSeeds {
		seed := first + uint64(i)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Logf("seed %d (rerun with -visprop.seed=%d -visprop.seeds=1)", seed, seed)
			checkVisibility(t, seed, *visOps)
		})
	}
}

// world is a random organisation and the owners it assigns.
type world struct {
	users    []crm.User
	tokens   map[string]string
	numbers  map[string]crm.Owner // E.164 -> owner
	records  map[string]crm.Owner // id -> owner
	recType  map[string]crm.RecordType
	phones   []string // customer phones: the records' and some unknown
	recordID []string
	numList  []string
}

func randomWorld(rng *rand.Rand) (world, []byte) {
	w := world{tokens: map[string]string{}, numbers: map[string]crm.Owner{}, records: map[string]crm.Owner{}, recType: map[string]crm.RecordType{}}
	nTeams, nUsers := 1+rng.IntN(3), 2+rng.IntN(6)
	type obj = map[string]any
	var teams, users, numbers, records []obj
	for i := range nTeams {
		teams = append(teams, obj{"id": fmt.Sprintf("t_%d", i), "name": fmt.Sprintf("T%d", i)})
	}
	owner := func() crm.Owner {
		if rng.IntN(2) == 0 {
			return crm.Owner{Kind: crm.OwnerTeam, ID: fmt.Sprintf("t_%d", rng.IntN(nTeams))}
		}
		return crm.Owner{Kind: crm.OwnerUser, ID: fmt.Sprintf("u_%d", rng.IntN(nUsers))}
	}
	for i := range nUsers {
		var ts []string
		for j := range nTeams {
			if rng.IntN(3) == 0 {
				ts = append(ts, fmt.Sprintf("t_%d", j))
			}
		}
		// About one user in three lacks the seller role (issue 14): they
		// receive no conversation at all, whatever they own.
		roles := []crm.Role{crm.RoleSeller}
		switch rng.IntN(6) {
		case 0:
			roles = []crm.Role{crm.RoleManager}
		case 1:
			roles = []crm.Role{crm.RoleAdmin}
		case 2:
			roles = []crm.Role{crm.RoleSeller, crm.RoleManager}
		}
		u := crm.User{ID: fmt.Sprintf("u_%d", i), Teams: ts, Roles: roles}
		w.users = append(w.users, u)
		w.tokens[u.ID] = fmt.Sprintf("prop-token-%d-0123456789", i)
		users = append(users, obj{"id": u.ID, "name": u.ID, "token": w.tokens[u.ID], "roles": roles, "teams": ts})
	}
	for i := range 2 + rng.IntN(4) {
		n, o := fmt.Sprintf("+1415555%04d", i), owner()
		w.numbers[n] = o
		w.numList = append(w.numList, n)
		numbers = append(numbers, obj{"number": n, "name": "N" + n, "owner": obj{"kind": o.Kind, "id": o.ID}, "type": "geo"})
	}
	for i := range 3 + rng.IntN(8) {
		id, o := fmt.Sprintf("r_%d", i), owner()
		typ := []crm.RecordType{crm.RecordContact, crm.RecordLead}[rng.IntN(2)]
		// Some records share a phone, so routing has to choose.
		phone := fmt.Sprintf("+1650555%04d", rng.IntN(6))
		w.records[id], w.recType[id] = o, typ
		w.recordID = append(w.recordID, id)
		w.phones = append(w.phones, phone)
		records = append(records, obj{"id": id, "type": typ, "name": id, "owner": obj{"kind": o.Kind, "id": o.ID},
			"updated_at": time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC), "phones": obj{"mobile": phone}})
	}
	w.phones = append(w.phones, "+13105550001", "+13105550002") // unknown: new leads
	raw, _ := json.Marshal(obj{"org": obj{"name": "prop"}, "teams": teams, "users": users, "numbers": numbers, "records": records})
	return w, raw
}

func checkVisibility(t *testing.T, seed uint64, ops int) {
	rng := rand.New(rand.NewPCG(seed, 0x715))
	w, raw := randomWorld(rng)
	svc, err := backend.Open(backend.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	if err := svc.ImportDataset(raw); err != nil {
		t.Fatalf("import: %v\n%s", err, raw)
	}

	// The truth, from every committed event: where each conversation is
	// now, and the owners of records made by routing (new leads).
	var mu sync.Mutex
	convAt := map[string]crm.Conversation{}
	recOwner := map[string]crm.Owner{}
	// The last Seq the subscriber has been given, starting from the
	// import's own event: it was committed, and may have been delivered,
	// before this subscription, which only sees what follows.
	seen := svc.LastSeq()
	cancel := svc.Subscribe(func(evs []crm.Event) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range evs {
			seen = max(seen, e.Seq)
			if e.Conversation != nil {
				convAt[e.Conversation.ID] = *e.Conversation
			}
			if e.Record != nil {
				recOwner[e.Record.ID] = e.Record.Owner
			}
		}
	})
	defer cancel()

	srv := backend.NewServer(svc, backend.ServerConfig{})
	wsHub := hub.NewHub(svc, hub.HubConfig{})
	srv.Handle("GET /ws", wsHub)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(func() { _ = wsHub.Close() })

	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { stop(); wg.Wait() })
	caches := map[string]*localdb.DB{}
	for _, u := range w.users {
		db, err := localdb.Open(filepath.Join(t.TempDir(), u.ID+".db"), localdb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		caches[u.ID] = db
		cl := client.NewClient(client.ClientConfig{ServerURL: hs.URL, Token: w.tokens[u.ID], DB: db, Rand: rand.New(rand.NewPCG(seed, 1))})
		wg.Go(func() { _ = cl.Run(ctx) })
	}

	// Batches reach subscribers after their commit, from another
	// goroutine: catchUp waits until the truth has every committed event,
	// so what a move picks from does not depend on timing.
	catchUp := func() {
		last := svc.LastSeq()
		for deadline := time.Now().Add(10 * time.Second); ; {
			mu.Lock()
			caught := seen >= last
			mu.Unlock()
			if caught {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("subscriber stuck before seq %d", last)
			}
			time.Sleep(time.Millisecond) // polling interval
		}
	}
	// everSeller: who held the seller role at some time (their earlier
	// notifications about messages stay theirs).
	everSeller := map[string]bool{}
	for _, u := range w.users {
		everSeller[u.ID] = u.HasRole(crm.RoleSeller)
	}
	for op := range ops {
		catchUp()
		mu.Lock()
		none := len(convAt) == 0
		mu.Unlock()
		if rng.IntN(20) == 0 {
			// An administrator gives or takes the seller role, live.
			i := rng.IntN(len(w.users))
			u := &w.users[i]
			roles := []crm.Role{crm.RoleManager}
			if !u.HasRole(crm.RoleSeller) {
				roles = append(roles, crm.RoleSeller)
			}
			if _, err := svc.SetUserRoles(ctx, propAdmin, u.ID, roles); err != nil {
				t.Fatalf("set roles of %s: %v", u.ID, err)
			}
			u.Roles = roles
			everSeller[u.ID] = everSeller[u.ID] || u.HasRole(crm.RoleSeller)
			continue
		}
		if rng.IntN(4) > 0 || none {
			in := crm.InboundSMS{ProviderID: fmt.Sprintf("SMprop%d_%d", seed, op),
				From: w.phones[rng.IntN(len(w.phones))], To: w.numList[rng.IntN(len(w.numList))], Body: fmt.Sprint("m", op)}
			if err := svc.ReceiveSMS(ctx, in); err != nil {
				t.Fatalf("inbound %+v: %v", in, err)
			}
			continue
		}
		// A move, by a user who can see the conversation, to any record.
		mu.Lock()
		ids := make([]string, 0, len(convAt))
		for id := range convAt {
			ids = append(ids, id)
		}
		mu.Unlock()
		slices.Sort(ids)
		conv := ids[rng.IntN(len(ids))]
		to := w.recordID[rng.IntN(len(w.recordID))]
		u := w.users[rng.IntN(len(w.users))]
		_ = svc.Apply(ctx, u.ID, crm.Command{ID: fmt.Sprintf("cmd_mv_%d", op), Kind: crm.CmdMoveConversation,
			Move: &crm.MoveConversation{ConversationID: conv, To: crm.RecordRef{Type: w.recType[to], ID: to}}})
	}

	catchUp()
	expected := func(u crm.User) []string {
		mu.Lock()
		defer mu.Unlock()
		var ids []string
		for id, c := range convAt {
			ro, ok := w.records[c.Record.ID]
			if !ok {
				ro = recOwner[c.Record.ID]
			}
			if crm.CanSee(u, w.numbers[c.BusinessNumber], ro) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		return ids
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, u := range w.users {
		want := expected(u)
		if got := restConversations(t, hs.URL, w.tokens[u.ID]); !slices.Equal(got, want) {
			t.Errorf("REST: %s (teams %v) sees %v, CanSee allows %v", u.ID, u.Teams, got, want)
		}
		var got []string
		for {
			got = cachedConversations(t, caches[u.ID])
			if slices.Equal(got, want) || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond) // polling interval
		}
		if !slices.Equal(got, want) {
			t.Errorf("sync: %s (teams %v, roles %v) holds %v, CanSee allows %v", u.ID, u.Teams, u.Roles, got, want)
		}
		if !everSeller[u.ID] {
			checkNoSellerNotifications(t, u, caches[u.ID])
		}
	}
}

// propAdmin changes roles in the property test (the service checks the
// actor's role, not that it is stored).
var propAdmin = crm.User{ID: "u_prop_admin", Name: "Admin", Roles: []crm.Role{crm.RoleAdmin}}

// checkNoSellerNotifications: a user who never held the seller role holds
// no notification about a message, and at most one notice saying why.
func checkNoSellerNotifications(t *testing.T, u crm.User, db *localdb.DB) {
	t.Helper()
	ns, err := db.Notifications(1000)
	if err != nil {
		t.Fatal(err)
	}
	notices := 0
	for _, n := range ns {
		switch n.Kind {
		case crm.NotifyInsufficientPrivilege:
			notices++
			if n.ConversationID != "" {
				t.Errorf("%s's privilege notice names conversation %s", u.ID, n.ConversationID)
			}
		case crm.NotifyPrivilegeRevoked:
		default:
			t.Errorf("%s (roles %v) holds a %s notification", u.ID, u.Roles, n.Kind)
		}
	}
	if notices > 1 {
		t.Errorf("%s holds %d privilege notices, want at most one", u.ID, notices)
	}
}

func restConversations(t *testing.T, base, token string) []string {
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/conversations", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Conversations []struct {
			ID string `json:"id"`
		} `json:"conversations"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list.Conversations {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

func cachedConversations(t *testing.T, db *localdb.DB) []string {
	rows, err := db.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}
