package client

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// ErrUnauthorized is returned by Run when the server refuses the token:
// retrying cannot help, the user needs a new token.
var ErrUnauthorized = errors.New("sync: the server refused the token")

// errOffline ends a session because SetOffline(true) was called.
var errOffline = errors.New("sync: link cut on purpose")

// ClientConfig configures a Client.
type ClientConfig struct {
	ServerURL string // http(s)://host:port; ws(s) derived
	Token     string
	DB        *localdb.DB
	Now       func() time.Time
	Rand      *mrand.Rand // backoff jitter
	Logger    *slog.Logger
	// TLS configures wss:// connections (https server URLs): RootCAs to
	// trust a private CA, for instance. nil: the system's roots.
	TLS *tls.Config
}

// cache is the part of *localdb.DB the client uses.
type cache interface {
	ApplySnapshot(s crm.Snapshot) error
	ApplyMessages(msgs []crm.Message) error
	ApplyEventsThrough(evs []crm.Event, through uint64) error
	CompleteSnapshot(seq uint64) error
	CursorEpoch() (uint64, string, error)
	AdoptEpoch(epoch string) error
	Outbox() ([]crm.Command, error)
	Acknowledge(res crm.CommandResult) error
	OutboxLen() (int, error)
}

// Client keeps one localdb cache in step with the server.
type Client struct {
	cfg      ClientConfig
	db       cache
	log      *slog.Logger
	now      func() time.Time
	backoff  backoff
	clientID string

	// Timings; tests shorten them.
	pingInterval time.Duration
	readTimeout  time.Duration
	writeTimeout time.Duration
	dialTimeout  time.Duration
	dialer       websocket.Dialer

	statusMu sync.Mutex
	cur      Status
	status   chan Status

	flush     chan struct{} // capacity 1
	offMu     sync.Mutex
	off       bool
	offChange chan struct{} // capacity 1

	stats clientStats

	// Hooks are zero in production; set them before Run.
	Hooks Hooks
}

// clientStats counts what the client received (benchmarks read them).
type clientStats struct {
	bytes, frames, events, messages atomic.Int64
}

// NewClient makes a client; Run starts it.
func NewClient(cfg ClientConfig) *Client {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		var seed [16]byte
		_, _ = rand.Read(seed[:])
		cfg.Rand = mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		cfg:          cfg,
		log:          cfg.Logger.With("component", "sync.client"),
		now:          cfg.Now,
		backoff:      backoff{min: 250 * time.Millisecond, max: 30 * time.Second, rand: cfg.Rand},
		clientID:     fmt.Sprintf("cl_%016x", cfg.Rand.Uint64()),
		pingInterval: 5 * time.Second,
		readTimeout:  15 * time.Second,
		writeTimeout: 10 * time.Second,
		dialTimeout:  10 * time.Second,
		dialer: websocket.Dialer{
			Proxy:            http.ProxyFromEnvironment,
			HandshakeTimeout: 10 * time.Second,
			ReadBufferSize:   64 << 10,
			WriteBufferSize:  4096,
			// Cloned: the dialer must not share a config the caller may
			// still change.
			TLSClientConfig: cfg.TLS.Clone(),
		},
		status:    make(chan Status, 1),
		flush:     make(chan struct{}, 1),
		offChange: make(chan struct{}, 1),
	}
	if cfg.DB != nil {
		c.db = cfg.DB
	}
	c.cur = Status{State: StateConnecting}
	return c
}

// Flush tells the client the outbox changed: send now if online.
func (c *Client) Flush() {
	select {
	case c.flush <- struct{}{}:
	default:
	}
}

// SetOffline cuts the link on purpose (true) and keeps it cut until
// SetOffline(false), which reconnects at once.
func (c *Client) SetOffline(off bool) {
	c.offMu.Lock()
	c.off = off
	c.offMu.Unlock()
	select {
	case c.offChange <- struct{}{}:
	default:
	}
}

func (c *Client) offline() bool {
	c.offMu.Lock()
	defer c.offMu.Unlock()
	return c.off
}

// wsURL derives the websocket address from the server's http(s) URL.
func wsURL(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("server url %q: %w", server, err)
	}
	switch u.Scheme {
	case "http", "ws":
		u.Scheme = "ws"
	case "https", "wss":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("server url %q: scheme must be http or https", server)
	}
	if u.Host == "" {
		return "", fmt.Errorf("server url %q: no host", server)
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/ws"
	u.RawQuery, u.Fragment = "", ""
	return u.String(), nil
}

// Run connects, syncs and reconnects with backoff until ctx ends (then it
// returns nil). It returns an error only when retrying cannot help: a bad
// server URL, no cache, or a token the server refuses.
func (c *Client) Run(ctx context.Context) error {
	if c.db == nil {
		return errors.New("sync client: no cache (ClientConfig.DB)")
	}
	addr, err := wsURL(c.cfg.ServerURL)
	if err != nil {
		return fmt.Errorf("sync client: %w", err)
	}
	c.refreshQueued()
	attempt := 0
	for {
		if ctx.Err() != nil {
			return nil
		}
		if c.offline() {
			c.publishStatus(func(s *Status) { s.State, s.Retry, s.LastError = StateOffline, time.Time{}, "" })
			if !c.waitOffline(ctx, nil) {
				return nil
			}
			attempt = 0
			continue
		}
		c.publishStatus(func(s *Status) { s.State, s.Retry = StateConnecting, time.Time{} })
		established, err := c.session(ctx, addr)
		if ctx.Err() != nil {
			c.publishStatus(func(s *Status) { s.State = StateOffline })
			return nil
		}
		if errors.Is(err, ErrUnauthorized) {
			c.publishStatus(func(s *Status) { s.State, s.LastError = StateOffline, err.Error() })
			return err
		}
		if errors.Is(err, errOffline) {
			continue
		}
		if established {
			attempt = 0
		}
		wait := c.backoff.delay(attempt)
		attempt++
		retry := c.now().Add(wait)
		c.log.Info("disconnected", "err", err, "retry_in", wait)
		c.publishStatus(func(s *Status) {
			s.State, s.Retry = StateOffline, retry
			if err != nil {
				s.LastError = err.Error()
			}
		})
		t := time.NewTimer(wait)
		if !c.waitOffline(ctx, t.C) {
			t.Stop()
			c.publishStatus(func(s *Status) { s.Retry = time.Time{} })
			return nil
		}
		if !t.Stop() {
			// The timer fired: a normal retry.
			continue
		}
		// SetOffline changed: cut on purpose (handled at the top) or
		// restored, when reconnecting at once beats waiting the backoff out.
		attempt = 0
	}
}

// waitOffline waits, while disconnected, for the retry timer or a
// SetOffline change; it keeps the queued count current meanwhile, since
// commands keep being enqueued offline. It reports false when ctx ended.
func (c *Client) waitOffline(ctx context.Context, retry <-chan time.Time) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-retry:
			return true
		case <-c.offChange:
			return true
		case <-c.flush:
			c.refreshQueued()
		}
	}
}

func (c *Client) refreshQueued() {
	n, err := c.db.OutboxLen()
	if err != nil {
		c.log.Warn("outbox length", "err", err)
		return
	}
	c.publishStatus(func(s *Status) { s.Queued = n })
}
