package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/backend/twilio"
	"smsdesk/sync"
)

// The Twilio client can say whether it already accepted a message, which is
// how the backend resolves a send interrupted by a crash without sending it
// twice (see docs/rest.md).
var _ backend.SendLookup = (*twilio.Client)(nil)

// serveConfig is what `smsdesk serve` runs with, from flags or SMSDESK_*
// environment variables.
type serveConfig struct {
	Addr             string
	Data             string
	Dataset          string
	Provider         string
	PublicURL        string
	TwilioAccountSID string
	TwilioAuthToken  string
	TwilioAPIBase    string
}

// envName is the variable a flag can also come from: SMSDESK_<FLAG>, upper
// case, dashes as underscores.
func envName(flagName string) string {
	return "SMSDESK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseServeFlags reads the environment first and the command line second,
// so a flag overrides its variable.
func parseServeFlags(env Env, args []string) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("smsdesk serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen address host:port")
	fs.StringVar(&c.Data, "data", "smsdesk-data", "data directory (holds smsdesk.db)")
	fs.StringVar(&c.Dataset, "dataset", "", "JSON dataset to seed an empty data directory (ignored when it holds data)")
	fs.StringVar(&c.Provider, "provider", "sim", "SMS provider: sim or twilio")
	fs.StringVar(&c.PublicURL, "public-url", "", "URL the provider reaches this server at (twilio: required; webhooks are signed against it)")
	fs.StringVar(&c.TwilioAccountSID, "twilio-account-sid", "", "Twilio Account SID (AC…)")
	fs.StringVar(&c.TwilioAuthToken, "twilio-auth-token", "", "Twilio auth token")
	fs.StringVar(&c.TwilioAPIBase, "twilio-api-base", twilio.DefaultBaseURL, "Twilio REST API base URL")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: smsdesk serve [flags]\n\nEach flag can also be set with SMSDESK_<FLAG> (e.g. SMSDESK_TWILIO_AUTH_TOKEN).\n\nflags:")
		fs.PrintDefaults()
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if env.Getenv == nil || envErr != nil {
			return
		}
		if v := env.Getenv(envName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s: %w", envName(f.Name), err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.validate()
}

func (c *serveConfig) validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port (e.g. 127.0.0.1:8080): %w", c.Addr, err)
	}
	if strings.TrimSpace(c.Data) == "" {
		return errors.New("--data: a data directory is required")
	}
	if c.PublicURL != "" {
		u, err := normalizePublicURL(c.PublicURL)
		if err != nil {
			return fmt.Errorf("--public-url: %w", err)
		}
		c.PublicURL = u
	}
	switch c.Provider {
	case "sim":
	case "twilio":
		if c.PublicURL == "" {
			return errors.New("--provider twilio needs --public-url: Twilio signs its webhooks with the URL it calls")
		}
		if !strings.HasPrefix(c.TwilioAccountSID, "AC") || len(c.TwilioAccountSID) != 34 {
			return fmt.Errorf("--twilio-account-sid %q: want the 34-character Account SID starting with AC", c.TwilioAccountSID)
		}
		if c.TwilioAuthToken == "" {
			return errors.New("--provider twilio needs --twilio-auth-token")
		}
		if err := checkURL(c.TwilioAPIBase); err != nil {
			return fmt.Errorf("--twilio-api-base: %w", err)
		}
	default:
		return fmt.Errorf("--provider %q: want sim or twilio", c.Provider)
	}
	return nil
}

// normalizePublicURL checks that raw is an absolute http(s) URL with no
// query or fragment and returns it without trailing slashes, once, so every
// URL built from it (the webhook paths Twilio signs, the StatusCallback)
// has exactly one slash before "webhooks".
func normalizePublicURL(raw string) (string, error) {
	if err := checkURL(raw); err != nil {
		return "", err
	}
	u, _ := url.Parse(raw) // checkURL parsed it
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q: want scheme://host[:port][/prefix], without user, query or fragment", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want an absolute http(s) URL", raw)
	}
	return nil
}

// runServe runs the backend until ctx ends (SIGINT/SIGTERM), then shuts
// down gracefully: stop accepting, finish requests, close the store.
func runServe(ctx context.Context, env Env, args []string) int {
	cfg, err := parseServeFlags(env, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "smsdesk serve: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	if err := serve(ctx, cfg, log, func(addr string) {
		fmt.Fprintf(env.Stderr, "smsdesk serve: listening on http://%s\n", addr)
	}); err != nil {
		fmt.Fprintf(env.Stderr, "smsdesk serve: %v\n", err)
		return 1
	}
	return 0
}

// serve is runServe after flag parsing; listening is told the bound
// address (useful with port 0).
func serve(ctx context.Context, cfg serveConfig, log *slog.Logger, listening func(addr string)) error {
	svc, err := backend.Open(backend.Config{Dir: cfg.Data, Logger: log})
	if err != nil {
		return err
	}
	closers := []func() error{svc.Close}
	defer func() {
		for _, c := range closers {
			if err := c(); err != nil {
				log.Error("shutdown", "err", err)
			}
		}
	}()

	if cfg.Dataset != "" {
		has, err := svc.HasData()
		if err != nil {
			return err
		}
		if has {
			log.Info("--dataset ignored: the data directory already holds data", "dataset", cfg.Dataset, "data", cfg.Data)
		} else {
			if err := svc.ImportDatasetFile(cfg.Dataset); err != nil {
				return err
			}
			log.Info("dataset imported", "dataset", cfg.Dataset)
		}
	}

	var webhooks http.Handler
	switch cfg.Provider {
	case "sim":
		p := sim.New(sim.Config{Receiver: svc, Logger: log})
		// Closed after the service (closers run in order), so in-flight
		// sends are not failed by a closed simulator.
		closers = append(closers, p.Close)
		svc.SetProvider(p)
	case "twilio":
		token := func() string { return cfg.TwilioAuthToken }
		svc.SetProvider(twilio.NewClient(twilio.ClientConfig{
			BaseURL:        cfg.TwilioAPIBase,
			AccountSID:     cfg.TwilioAccountSID,
			AuthToken:      token,
			StatusCallback: cfg.PublicURL + twilio.StatusPath,
			Logger:         log,
		}))
		webhooks = twilio.NewWebhookHandler(twilio.WebhookConfig{
			AuthToken: token,
			PublicURL: cfg.PublicURL,
			Receiver:  svc,
			Logger:    log,
		})
	}

	srv := backend.NewServer(svc, backend.ServerConfig{Webhooks: webhooks, Logger: log})
	// The websocket sync endpoint. Its connections are hijacked, so
	// http.Server.Shutdown does not wait for them: the hub is closed before
	// the store (closers run in order).
	hub := sync.NewHub(svc, sync.HubConfig{Logger: log})
	srv.Handle("GET /ws", hub)
	closers = append([]func() error{hub.Close}, closers...)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if cfg.Provider == "twilio" {
		log.Info("point the Twilio number's \"A message comes in\" webhook here",
			"inbound", cfg.PublicURL+twilio.InboundPath, "status_callback", cfg.PublicURL+twilio.StatusPath)
	}
	if listening != nil {
		listening(ln.Addr().String())
	}
	log.Info("serving", "addr", ln.Addr().String(), "data", cfg.Data, "provider", cfg.Provider)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
