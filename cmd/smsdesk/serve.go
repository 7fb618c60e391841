package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/backend/twilio"
	"smsdesk/crm"
	"smsdesk/i18n"
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
	TLSCert          string
	TLSKey           string
	PprofAddr        string
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
	t := tuiPrinter(env, args)
	fs := flag.NewFlagSet("smsdesk serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", t.T("cli.serve.flag_addr"))
	fs.StringVar(&c.Data, "data", "smsdesk-data", t.T("cli.serve.flag_data"))
	fs.StringVar(&c.Dataset, "dataset", "", t.T("cli.serve.flag_dataset"))
	fs.StringVar(&c.Provider, "provider", "sim", t.T("cli.serve.flag_provider"))
	fs.StringVar(&c.PublicURL, "public-url", "", t.T("cli.serve.flag_public_url"))
	fs.StringVar(&c.TwilioAccountSID, "twilio-account-sid", "", t.T("cli.serve.flag_twilio_sid"))
	fs.StringVar(&c.TwilioAuthToken, "twilio-auth-token", "", t.T("cli.serve.flag_twilio_token"))
	fs.StringVar(&c.TwilioAPIBase, "twilio-api-base", twilio.DefaultBaseURL, t.T("cli.serve.flag_twilio_api"))
	fs.StringVar(&c.TLSCert, "tls-cert", "", t.T("cli.serve.flag_tls_cert"))
	fs.StringVar(&c.TLSKey, "tls-key", "", t.T("cli.serve.flag_tls_key"))
	fs.StringVar(&c.PprofAddr, "pprof-addr", "", t.T("cli.serve.flag_pprof_addr"))
	// Read by tuiPrinter before parsing; declared here so the flag is accepted
	// and listed.
	fs.String("lang", "", t.T("cli.tui.flag_lang"))
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, t.T("cli.serve.usage"))
		printDefaults(env.Stderr, t, fs)
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
	if err := parseFlags(fs, env.Stderr, t, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, errors.New(t.T("cli.serve.extra_arg", fs.Arg(0)))
	}
	return c, c.validate(t)
}

// validate checks the settings together; its errors are in t's language.
func (c *serveConfig) validate(t *i18n.Printer) error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return errors.New(t.T("cli.serve.bad_addr", c.Addr, err.Error()))
	}
	if strings.TrimSpace(c.Data) == "" {
		return errors.New(t.T("cli.serve.need_data"))
	}
	if c.PprofAddr != "" && !loopbackAddr(c.PprofAddr) {
		return errors.New(t.T("cli.serve.pprof_not_loopback", c.PprofAddr))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New(t.T("cli.serve.tls_pair"))
	}
	for flagName, file := range map[string]string{"--tls-cert": c.TLSCert, "--tls-key": c.TLSKey} {
		if file == "" {
			continue
		}
		if _, err := os.Stat(file); err != nil {
			return fmt.Errorf("%s: %w", flagName, err)
		}
	}
	if c.PublicURL != "" {
		u, err := normalizePublicURL(c.PublicURL)
		if err != nil {
			return errors.New(t.T("cli.serve.bad_url", "--public-url", c.PublicURL))
		}
		c.PublicURL = u
	}
	switch c.Provider {
	case "sim":
	case "twilio":
		if c.PublicURL == "" {
			return errors.New(t.T("cli.serve.twilio_needs_url"))
		}
		if !strings.HasPrefix(c.TwilioAccountSID, "AC") || len(c.TwilioAccountSID) != 34 {
			return errors.New(t.T("cli.serve.bad_sid", c.TwilioAccountSID))
		}
		if c.TwilioAuthToken == "" {
			return errors.New(t.T("cli.serve.twilio_needs_token"))
		}
		if err := checkURL(c.TwilioAPIBase); err != nil {
			return errors.New(t.T("cli.serve.bad_url", "--twilio-api-base", c.TwilioAPIBase))
		}
	default:
		return errors.New(t.T("cli.serve.bad_provider", c.Provider))
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
	t := tuiPrinter(env, args)
	cfg, err := parseServeFlags(env, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, t.T("cli.serve.failed", err.Error()))
		return 2
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	tuneServeGC(env.Getenv)
	if err := serve(ctx, cfg, log, func(url string) {
		fmt.Fprintln(env.Stderr, t.T("cli.serve.listening", url))
	}); err != nil {
		msg, ok := datasetMessage(t, err)
		if !ok {
			msg = err.Error()
		}
		fmt.Fprintln(env.Stderr, t.T("cli.serve.failed", msg))
		return 1
	}
	return 0
}

// serve is runServe after flag parsing; listening is told the base URL
// (useful with port 0).
func serve(ctx context.Context, cfg serveConfig, log *slog.Logger, listening func(url string)) error {
	sc := stackConfig{
		Dir:          cfg.Data,
		DatasetPath:  cfg.Dataset,
		Addr:         cfg.Addr,
		TLSCert:      cfg.TLSCert,
		TLSKey:       cfg.TLSKey,
		Logger:       log,
		ProviderInfo: backend.ProviderInfo{Name: cfg.Provider, PublicURL: cfg.PublicURL},
	}
	switch cfg.Provider {
	case "sim":
		sc.Provider = func(svc *backend.Service) (crm.Provider, io.Closer) {
			p := sim.New(sim.Config{Receiver: svc, Logger: log})
			return p, p
		}
	case "twilio":
		sc.ProviderInfo.InboundPath, sc.ProviderInfo.StatusPath = twilio.InboundPath, twilio.StatusPath
		sc.Provider = func(svc *backend.Service) (crm.Provider, io.Closer) {
			return twilio.NewClient(twilio.ClientConfig{
				BaseURL:        cfg.TwilioAPIBase,
				AccountSID:     cfg.TwilioAccountSID,
				AuthToken:      storedOrFlagToken(svc, cfg),
				StatusCallback: cfg.PublicURL + twilio.StatusPath,
				Logger:         log,
			}), nil
		}
		sc.Webhooks = func(svc *backend.Service) http.Handler {
			return twilio.NewWebhookHandler(twilio.WebhookConfig{
				AuthToken: storedOrFlagToken(svc, cfg),
				PublicURL: cfg.PublicURL,
				Receiver:  svc,
				Logger:    log,
			})
		}
		// An admin may change the account (smsdesk admin provider set).
		sc.Started = func(svc *backend.Service) func() {
			return watchTwilioSettings(svc, cfg, storedOrFlagToken(svc, cfg), log)
		}
	}
	st, err := startStack(sc)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("shutdown", "err", err)
		}
	}()
	if cfg.Provider == "twilio" {
		log.Info("point the Twilio number's \"A message comes in\" webhook here",
			"inbound", cfg.PublicURL+twilio.InboundPath, "status_callback", cfg.PublicURL+twilio.StatusPath)
	}
	if cfg.PprofAddr != "" {
		if err := startPprof(ctx, cfg.PprofAddr, log); err != nil {
			return err
		}
	}
	if listening != nil {
		listening(st.URL)
	}
	log.Info("serving", "url", st.URL, "data", cfg.Data, "provider", cfg.Provider)

	select {
	case <-st.Served():
		return fmt.Errorf("serve: %w", st.Err())
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return nil
}
