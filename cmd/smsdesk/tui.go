package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"smsdesk/i18n"
	"smsdesk/localdb"
	"smsdesk/sync/client"
	"smsdesk/tui"
)

// tuiFlags are smsdesk tui's settings; each flag also reads SMSDESK_<FLAG>.
type tuiFlags struct {
	server, token, cache, lang string
	caCert                     string // PEM file of a private CA (--ca-cert)
	reset                      bool
}

// runTUI opens the cache, starts the sync client and runs the terminal UI
// until the seller quits; it closes everything on the way out.
func runTUI(ctx context.Context, env Env, args []string) int {
	t := tuiPrinter(env, args)
	f, err := parseTUIFlags(env, t, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.Stderr, t.T("cli.tui.bad_flags", err.Error()))
		return 2
	}
	switch {
	case f.server == "":
		fmt.Fprintln(env.Stderr, t.T("cli.tui.need_server"))
		return 2
	case !isHTTPURL(f.server):
		fmt.Fprintln(env.Stderr, t.T("cli.tui.bad_server", f.server))
		return 2
	case f.token == "":
		fmt.Fprintln(env.Stderr, t.T("cli.tui.need_token"))
		return 2
	}
	path := f.cache
	if path == "" {
		if path, err = localdb.DefaultPath(f.server, f.token); err != nil {
			fmt.Fprintln(env.Stderr, t.T("cli.tui.cache_path", err.Error()))
			return 1
		}
	}
	tlsCfg, err := clientTLS(t, f.caCert)
	if err != nil {
		fmt.Fprintln(env.Stderr, err.Error())
		return 1
	}
	db, err := localdb.Open(path, localdb.Options{Reset: f.reset})
	if err != nil {
		fmt.Fprintln(env.Stderr, cacheError(t, path, err))
		return 1
	}
	defer db.Close()

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	syncClient := client.NewClient(client.ClientConfig{
		ServerURL: f.server,
		Token:     f.token,
		DB:        db,
		Now:       time.Now,
		TLS:       tlsCfg,
		// The TUI owns the terminal: the client's log would tear the screen.
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	model, err := tui.New(tui.Options{DB: db, Link: syncClient, Printer: t, Getenv: env.Getenv, Dark: true, Server: f.server})
	if err != nil {
		fmt.Fprintln(env.Stderr, t.T("cli.tui.failed", err.Error()))
		return 1
	}
	defer model.Close()
	program := tea.NewProgram(model, tea.WithContext(runCtx), tea.WithEnvironment(environ(env)))

	done := make(chan struct{})
	var linkErr error // read only after done is closed
	go func() {
		defer close(done)
		// Run retries until runCtx ends; it returns early only when retrying
		// cannot help (a refused token), which the seller must be told.
		if err := syncClient.Run(runCtx); err != nil && runCtx.Err() == nil {
			linkErr = err
			program.Send(tui.LinkStopped{Err: err})
		}
	}()
	_, err = program.Run()
	cancel()
	<-done
	if errors.Is(linkErr, client.ErrUnauthorized) {
		// The model quit on it; the terminal is restored, so the
		// explanation stays readable after the program.
		fmt.Fprintln(env.Stderr, t.T("cli.tui.token_refused", f.server))
		// The default cache is chosen by server and token: a new token
		// opens another one, and what this seller queued here would sit
		// unseen. Say where it is and how to send it.
		if n, err := db.OutboxLen(); err == nil && n > 0 {
			fmt.Fprintln(env.Stderr, t.T("cli.tui.outbox_kept", n, path, path))
		}
		return 1
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr, t.T("cli.tui.failed", err.Error()))
		return 1
	}
	// What is still queued is safe in the cache, but the seller who quits
	// must know it has not left: say how much, and when it will.
	if n, err := db.OutboxLen(); err == nil && n > 0 {
		fmt.Fprintln(env.Stderr, t.T("cli.tui.outbox_on_quit", n))
	}
	return 0
}

// tuiPrinter picks the language before the flags are parsed, so their help
// is already in it: --lang (or SMSDESK_LANG), then the locale variables.
func tuiPrinter(env Env, args []string) *i18n.Printer {
	lang := langChoice(env, args)
	p, err := i18n.New(i18n.Match(lang, env.Getenv))
	if err != nil {
		// The catalog is compiled in; failing to build it is a bug.
		panic(fmt.Sprintf("build message catalog: %v", err))
	}
	return p
}

// langChoice is the language chosen explicitly: the last --lang among
// args (before or after a verb), else SMSDESK_LANG; "" when neither is set.
func langChoice(env Env, args []string) string {
	lang := ""
	if env.Getenv != nil {
		lang = env.Getenv("SMSDESK_LANG")
	}
	for i, a := range args {
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				lang = args[i+1]
			}
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			lang = a[strings.Index(a, "=")+1:]
		}
	}
	return lang
}

// parseTUIFlags reads the flags, each defaulting to its SMSDESK_ variable.
func parseTUIFlags(env Env, t *i18n.Printer, args []string) (tuiFlags, error) {
	var f tuiFlags
	fs := flag.NewFlagSet("smsdesk tui", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, t.T("cli.tui.usage"))
		printDefaults(env.Stderr, t, fs)
	}
	reset, _ := strconv.ParseBool(env.Getenv("SMSDESK_RESET_CACHE"))
	fs.StringVar(&f.server, "server", env.Getenv("SMSDESK_SERVER"), t.T("cli.tui.flag_server"))
	fs.StringVar(&f.token, "token", env.Getenv("SMSDESK_TOKEN"), t.T("cli.tui.flag_token"))
	fs.StringVar(&f.cache, "cache", env.Getenv("SMSDESK_CACHE"), t.T("cli.tui.flag_cache"))
	fs.BoolVar(&f.reset, "reset-cache", reset, t.T("cli.tui.flag_reset"))
	fs.StringVar(&f.caCert, "ca-cert", env.Getenv("SMSDESK_CA_CERT"), t.T("cli.tui.flag_ca_cert"))
	fs.StringVar(&f.lang, "lang", env.Getenv("SMSDESK_LANG"), t.T("cli.tui.flag_lang"))
	if err := parseFlags(fs, env.Stderr, t, args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, errors.New(t.T("cli.tui.extra_args", strings.Join(fs.Args(), " ")))
	}
	return f, nil
}

// cacheError explains a failed open in the seller's language, with the way
// out (--reset-cache, --cache).
func cacheError(t *i18n.Printer, path string, err error) string {
	switch {
	case errors.Is(err, localdb.ErrLocked):
		return t.T("cli.tui.cache_locked", path)
	case errors.Is(err, localdb.ErrCorrupt):
		return t.T("cli.tui.cache_corrupt", path)
	case errors.Is(err, localdb.ErrSchema):
		return t.T("cli.tui.cache_schema", path)
	}
	return t.T("cli.tui.cache_open", err.Error())
}

// environ rebuilds the environment for Bubble Tea's terminal detection
// (TERM, COLORTERM, NO_COLOR) from the injected Getenv.
func environ(env Env) []string {
	var out []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TMUX", "LANG", "LC_ALL"} {
		if v := env.Getenv(k); v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// isHTTPURL reports whether s is an absolute http(s) URL with a host: the
// sync client derives ws(s):// from it, and a bare "host:port" would only
// fail later, inside the TUI, with a parser's message.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
