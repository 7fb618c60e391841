package main

// `smsdesk loadtest`: hold N connected sync clients (the real client path:
// client.Client into a localdb bbolt cache each), post signed inbound
// webhooks at a steady rate plus some sends, and report webhook-to-client
// latency, throughput, errors and the server's memory, beside a bare
// websocket echo round trip measured in the same run. docs/reliability.md
// has the commands and the latest figures.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// genDataset is a synthetic organisation for the load tool and the crash
// test: users spread over teams, one direct number per user and one per
// team, and per user a contact it owns, a contact its team owns and a lead
// it owns that only ever receives sends (so sends never meet an
// inbound-created thread on the same pair of numbers).
type genDataset struct {
	Users, Teams int
	// AdminToken, if set, adds an administrator (u_admin, no team, no
	// number) with this token: what reads /healthz's counts needs one.
	AdminToken string
}

type genUser struct {
	ID, Token, Team string
	Number          string // direct business number
	TeamNumber      string
	OwnPhone        string // customer phone of the contact the user owns
	TeamPhone       string // customer phone of the contact the user's team owns
	SendPhone       string // customer phone of the send-only lead
	OwnRecord       string
	TeamRecord      string
	SendRecord      string
}

// user describes user i; the numbers are fictional 555 numbers that
// libphonenumber accepts (the example dataset uses the same ranges).
func (g genDataset) user(i int) genUser {
	t := i % g.Teams
	return genUser{
		ID:         fmt.Sprintf("u_%04d", i),
		Token:      fmt.Sprintf("loadtest-token-%04d-0123456789", i),
		Team:       fmt.Sprintf("t_%d", t),
		Number:     fmt.Sprintf("+1415555%04d", i),
		TeamNumber: fmt.Sprintf("+1212555%04d", t),
		OwnPhone:   fmt.Sprintf("+1650555%04d", i),
		TeamPhone:  fmt.Sprintf("+1310555%04d", i),
		SendPhone:  fmt.Sprintf("+1408555%04d", i),
		OwnRecord:  fmt.Sprintf("c_own_%04d", i),
		TeamRecord: fmt.Sprintf("c_team_%04d", i),
		SendRecord: fmt.Sprintf("l_send_%04d", i),
	}
}

// JSON renders the dataset in the format of docs/dataset.md.
func (g genDataset) JSON() ([]byte, error) {
	if g.Users < 1 || g.Users > 9999 || g.Teams < 1 || g.Teams > g.Users {
		return nil, fmt.Errorf("dataset: want 1..9999 users and 1..users teams, got %d users %d teams", g.Users, g.Teams)
	}
	type owner struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	}
	type obj = map[string]any
	ds := obj{"org": obj{"name": "Load test", "in_app_notifications": true}}
	var teams, users, numbers, records []obj
	for t := range g.Teams {
		id := fmt.Sprintf("t_%d", t)
		teams = append(teams, obj{"id": id, "name": "Team " + fmt.Sprint(t)})
		numbers = append(numbers, obj{"number": g.user(t).TeamNumber, "name": "Desk " + fmt.Sprint(t),
			"owner": owner{"team", id}, "type": "geo"})
	}
	for i := range g.Users {
		u := g.user(i)
		users = append(users, obj{"id": u.ID, "name": "Seller " + fmt.Sprint(i), "first_name": "Seller",
			"last_name": fmt.Sprint(i), "token": u.Token, "roles": []string{"seller"}, "teams": []string{u.Team}, "language": "en"})
		numbers = append(numbers, obj{"number": u.Number, "name": "Direct " + fmt.Sprint(i),
			"owner": owner{"user", u.ID}, "type": "geo"})
		records = append(records,
			obj{"id": u.OwnRecord, "type": "contact", "name": "Customer " + fmt.Sprint(i), "owner": owner{"user", u.ID},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.OwnPhone}},
			obj{"id": u.TeamRecord, "type": "contact", "name": "Team customer " + fmt.Sprint(i), "owner": owner{"team", u.Team},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.TeamPhone}},
			obj{"id": u.SendRecord, "type": "lead", "name": "Prospect " + fmt.Sprint(i), "owner": owner{"user", u.ID},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.SendPhone}})
	}
	if g.AdminToken != "" {
		users = append(users, obj{"id": "u_admin", "name": "Administrator", "token": g.AdminToken,
			"roles": []string{"admin"}, "language": "en"})
	}
	ds["teams"], ds["users"], ds["numbers"], ds["records"] = teams, users, numbers, records
	return json.MarshalIndent(ds, "", " ")
}

// loadConfig is `smsdesk loadtest`'s flags.
type loadConfig struct {
	Server, PublicURL, AuthToken, AccountSID string
	Dataset, GenDataset, CacheDir            string
	PprofAddr, ServerEnv                     string
	Users, Clients, Rate, SendRate, Pid      int
	ConnectBatch                             int
	Duration                                 time.Duration
	Spawn                                    bool
}

func parseLoadFlags(env Env, args []string) (loadConfig, error) {
	var c loadConfig
	fs := flag.NewFlagSet("smsdesk loadtest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&c.Server, "server", "", "server base URL (http://host:port)")
	fs.StringVar(&c.PublicURL, "public-url", "", "the server's --public-url (webhooks are signed against it); default --server")
	fs.StringVar(&c.AuthToken, "auth-token", "", "the server's Twilio auth token (signs the webhooks)")
	fs.StringVar(&c.AccountSID, "account-sid", twiliotest.TestAccountSID, "AccountSid put in the webhooks")
	fs.StringVar(&c.Dataset, "dataset", "", "the dataset the server was seeded with: its users are the clients")
	fs.StringVar(&c.GenDataset, "gen-dataset", "", "write a dataset of --users users to this file and exit")
	fs.IntVar(&c.Users, "users", 1000, "users in a generated dataset (--gen-dataset, --spawn)")
	fs.IntVar(&c.Clients, "clients", 100, "connected sync clients (users reused cyclically)")
	fs.IntVar(&c.Rate, "rate", 100, "inbound webhooks per second")
	fs.IntVar(&c.SendRate, "send-rate", 0, "sends per second through the clients' outboxes (default rate/20)")
	fs.DurationVar(&c.Duration, "duration", 10*time.Second, "how long to post")
	fs.IntVar(&c.ConnectBatch, "connect-batch", 50, "clients connecting at once (each wave online before the next); 0: all at once")
	fs.IntVar(&c.Pid, "server-pid", 0, "server process id, to report its RSS from /proc")
	fs.StringVar(&c.CacheDir, "cache-dir", "", "where the clients' bbolt caches go (default /dev/shm when present: the server's disk is what is measured)")
	fs.StringVar(&c.PprofAddr, "pprof-addr", "", "with --spawn: the spawned server's --pprof-addr, to profile it under the load")
	fs.StringVar(&c.ServerEnv, "server-env", "", "with --spawn: extra environment of the spawned server, KEY=VALUE[,KEY=VALUE] (e.g. GOGC=200), to try the Go runtime's settings on the server alone")
	fs.BoolVar(&c.Spawn, "spawn", false, "start `smsdesk serve` itself (this binary, --provider twilio against an in-process fake Twilio, a generated dataset of --users users) and measure it")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.GenDataset != "" || c.Spawn {
		return c, nil
	}
	switch {
	case c.Server == "":
		return c, errors.New("--server is required (or --spawn)")
	case c.AuthToken == "":
		return c, errors.New("--auth-token is required: webhooks must be signed with the server's Twilio auth token")
	case c.Dataset == "":
		return c, errors.New("--dataset is required: its users are the clients")
	case c.Clients < 1 || c.Rate < 1 || c.Duration <= 0:
		return c, errors.New("--clients, --rate and --duration must be positive")
	}
	if c.PublicURL == "" {
		c.PublicURL = c.Server
	}
	return c, nil
}

func runLoadtest(ctx context.Context, env Env, args []string) int {
	cfg, err := parseLoadFlags(env, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "smsdesk loadtest: %v\n", err)
		return 2
	}
	if cfg.GenDataset != "" {
		raw, err := genDataset{Users: cfg.Users, Teams: max(2, cfg.Users/50)}.JSON()
		if err == nil {
			err = os.WriteFile(cfg.GenDataset, raw, 0o600)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "smsdesk loadtest: %v\n", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "wrote %s: %d users\n", cfg.GenDataset, cfg.Users)
		return 0
	}
	if cfg.Spawn {
		stop, err := spawnServer(ctx, &cfg, env.Stderr)
		if err != nil {
			fmt.Fprintf(env.Stderr, "smsdesk loadtest: %v\n", err)
			return 1
		}
		defer stop()
	}
	rep, err := loadtest(ctx, cfg, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "smsdesk loadtest: %v\n", err)
		return 1
	}
	rep.print(env.Stdout, cfg)
	if rep.errors() > 0 {
		return 1
	}
	return 0
}

// loadTarget is one user's thread of the load: inbound webhooks come from
// Phone to Number (both owned by the user alone, so only that user's
// clients receive them), sends go to SendPhone on SendRecord.
type loadTarget struct {
	User, Token                 string
	Phone, Number               string
	SendRecord, SendPhone, Conv string
}

// loadTargets reads a dataset (docs/dataset.md) and picks, per user, a
// number and a contact the user owns directly; users without both still
// connect but receive no load.
func loadTargets(path string) ([]loadTarget, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read dataset: %w", err)
	}
	type owner struct{ Kind, ID string }
	var ds struct {
		Users []struct {
			ID, Token string
		}
		Numbers []struct {
			Number string
			Owner  owner
		}
		Records []struct {
			ID, Type string
			Owner    owner
			Phones   map[string]string
		}
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		return nil, fmt.Errorf("dataset %s: %w", path, err)
	}
	number := map[string]string{}
	for _, n := range ds.Numbers {
		if n.Owner.Kind == "user" && number[n.Owner.ID] == "" {
			number[n.Owner.ID] = n.Number
		}
	}
	type rec struct{ id, phone string }
	recs := map[string][]rec{}
	for _, r := range ds.Records {
		if r.Owner.Kind != "user" {
			continue
		}
		keys := slices.Sorted(maps.Keys(r.Phones))
		if len(keys) > 0 {
			recs[r.Owner.ID] = append(recs[r.Owner.ID], rec{r.ID, r.Phones[keys[0]]})
		}
	}
	var out []loadTarget
	for _, u := range ds.Users {
		t := loadTarget{User: u.ID, Token: u.Token, Number: number[u.ID]}
		if rs := recs[u.ID]; len(rs) > 0 && t.Number != "" {
			t.Phone = rs[0].phone
			if len(rs) > 1 { // a second record of the user's: its own thread for sends
				t.SendRecord, t.SendPhone, t.Conv = rs[1].id, rs[1].phone, "cv_load_"+u.ID
			}
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("dataset %s has no users", path)
	}
	return out, nil
}

// loadClient is one connected client and what it has seen.
type loadClient struct {
	target *loadTarget
	db     *localdb.DB
	cl     *client.Client
	online atomic.Bool
	drops  atomic.Int64 // times it left StateOnline during the load
	seen   map[int]bool // inbound load sequence numbers applied in its cache
}

// loadRun is the shared state of one run.
type loadRun struct {
	cfg     loadConfig
	postAt  []atomic.Int64 // unix nanos when inbound n was posted (0: not yet)
	expect  []int32        // deliveries inbound n should get (clients of its user)
	mu      sync.Mutex
	lat     []time.Duration // webhook POST to cache, one per delivery
	got     atomic.Int64
	postErr atomic.Int64
	status  map[int]int
	postLat []time.Duration
	sends   atomic.Int64
}

type loadReport struct {
	clients, posted, expected, delivered int
	postErrors, drops                    int64
	status                               map[int]int
	elapsed                              time.Duration
	lat, postLat, echo                   []time.Duration
	sends, sendsQueued                   int
	rss                                  string
	load                                 string
	firstSync                            time.Duration // all clients' first sync, before the load
	syncPeak                             string        // the server's peak RSS up to the end of the first sync
}

func (r loadReport) errors() int {
	return int(r.postErrors) + (r.expected - r.delivered) + int(r.drops) + r.sendsQueued
}

// loadtest runs the load against cfg.Server.
func loadtest(ctx context.Context, cfg loadConfig, logw io.Writer) (loadReport, error) {
	targets, err := loadTargets(cfg.Dataset)
	if err != nil {
		return loadReport{}, err
	}
	if cfg.SendRate == 0 {
		cfg.SendRate = max(cfg.Rate/20, 1)
	}
	if cfg.ConnectBatch <= 0 {
		cfg.ConnectBatch = cfg.Clients
	}
	dir := cfg.CacheDir
	if dir == "" {
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			dir = "/dev/shm"
		}
	}
	dir, err = os.MkdirTemp(dir, "smsdesk-loadtest-")
	if err != nil {
		return loadReport{}, fmt.Errorf("cache directory: %w", err)
	}
	defer os.RemoveAll(dir)

	total := int(cfg.Duration.Seconds() * float64(cfg.Rate))
	run := &loadRun{cfg: cfg, postAt: make([]atomic.Int64, total), expect: make([]int32, total), status: map[int]int{}}
	clientsOf := map[string][]*loadClient{}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var clients []*loadClient
	// One cleanup, in order: stop the clients, wait for them, then close
	// their caches.
	defer func() {
		cancel()
		wg.Wait()
		for _, c := range clients {
			_ = c.db.Close()
		}
	}()
	for i := range cfg.Clients {
		t := &targets[i%len(targets)]
		db, err := localdb.Open(filepath.Join(dir, fmt.Sprintf("c%05d.db", i)), localdb.Options{})
		if err != nil {
			return loadReport{}, err
		}
		c := &loadClient{target: t, db: db, seen: map[int]bool{},
			cl: client.NewClient(client.ClientConfig{ServerURL: cfg.Server, Token: t.Token, DB: db})}
		clients = append(clients, c)
		clientsOf[t.User] = append(clientsOf[t.User], c)
		changes, _ := db.Subscribe() // closed by db.Close
		wg.Go(func() { run.watch(ctx, c, changes) })
	}
	// Clients connect in waves of ConnectBatch, each wave online before the
	// next: a thousand first syncs at once each carry the whole directory
	// (every user, record and number), and on this machine the herd does
	// not converge (docs/reliability.md).
	fmt.Fprintf(logw, "loadtest: %d clients connecting (%d users) in waves of %d, caches in %s\n",
		len(clients), min(len(targets), cfg.Clients), cfg.ConnectBatch, dir)
	syncStart := time.Now()
	for lo := 0; lo < len(clients); lo += cfg.ConnectBatch {
		wave := clients[lo:min(lo+cfg.ConnectBatch, len(clients))]
		for _, c := range wave {
			wg.Go(func() { _ = c.cl.Run(ctx) })
		}
		if err := waitOnline(ctx, clients[:lo+len(wave)], 120*time.Second, logw); err != nil {
			return loadReport{}, err
		}
	}
	firstSync := time.Since(syncStart)
	for _, c := range clients {
		c.drops.Store(0)
	}

	// Inbound n goes to the nth loaded target, round robin.
	var loaded []*loadTarget
	for i := range targets {
		if targets[i].Phone != "" && len(clientsOf[targets[i].User]) > 0 {
			loaded = append(loaded, &targets[i])
		}
	}
	if len(loaded) == 0 {
		return loadReport{}, errors.New("no connected user owns both a number and a contact with a phone")
	}
	poster := twiliotest.Poster{AuthToken: cfg.AuthToken}
	signURL := strings.TrimSuffix(cfg.PublicURL, "/") + twilio.InboundPath
	reqs := make([]twiliotest.Prepared, total)
	for n := range total {
		t := loaded[n%len(loaded)]
		run.expect[n] = int32(len(clientsOf[t.User]))
		reqs[n] = poster.Prepare(signURL, twiliotest.InboundParams(cfg.AccountSID, twiliotest.InboundSID(uint64(time.Now().UnixNano())+uint64(n)),
			t.Phone, t.Number, fmt.Sprintf("lt %d: load test message", n)))
	}
	fmt.Fprintf(logw, "loadtest: %d clients online; posting %d webhooks at %d/s for %s, sends at %d/s\n",
		len(clients), total, cfg.Rate, cfg.Duration, cfg.SendRate)

	echo, stopEcho, err := startEcho(ctx)
	if err != nil {
		return loadReport{}, err
	}
	defer stopEcho()
	rss := newRSSSampler(cfg.Pid)
	// The first sync has its own peak; measure the load's apart from it.
	syncPeak := rss.resetPeak()
	start := time.Now()
	load := loadAvg()
	wg.Go(func() { run.sendLoop(ctx, clients, start) })
	wg.Go(func() { rss.run(ctx) })
	echoDone := make(chan []time.Duration, 1)
	go func() { echoDone <- echo.measure(ctx, cfg.Duration) }()
	run.post(ctx, strings.TrimSuffix(cfg.Server, "/")+twilio.InboundPath, reqs, start)
	elapsed := time.Since(start)
	load = loadAvg()
	echoLat := <-echoDone

	// Let the last deliveries land.
	var want int64
	for _, e := range run.expect {
		want += int64(e)
	}
	deadline := time.Now().Add(15 * time.Second)
	for run.got.Load() < want && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond) // polling interval
	}
	queued := 0
	deadline = time.Now().Add(15 * time.Second)
	for {
		queued = 0
		for _, c := range clients {
			n, _ := c.db.OutboxLen()
			queued += n
		}
		if queued == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(10 * time.Millisecond) // polling interval
	}
	cancel()
	rep := loadReport{clients: len(clients), posted: total, expected: int(want), delivered: int(run.got.Load()),
		postErrors: run.postErr.Load(), elapsed: elapsed, echo: echoLat, sends: int(run.sends.Load()), sendsQueued: queued,
		rss: rss.String(), load: load, firstSync: firstSync, syncPeak: syncPeak}
	for _, c := range clients {
		rep.drops += c.drops.Load()
	}
	run.mu.Lock()
	rep.lat, rep.postLat, rep.status = run.lat, run.postLat, run.status
	run.mu.Unlock()
	return rep, nil
}

// waitOnline waits until every client has caught up (StateOnline).
func waitOnline(ctx context.Context, clients []*loadClient, d time.Duration, logw io.Writer) error {
	deadline := time.Now().Add(d)
	next := time.Now().Add(10 * time.Second)
	for {
		n := 0
		for _, c := range clients {
			if c.online.Load() {
				n++
			}
		}
		if n == len(clients) {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d clients online after %s", n, len(clients), d)
		}
		if time.Now().After(next) {
			fmt.Fprintf(logw, "loadtest: %d of %d clients online\n", n, len(clients))
			next = next.Add(10 * time.Second)
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
}

// watch follows one client's status and cache changes: each load message
// newly in the cache is one delivery, timed from its POST.
func (run *loadRun) watch(ctx context.Context, c *loadClient, changes <-chan localdb.Change) {
	status := c.cl.Status()
	for {
		select {
		case <-ctx.Done():
			return
		case st := <-status:
			was := c.online.Swap(st.State == client.StateOnline)
			if was && st.State != client.StateOnline {
				c.drops.Add(1)
			}
		case ch, ok := <-changes:
			if !ok {
				return
			}
			now := time.Now()
			for _, conv := range ch.Conversations {
				msgs, err := c.db.LastMessages(conv, 16)
				if err != nil {
					continue
				}
				for _, m := range msgs {
					n, ok := loadSeq(m.Body)
					if !ok || n >= len(run.postAt) || c.seen[n] {
						continue
					}
					at := run.postAt[n].Load()
					if at == 0 {
						continue
					}
					c.seen[n] = true
					run.got.Add(1)
					run.mu.Lock()
					run.lat = append(run.lat, now.Sub(time.Unix(0, at)))
					run.mu.Unlock()
				}
			}
		}
	}
}

func loadSeq(body string) (int, bool) {
	rest, ok := strings.CutPrefix(body, "lt ")
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, ":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil && n >= 0
}

// post sends reqs at a steady rate from start: request n is due at
// start + n/rate. A pool of keep-alive connections does the posting, so a
// slow answer delays neither the schedule nor the other requests (a late
// request is posted at once and counts its lateness in its latency).
func (run *loadRun) post(ctx context.Context, target string, reqs []twiliotest.Prepared, start time.Time) {
	hc := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
	poster := twiliotest.Poster{HTTP: hc}
	jobs := make(chan int, 1024)
	var wg sync.WaitGroup
	for range 128 {
		wg.Go(func() {
			for n := range jobs {
				t0 := time.Now()
				run.postAt[n].Store(t0.UnixNano())
				resp, err := poster.PostPrepared(ctx, target, reqs[n])
				d := time.Since(t0)
				run.mu.Lock()
				run.postLat = append(run.postLat, d)
				if err != nil {
					run.status[-1]++
				} else {
					run.status[resp.Status]++
				}
				run.mu.Unlock()
				if err != nil || resp.Status != http.StatusOK {
					run.postErr.Add(1)
				}
			}
		})
	}
	interval := time.Second / time.Duration(run.cfg.Rate)
	for n := range reqs {
		if d := time.Until(start.Add(time.Duration(n) * interval)); d > 0 {
			time.Sleep(d) // pacing the schedule, not waiting for a condition
		}
		if ctx.Err() != nil {
			break
		}
		jobs <- n
	}
	close(jobs)
	wg.Wait()
}

// sendLoop enqueues sends on the loaded clients' own threads, round robin,
// at SendRate until the duration is over.
func (run *loadRun) sendLoop(ctx context.Context, clients []*loadClient, start time.Time) {
	var senders []*loadClient
	for _, c := range clients {
		if c.target.SendRecord != "" {
			senders = append(senders, c)
		}
	}
	if len(senders) == 0 || run.cfg.SendRate <= 0 {
		return
	}
	interval := time.Second / time.Duration(run.cfg.SendRate)
	for n := 0; ; n++ {
		due := start.Add(time.Duration(n) * interval)
		if due.Sub(start) >= run.cfg.Duration || ctx.Err() != nil {
			return
		}
		time.Sleep(time.Until(due)) // pacing
		c := senders[n%len(senders)]
		t := c.target
		cmd := crm.Command{ID: fmt.Sprintf("cmd_lt_%d_%d", start.UnixNano(), n), Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
			ConversationID: t.Conv + fmt.Sprintf("_%d", start.UnixNano()), Record: crm.RecordRef{ID: t.SendRecord},
			From: t.Number, To: t.SendPhone, Body: fmt.Sprintf("load test send %d", n)}}
		if err := c.db.Enqueue(cmd); err == nil {
			run.sends.Add(1)
			c.cl.Flush()
		}
	}
}

// echoBench is a bare gorilla/websocket echo on loopback, started in this
// process: the floor any websocket latency sits on, on this machine, now.
type echoBench struct {
	url string
}

func startEcho(ctx context.Context) (*echoBench, func(), error) {
	up := websocket.Upgrader{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			mt, b, err := c.ReadMessage()
			if err != nil || c.WriteMessage(mt, b) != nil {
				return
			}
		}
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("echo server: %w", err)
	}
	go func() { _ = srv.Serve(ln) }()
	return &echoBench{url: "ws://" + ln.Addr().String() + "/"}, func() { _ = srv.Close() }, nil
}

// measure sends a 200-byte message every 10 ms for d and times each round
// trip.
func (e *echoBench) measure(ctx context.Context, d time.Duration) []time.Duration {
	c, _, err := websocket.DefaultDialer.DialContext(ctx, e.url, nil)
	if err != nil {
		return nil
	}
	defer c.Close()
	msg := []byte(strings.Repeat("x", 200))
	var out []time.Duration
	end := time.Now().Add(d)
	for time.Now().Before(end) && ctx.Err() == nil {
		t0 := time.Now()
		if c.WriteMessage(websocket.TextMessage, msg) != nil {
			return out
		}
		if _, _, err := c.ReadMessage(); err != nil {
			return out
		}
		out = append(out, time.Since(t0))
		time.Sleep(10 * time.Millisecond) // sampling interval
	}
	return out
}

// rssSampler reads the server's resident memory from /proc once a second
// (Linux): current and peak (VmHWM) at the end.
type rssSampler struct {
	pid  int
	max  atomic.Int64 // kB
	last atomic.Int64
	// The split of the peak sample: the process's own memory (RssAnon) and
	// pages of mapped files (RssFile: bbolt's store, which the kernel can
	// drop and read again).
	maxAnon, maxFile atomic.Int64
}

func newRSSSampler(pid int) *rssSampler { return &rssSampler{pid: pid} }

func (s *rssSampler) run(ctx context.Context) {
	if s.pid == 0 {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		if kb, ok := procStatusKB(s.pid, "VmRSS:"); ok {
			s.last.Store(kb)
			if kb > s.max.Load() {
				s.max.Store(kb)
				anon, _ := procStatusKB(s.pid, "RssAnon:")
				file, _ := procStatusKB(s.pid, "RssFile:")
				s.maxAnon.Store(anon)
				s.maxFile.Store(file)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// resetPeak returns the peak RSS so far (VmHWM) and resets it (Linux:
// writing 5 to clear_refs), so the next peak is the load's own.
func (s *rssSampler) resetPeak() string {
	if s.pid == 0 {
		return "not measured"
	}
	hwm, _ := procStatusKB(s.pid, "VmHWM:")
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.pid), []byte("5"), 0)
	return fmt.Sprintf("%.0f MB (VmHWM)", float64(hwm)/1024)
}

func (s *rssSampler) String() string {
	if s.pid == 0 {
		return "not measured (give --server-pid, or --spawn)"
	}
	hwm, _ := procStatusKB(s.pid, "VmHWM:")
	return fmt.Sprintf("RSS of pid %d from /proc during the load: peak sampled %.0f MB (anonymous %.0f MB, mapped files %.0f MB), peak (VmHWM since the first sync) %.0f MB, last %.0f MB",
		s.pid, float64(s.max.Load())/1024, float64(s.maxAnon.Load())/1024, float64(s.maxFile.Load())/1024, float64(hwm)/1024, float64(s.last.Load())/1024)
}

func procStatusKB(pid int, field string) (int64, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}

func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(sorted)))
	return sorted[min(i, len(sorted)-1)]
}

func latLine(name string, d []time.Duration) string {
	slices.Sort(d)
	ms := func(x time.Duration) string { return fmt.Sprintf("%.2f ms", float64(x)/float64(time.Millisecond)) }
	return fmt.Sprintf("%-28s n=%-7d p50 %s  p99 %s  p99.9 %s  max %s", name, len(d),
		ms(percentile(d, 50)), ms(percentile(d, 99)), ms(percentile(d, 99.9)), ms(percentile(d, 100)))
}

func (r loadReport) print(w io.Writer, cfg loadConfig) {
	fmt.Fprintf(w, "smsdesk loadtest: %d clients, %d webhooks/s target, %s, %d CPUs, load average %s (at the end of posting)\n",
		r.clients, cfg.Rate, cfg.Duration, runtime.NumCPU(), r.load)
	fmt.Fprintf(w, "first sync of all clients (before the load): %.1f s; server peak RSS until then: %s\n", r.firstSync.Seconds(), r.syncPeak)
	fmt.Fprintf(w, "throughput: %d webhooks posted in %.1f s = %.0f/s; %d deliveries to caches of %d expected\n",
		r.posted, r.elapsed.Seconds(), float64(r.posted)/r.elapsed.Seconds(), r.delivered, r.expected)
	fmt.Fprintf(w, "webhook answers: %v; errors: %d webhook, %d undelivered, %d client disconnects, %d sends still queued of %d\n",
		r.status, r.postErrors, r.expected-r.delivered, r.drops, r.sendsQueued, r.sends)
	fmt.Fprintln(w, latLine("webhook -> client cache", r.lat))
	fmt.Fprintln(w, latLine("webhook POST answer", r.postLat))
	fmt.Fprintln(w, latLine("bare websocket echo 200 B", r.echo))
	fmt.Fprintf(w, "server memory: %s\n", r.rss)
}

// spawnServer starts this binary's `serve` with --provider twilio against
// an in-process fake Twilio, on a generated dataset in a temporary data
// directory, and points cfg at it.
func spawnServer(ctx context.Context, cfg *loadConfig, logw io.Writer) (func(), error) {
	dir, err := os.MkdirTemp("", "smsdesk-loadtest-server-")
	if err != nil {
		return nil, err
	}
	fake := twiliotest.New(twiliotest.Config{})
	cleanup := func() { fake.Close(); _ = os.RemoveAll(dir) }
	raw, err := genDataset{Users: cfg.Users, Teams: max(2, cfg.Users/50)}.JSON()
	if err != nil {
		cleanup()
		return nil, err
	}
	cfg.Dataset = filepath.Join(dir, "dataset.json")
	if err := os.WriteFile(cfg.Dataset, raw, 0o600); err != nil {
		cleanup()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cleanup()
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		cleanup()
		return nil, err
	}
	cfg.Server, cfg.PublicURL, cfg.AuthToken, cfg.AccountSID = "http://"+addr, "http://"+addr, fake.AuthToken(), fake.AccountSID()
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		cleanup()
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "serve", "--addr", addr, "--data", filepath.Join(dir, "data"), "--dataset", cfg.Dataset,
		"--provider", "twilio", "--public-url", cfg.PublicURL, "--twilio-account-sid", fake.AccountSID(),
		"--twilio-auth-token", fake.AuthToken(), "--twilio-api-base", fake.URL, "--pprof-addr", cfg.PprofAddr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if cfg.ServerEnv != "" {
		cmd.Env = append(os.Environ(), strings.Split(cfg.ServerEnv, ",")...)
	}
	if err := cmd.Start(); err != nil {
		cleanup()
		return nil, fmt.Errorf("start server: %w", err)
	}
	cfg.Pid = cmd.Process.Pid
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		logf.Close()
		cleanup()
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(cfg.Server + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("spawned server not up after 30 s (log in %s)", logf.Name())
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
	fmt.Fprintf(logw, "loadtest: spawned smsdesk serve pid %d at %s (%d users)\n", cfg.Pid, cfg.Server, cfg.Users)
	return stop, nil
}
