package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/hub"
)

// stackConfig configures startStack: everything `serve` and `demo` share.
type stackConfig struct {
	// Dir is the backend's data directory.
	Dir string
	// Dataset (bytes) or DatasetPath seeds an empty store; a store that
	// already holds data ignores it with a log line. At most one is set.
	Dataset     []byte
	DatasetPath string
	// Now is the backend's clock; default time.Now.
	Now func() time.Time
	// Provider builds the SMS provider once the service exists: the
	// service is the crm.Receiver the simulator reports to, and the Twilio
	// wiring reads the provider settings an admin stored in it. Its
	// Closer, if not nil, is closed last, after the store, so in-flight
	// sends are not failed by a closed provider. Nil: no provider, sends
	// stay queued.
	Provider func(svc *backend.Service) (crm.Provider, io.Closer)
	// Webhooks builds the provider's webhook handler (backend/twilio),
	// mounted under /webhooks/twilio/; nil for the simulator.
	Webhooks func(svc *backend.Service) http.Handler
	// Started, if set, runs once the provider is set, before serving (to
	// follow admin changes to the provider settings, say); its stop runs
	// at Close, after HTTP has stopped.
	Started func(svc *backend.Service) (stop func())
	// ProviderInfo is what the admin endpoints tell about the provider.
	ProviderInfo backend.ProviderInfo
	// Listener to serve on; when nil, Addr is listened on ("127.0.0.1:0"
	// picks a free port).
	Listener net.Listener
	Addr     string
	// TLSCert and TLSKey (PEM files, both or neither) serve HTTPS.
	TLSCert, TLSKey string
	// ShutdownTimeout bounds the wait for in-flight requests at Close;
	// default 10 s.
	ShutdownTimeout time.Duration
	// BodyTimeout bounds reading a request's body (backend.ServerConfig);
	// default backend.DefaultBodyTimeout.
	BodyTimeout time.Duration
	// ConnState, if set, is the HTTP server's connection state hook: the
	// slow-client test counts the connections the server is serving.
	ConnState func(net.Conn, http.ConnState)
	Logger    *slog.Logger
}

// stack is a running backend: store, provider, sync hub and HTTP(S).
type stack struct {
	// URL is http(s)://host:port of the listener.
	URL string
	svc *backend.Service
	hub *hub.Hub

	http       *http.Server
	served     chan struct{} // closed when Serve returned, serveErr set
	serveErr   error
	provider   io.Closer
	stopRevoke func()
	stopWiring func()
	shutdown   time.Duration
}

// startStack opens (or seeds) the store, starts the provider, mounts REST,
// webhooks and the sync hub on GET /ws, and serves. On error everything
// started so far is closed again.
func startStack(cfg stackConfig) (_ *stack, err error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	log := cfg.Logger
	// Load the key pair first: a bad file should not leave a half-started server.
	var tlsCfg *tls.Config
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		if tlsCfg, err = loadTLS(cfg.TLSCert, cfg.TLSKey); err != nil {
			return nil, err
		}
	}
	svc, err := backend.Open(backend.Config{Dir: cfg.Dir, Now: cfg.Now, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open store in %s: %w", cfg.Dir, err)
	}
	st := &stack{svc: svc, shutdown: cfg.ShutdownTimeout}
	defer func() {
		if err != nil {
			_ = st.Close()
		}
	}()
	if err := seed(svc, cfg, log); err != nil {
		return nil, err
	}
	if cfg.Provider != nil {
		p, closer := cfg.Provider(svc)
		st.provider = closer
		svc.SetProvider(p)
	}
	if cfg.Started != nil {
		st.stopWiring = cfg.Started(svc)
	}
	var webhooks http.Handler
	if cfg.Webhooks != nil {
		webhooks = cfg.Webhooks(svc)
	}
	srv := backend.NewServer(svc, backend.ServerConfig{Webhooks: webhooks, Logger: log, Provider: cfg.ProviderInfo,
		BodyTimeout: cfg.BodyTimeout})
	// Websocket connections are hijacked, so http.Server.Shutdown does not
	// wait for them: Close closes the hub itself, before the store.
	st.hub = hub.NewHub(svc, hub.HubConfig{Logger: log})
	srv.Handle("GET /ws", st.hub)
	// A revoked token must not keep a live websocket.
	st.stopRevoke = svc.OnTokenRevoked(func(userID string) { st.hub.DisconnectUser(userID) })

	ln := cfg.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return nil, fmt.Errorf("listen %s: %w", cfg.Addr, err)
		}
	}
	scheme := "http"
	if tlsCfg != nil {
		scheme = "https"
		ln = tls.NewListener(ln, tlsCfg)
	}
	st.URL = scheme + "://" + ln.Addr().String()
	// No ReadTimeout: it would stay armed under every handler, and
	// net/http cancels a request's context when it fires after the body
	// was read, cutting long answers (backup, export) short. Bodies get
	// their own deadline instead (backend.ServerConfig.BodyTimeout), and
	// the websocket its own per frame (hub.HubConfig.ReadTimeout).
	st.http = &http.Server{
		Handler:           srv,
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ConnState:         cfg.ConnState,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	st.served = make(chan struct{})
	go func() {
		st.serveErr = st.http.Serve(ln)
		close(st.served)
	}()
	return st, nil
}

// seed imports the dataset into an empty store.
func seed(svc *backend.Service, cfg stackConfig, log *slog.Logger) error {
	if cfg.Dataset == nil && cfg.DatasetPath == "" {
		return nil
	}
	has, err := svc.HasData()
	if err != nil {
		return fmt.Errorf("inspect store: %w", err)
	}
	if has {
		if cfg.DatasetPath != "" {
			log.Info("--dataset ignored: the data directory already holds data", "dataset", cfg.DatasetPath, "data", cfg.Dir)
		}
		return nil
	}
	if cfg.Dataset != nil {
		err = svc.ImportDataset(cfg.Dataset)
	} else {
		err = svc.ImportDatasetFile(cfg.DatasetPath)
	}
	if err != nil {
		return fmt.Errorf("import dataset: %w", err)
	}
	log.Info("dataset imported", "dataset", cfg.DatasetPath, "data", cfg.Dir)
	return nil
}

// loadTLS reads a PEM certificate and key; both are required.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" || keyFile == "" {
		return nil, errors.New("--tls-cert and --tls-key go together: give both files or neither")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s / --tls-key %s: %w", certFile, keyFile, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// Served is closed if serving stops on its own (a listener failure); Err
// then says why.
func (st *stack) Served() <-chan struct{} { return st.served }

// Err is why serving stopped, once Served is closed.
func (st *stack) Err() error {
	<-st.served
	return st.serveErr
}

// Close shuts down, in order: HTTP (waiting up to ShutdownTimeout for
// requests in flight), the sync hub (its websockets), the store (letting
// in-flight sends finish) and last the provider. Every goroutine the stack
// started has ended when it returns. Safe to call twice.
func (st *stack) Close() error {
	var errs []error
	if st.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), st.shutdown)
		if err := st.http.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop http: %w", err))
		}
		cancel()
		if err := st.Err(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
		st.http = nil
	}
	if st.stopWiring != nil {
		st.stopWiring()
		st.stopWiring = nil
	}
	if st.stopRevoke != nil {
		st.stopRevoke()
		st.stopRevoke = nil
	}
	if st.hub != nil {
		if err := st.hub.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close sync hub: %w", err))
		}
		st.hub = nil
	}
	if st.svc != nil {
		if err := st.svc.Close(); err != nil {
			errs = append(errs, err)
		}
		st.svc = nil
	}
	if st.provider != nil {
		if err := st.provider.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close provider: %w", err))
		}
		st.provider = nil
	}
	return errors.Join(errs...)
}
