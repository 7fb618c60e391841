package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/language"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/cmd/smsdesk/demodata"
	"smsdesk/crm"
	"smsdesk/i18n"
)

// demoFlags are `smsdesk demo`'s settings.
type demoFlags struct {
	dir, lang, addr, user string
	fresh, serveOnly      bool
}

// runDemo runs the bundled backend with the simulator and the embedded demo
// dataset on loopback, then the TUI logged in as the demo seller; quitting
// the TUI shuts everything down. With --serve-only it runs the backend
// alone and prints the `smsdesk tui` command of each demo user.
func runDemo(ctx context.Context, env Env, args []string) int {
	t := tuiPrinter(env, args)
	f, err := parseDemoFlags(env, t, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.bad_flags", "smsdesk demo: %s", err.Error()))
		return 2
	}
	users, err := demodata.Users()
	if err != nil {
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
		return 1
	}
	me := slices.IndexFunc(users, func(u demodata.User) bool { return u.ID == f.user })
	if me < 0 {
		ids := make([]string, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.unknown_user", "smsdesk demo: no demo user %q (one of: %s)", f.user, strings.Join(ids, ", ")))
		return 2
	}
	if f.dir == "" {
		if f.dir, err = defaultDemoDir(env.Getenv); err != nil {
			fmt.Fprintln(env.Stderr, say(t, "cli.demo.no_dir", "smsdesk demo: cannot choose a directory for the demo's data: %s (pass --dir)", err.Error()))
			return 1
		}
	}
	if f.fresh {
		if err := resetDemoDir(f.dir); err != nil {
			fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
			return 1
		}
	}
	if err := os.MkdirAll(f.dir, 0o700); err != nil {
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
		return 1
	}
	// The TUI owns the terminal, so the server logs to a file in the demo
	// directory; --serve-only has the terminal to itself and logs there too,
	// to keep the printed commands readable.
	logFile, err := os.OpenFile(filepath.Join(f.dir, "demo.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
		return 1
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(logFile, nil))

	addr := "127.0.0.1:0"
	if f.serveOnly {
		addr = f.addr
	}
	srv, err := startDemoServer(demoServerConfig{
		Dir: filepath.Join(f.dir, "server"), Addr: addr, Logger: log, Timeline: demodata.Timeline(),
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			fmt.Fprintln(env.Stderr, say(t, "cli.demo.locked", "smsdesk demo: the demo in %s is already running. Quit it first, or pass --dir to run another one.", f.dir))
			return 1
		}
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
		return 1
	}
	defer func() {
		if err := srv.Close(); err != nil {
			log.Error("demo shutdown", "err", err)
		}
	}()

	if f.serveOnly {
		printDemoCommands(env.Stdout, t, srv.URL, f.dir, users, selfCommand(os.Executable, exec.LookPath))
		<-ctx.Done()
		return 0
	}
	tuiArgs := []string{"--server", srv.URL, "--token", users[me].Token,
		"--cache", filepath.Join(f.dir, "cache", users[me].ID+".db")}
	if f.lang != "" {
		tuiArgs = append(tuiArgs, "--lang", f.lang)
	}
	if err := os.MkdirAll(filepath.Join(f.dir, "cache"), 0o700); err != nil {
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.failed", "smsdesk demo: %s", err.Error()))
		return 1
	}
	return runTUI(ctx, env, tuiArgs)
}

func parseDemoFlags(env Env, t *i18n.Printer, args []string) (demoFlags, error) {
	var f demoFlags
	fs := flag.NewFlagSet("smsdesk demo", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, say(t, "cli.demo.usage", "usage: smsdesk demo [--fresh] [--lang LANG] [--user ID] [--dir DIR] [--serve-only [--addr HOST:PORT]]"))
		printDefaults(env.Stderr, t, fs)
	}
	fs.BoolVar(&f.fresh, "fresh", false, say(t, "cli.demo.flag_fresh", "start over from the demo dataset (deletes the demo's data and cache)"))
	fs.StringVar(&f.lang, "lang", env.Getenv("SMSDESK_LANG"), say(t, "cli.demo.flag_lang", "language: en, fr or gl (env SMSDESK_LANG; default from LC_ALL, LC_MESSAGES, LANG)"))
	fs.StringVar(&f.user, "user", demodata.SellerID, say(t, "cli.demo.flag_user", "demo user to open the TUI as"))
	fs.StringVar(&f.dir, "dir", "", say(t, "cli.demo.flag_dir", "directory of the demo's data (default: smsdesk/demo in the user data directory)"))
	fs.BoolVar(&f.serveOnly, "serve-only", false, say(t, "cli.demo.flag_serve_only", "run only the demo backend and print each demo user's smsdesk tui command"))
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", say(t, "cli.demo.flag_addr", "listen address for --serve-only"))
	if err := parseFlags(fs, env.Stderr, t, args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, errors.New(t.T("cli.tui.extra_args", strings.Join(fs.Args(), " ")))
	}
	if _, _, err := net.SplitHostPort(f.addr); err != nil {
		return f, errors.New(t.T("cli.demo.bad_addr", f.addr, err.Error()))
	}
	return f, nil
}

// say renders a catalog key, or the English text while the key is not in
// the catalog yet (the demo's keys are waiting to be added to i18n).
func say(t *i18n.Printer, key i18n.Key, english string, args ...any) string {
	if slices.Contains(i18n.Keys(language.English), key) {
		return t.T(key, args...)
	}
	return fmt.Sprintf(english, args...)
}

// defaultDemoDir is smsdesk/demo in the user's data directory:
// $XDG_DATA_HOME, else ~/.local/share on Unix-like systems, else the
// platform's per-user application directory.
func defaultDemoDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "smsdesk", "demo"), nil
	}
	if home := getenv("HOME"); home != "" && runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		return filepath.Join(home, ".local", "share", "smsdesk", "demo"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("user data directory: %w", err)
	}
	return filepath.Join(d, "smsdesk", "demo"), nil
}

// resetDemoDir deletes what the demo keeps between runs, and only that, in
// case --dir points somewhere that holds other files too.
func resetDemoDir(dir string) error {
	for _, name := range []string{"server", "cache", "demo.log"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("reset demo data %s: %w", dir, err)
		}
	}
	return nil
}

// selfCommand is how the presenter runs this smsdesk again from another
// terminal: "smsdesk" when that name on the PATH is this binary; `go run
// ./cmd/smsdesk` when this is a binary `go run` (or `go test`) built in a
// temporary go-build directory, which has no name to call; else the
// binary's own path.
func selfCommand(executable func() (string, error), lookPath func(string) (string, error)) string {
	self, err := executable()
	if err != nil {
		return "smsdesk"
	}
	if onPath, err := lookPath("smsdesk"); err == nil && sameFile(onPath, self) {
		return "smsdesk"
	}
	if strings.Contains(filepath.ToSlash(self), "/go-build") {
		return "go run ./cmd/smsdesk"
	}
	return self
}

func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

// printDemoCommands tells the presenter how to connect each demo user;
// self is how to call smsdesk (selfCommand).
func printDemoCommands(w io.Writer, t *i18n.Printer, url, dir string, users []demodata.User, self string) {
	fmt.Fprintln(w, say(t, "cli.demo.serving", "smsdesk demo backend on %s (data in %s). Ctrl+C stops it.", url, dir))
	if strings.HasPrefix(self, "go run ") {
		fmt.Fprintln(w, t.T("cli.demo.from_source"))
	}
	fmt.Fprintln(w, say(t, "cli.demo.connect", "Connect a terminal as each demo user:"))
	for _, u := range users {
		roles := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			roles[i] = roleName(t, r)
		}
		fmt.Fprintf(w, "\n  # %s (%s)\n  %s tui --server %s --token %s\n", u.Name, strings.Join(roles, ", "), self, url, u.Token)
	}
}

// roleName is a role in the seller's language.
func roleName(t *i18n.Printer, role string) string {
	switch crm.Role(role) {
	case crm.RoleSeller:
		return t.T("cli.role.seller")
	case crm.RoleManager:
		return t.T("cli.role.manager")
	case crm.RoleAdmin:
		return t.T("cli.role.admin")
	}
	return role
}

// demoServerConfig configures startDemoServer.
type demoServerConfig struct {
	Dir    string // the backend's data directory
	Addr   string // listen address; 127.0.0.1:0 picks a free port
	Now    func() time.Time
	Logger *slog.Logger
	// Sim is the simulator's base configuration (clock, random source,
	// delays); demodata.SimConfig adds the demo's numbers and replies.
	Sim sim.Config
	// Timeline is injected on the simulator's clock once serving.
	Timeline []demodata.Scheduled
	// NoChatter keeps customers from writing on their own (tests that
	// count messages).
	NoChatter bool
}

// demoServer is the demo backend: the shared server stack (store, sync
// hub, HTTP) with the simulator as its provider.
type demoServer struct {
	*stack
	sim *sim.Provider
}

// startDemoServer opens (or seeds, on first run) the demo store and serves
// it. The dataset's dates are moved so that its "today" is the first run's
// today; later runs keep what the earlier ones did.
func startDemoServer(cfg demoServerConfig) (*demoServer, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	raw, err := demodata.DatasetFor(cfg.Now())
	if err != nil {
		return nil, err
	}
	d := &demoServer{}
	st, err := startStack(stackConfig{
		Dir: cfg.Dir, Dataset: raw, Now: cfg.Now, Addr: cfg.Addr, Logger: cfg.Logger,
		// Closed after the store: pending receipts and replies are dropped.
		Provider: func(svc *backend.Service) (crm.Provider, io.Closer) {
			simCfg := cfg.Sim
			simCfg.Receiver, simCfg.Logger = svc, cfg.Logger
			var who func(context.Context) ([]sim.Pair, error)
			if !cfg.NoChatter {
				who = func(ctx context.Context) ([]sim.Pair, error) { return chattyCustomers(ctx, svc) }
			}
			d.sim = sim.New(demodata.SimConfig(simCfg, who))
			return d.sim, d.sim
		},
		ProviderInfo:    backend.ProviderInfo{Name: "sim"},
		ShutdownTimeout: 5 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("demo backend: %w", err)
	}
	d.stack = st
	for _, ev := range cfg.Timeline {
		// A fixed MessageSid per event: on a demo started again the
		// backend drops what the first run already received, so the story
		// continues rather than repeats.
		if err := d.sim.InjectAfterAs(ev.After, ev.ScriptedID(), ev.From, ev.To, ev.Body); err != nil {
			_ = d.Close()
			return nil, fmt.Errorf("schedule demo message from %s: %w", ev.From, err)
		}
	}
	cfg.Logger.Info("demo backend serving", "url", d.URL)
	return d, nil
}
