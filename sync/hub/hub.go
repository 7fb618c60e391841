package hub

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend"
	"smsdesk/crm"
)

// HubConfig tunes the hub. Zero fields take the defaults noted.
type HubConfig struct {
	// AllowedOrigins lists browser origins ("https://crm.example.com")
	// allowed besides the request's own host. Requests without an Origin
	// header (every non-browser client) are always allowed.
	AllowedOrigins []string
	PingInterval   time.Duration // server ping period; default 5 s
	ReadTimeout    time.Duration // silence after which a connection is dead; default 15 s
	WriteTimeout   time.Duration // one frame's write; default 10 s
	SendQueue      int           // frames queued per connection before it is dropped; default 256
	MaxPending     int           // live events buffered per connection during catch-up; default 16384
	EventPage      int           // events per frame and per EventsPage (or EventsSince) call; default 500
	MessagePage    int           // messages per frame and per ConversationMessages call; default 500
	SnapshotChunk  int           // records or conversations per snapshot frame; default 1000
	CommandRate    float64       // commands per second per token; default 50
	CommandBurst   int           // default 100
	MaxFrameBytes  int           // larger client frames get an error frame; default 64 KiB
	ReadLimit      int64         // larger client frames close the connection; default 1 MiB
	Now            func() time.Time
	Logger         *slog.Logger
}

func (c HubConfig) withDefaults() HubConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur(&c.PingInterval, 5*time.Second)
	defDur(&c.ReadTimeout, 15*time.Second)
	defDur(&c.WriteTimeout, 10*time.Second)
	def(&c.SendQueue, 256)
	def(&c.MaxPending, 16384)
	def(&c.EventPage, 500)
	def(&c.MessagePage, 500)
	def(&c.SnapshotChunk, 1000)
	def(&c.CommandBurst, 100)
	def(&c.MaxFrameBytes, 64<<10)
	if c.CommandRate <= 0 {
		c.CommandRate = 50
	}
	if c.ReadLimit <= 0 {
		c.ReadLimit = 1 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// MessageCounter is optional: a Backend that can count the messages a user
// may see gives the snapshot's progress figure in messages rather than in
// conversations.
type MessageCounter interface {
	CountMessages(ctx context.Context, userID string) (int, error)
}

// EventPager is optional: a Backend that reads its log in bounded pages
// (*backend.Service does). The catch-up then never asks for one unbounded
// read, however little of the log a user may see: each page reports where
// it stopped (Next) and whether the log goes on (More), and pages with no
// visible events are read through without sending anything.
type EventPager interface {
	EventsPage(ctx context.Context, userID string, after uint64, limit int) (backend.EventPage, error)
}

// Hub serves GET /ws: it authenticates, catches each connection up from its
// cursor (or a snapshot), then fans committed events out to the connections
// of the users allowed to see them.
type Hub struct {
	b        Backend
	cfg      HubConfig
	log      *slog.Logger
	upgrader websocket.Upgrader

	// ctx outlives connections: commands run on it so that a client going
	// away mid-command does not cancel a half-applied command.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	users   map[string]map[*conn]struct{} // user id → live connections
	buckets map[[32]byte]*bucket          // sha256(token) → command rate limit
	closed  bool
	wg      sync.WaitGroup // one per ServeHTTP that upgraded

	unsubscribe func()
}

// NewHub subscribes to b's committed events at once, so no batch committed
// after NewHub returns can be missed by a connection.
func NewHub(b Backend, cfg HubConfig) *Hub {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		b:       b,
		cfg:     cfg,
		log:     cfg.Logger.With("component", "sync.hub"),
		ctx:     ctx,
		cancel:  cancel,
		users:   make(map[string]map[*conn]struct{}),
		buckets: make(map[[32]byte]*bucket),
	}
	h.upgrader = websocket.Upgrader{
		// A thousand mostly idle connections: the reader reuses the HTTP
		// server's own 4 KiB buffer (ReadBufferSize 0), and a write buffer is
		// taken from the pool only while a frame is being written, instead
		// of 16 KiB held by every connection (16 MB of live heap at 1,000
		// clients, twice that in resident memory once the GC's headroom is
		// counted).
		WriteBufferSize: 16 << 10,
		WriteBufferPool: &sync.Pool{},
		// The origin is checked in ServeHTTP before the upgrade, with a
		// proper status code; gorilla's own check would only say 403.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	h.unsubscribe = b.Subscribe(h.route)
	return h
}

// ServeHTTP upgrades an authenticated GET to a sync connection and serves it
// until it closes.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !h.originAllowed(r) {
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	token := bearerToken(r)
	if token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="smsdesk"`)
		http.Error(w, "missing bearer token", http.StatusUnauthorized)
		return
	}
	user, err := h.b.Authenticate(token)
	if err != nil {
		if !isUnauthorized(err) {
			h.log.Error("authenticate", "err", err)
			http.Error(w, "authentication unavailable", http.StatusInternalServerError)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="smsdesk", error="invalid_token"`)
		http.Error(w, "unknown token", http.StatusUnauthorized)
		return
	}

	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.wg.Add(1)
	bk := h.bucketLocked(token)
	h.mu.Unlock()
	defer h.wg.Done()

	defer h.releaseBucket(bk)

	ws, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		// The upgrader has already answered the request.
		h.log.Debug("upgrade", "user", user.ID, "err", err)
		return
	}
	c := newConn(h, ws, user, bk)
	if !h.register(c) {
		c.close(websocket.CloseGoingAway, "shutting down")
	} else if again, err := h.b.Authenticate(token); err != nil || again.ID != user.ID {
		// The token was revoked (or given to someone else) between the
		// check above and register: DisconnectUser ran before this
		// connection was there to close. Checking again once registered
		// closes that gap.
		h.log.Info("token no longer valid after upgrade", "user", user.ID, "err", err)
		c.close(websocket.ClosePolicyViolation, "disconnected by the server")
	}
	c.serve()
	h.unregister(c)
}

// bearerToken reads "Authorization: Bearer <token>" with the parser REST
// uses (backend.BearerToken), or the access_token query parameter for
// clients (browsers) that cannot set headers.
func bearerToken(r *http.Request) string {
	if a := r.Header.Get("Authorization"); a != "" {
		tok, _ := backend.BearerToken(a)
		return tok
	}
	return r.URL.Query().Get("access_token")
}

// originAllowed lets through non-browser clients (no Origin), same-host
// pages and the configured origins, so that a page on another site cannot
// ride a user's access_token into the websocket.
func (h *Hub) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, o := range h.cfg.AllowedOrigins {
		if strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	return false
}

// bucketLocked returns the token's rate-limit bucket, counting one more
// connection on it. Keyed by the token's hash so that raw tokens do not sit
// in memory longer than the request.
func (h *Hub) bucketLocked(token string) *bucket {
	key := sha256.Sum256([]byte(token))
	b, ok := h.buckets[key]
	if !ok {
		b = newBucket(h.cfg.CommandRate, h.cfg.CommandBurst, h.cfg.Now())
		h.buckets[key] = b
	}
	b.conns++
	return b
}

// releaseBucket drops a connection from its bucket. A bucket nobody uses
// is forgotten once it has refilled: forgetting it earlier would let a
// client reconnect for a fresh burst. (Refilled buckets left behind are
// swept by the next release.)
func (h *Hub) releaseBucket(b *bucket) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b.conns--
	now := h.cfg.Now()
	for key, bk := range h.buckets {
		if bk.conns == 0 && bk.full(now) {
			delete(h.buckets, key)
		}
	}
}

func (h *Hub) register(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	set := h.users[c.user.ID]
	if set == nil {
		set = make(map[*conn]struct{})
		h.users[c.user.ID] = set
	}
	set[c] = struct{}{}
	return true
}

func (h *Hub) unregister(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.users[c.user.ID]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.users, c.user.ID)
		}
	}
}

// route is the Subscribe callback: it hands each connection the events its
// user may see, with Audience stripped. It never blocks: a connection that
// cannot take more is closed instead (it catches up from its cursor).
func (h *Hub) route(batch []crm.Event) {
	h.mu.Lock()
	if len(h.users) == 0 {
		h.mu.Unlock()
		return
	}
	per := make(map[*conn][]crm.Event)
	for _, ev := range batch {
		out := ev
		out.Audience = nil
		if ev.Public {
			for _, set := range h.users {
				for c := range set {
					per[c] = append(per[c], out)
				}
			}
			continue
		}
		for _, uid := range ev.Audience {
			for c := range h.users[uid] {
				// Audience is sorted and unique, but guard against a
				// duplicate so an event is never queued twice.
				if evs := per[c]; len(evs) > 0 && evs[len(evs)-1].Seq == ev.Seq {
					continue
				}
				per[c] = append(per[c], out)
			}
		}
	}
	h.mu.Unlock()
	for c, evs := range per {
		c.pending.push(c, evs)
	}
}

// Connections reports how many connections userID has open ("" for all).
func (h *Hub) Connections(userID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if userID != "" {
		return len(h.users[userID])
	}
	n := 0
	for _, set := range h.users {
		n += len(set)
	}
	return n
}

// DisconnectUser closes every connection of userID (a revoked token). A
// client whose token still works simply reconnects and catches up.
func (h *Hub) DisconnectUser(userID string) int {
	h.mu.Lock()
	conns := make([]*conn, 0, len(h.users[userID]))
	for c := range h.users[userID] {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.close(websocket.ClosePolicyViolation, "disconnected by the server")
	}
	return len(conns)
}

// closeGrace is how long Close lets commands already being applied finish.
const closeGrace = 10 * time.Second

// Close stops the hub: it refuses new connections, says goodbye (1001) to
// every open one and waits for their goroutines, giving commands already
// being applied closeGrace to finish.
func (h *Hub) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	return h.Shutdown(ctx)
}

// Shutdown is Close with a deadline for commands in flight; when ctx ends
// first, their context is cancelled.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	var conns []*conn
	for _, set := range h.users {
		for c := range set {
			conns = append(conns, c)
		}
	}
	h.mu.Unlock()
	h.unsubscribe()
	for _, c := range conns {
		c.close(websocket.CloseGoingAway, "server shutting down")
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		h.cancel()
		<-done
		err = fmt.Errorf("sync hub shutdown: %w", ctx.Err())
	}
	h.cancel()
	return err
}

var errConnClosed = errors.New("connection closed")
