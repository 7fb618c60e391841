package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"smsdesk/crm"
	"smsdesk/i18n"
	"smsdesk/safetext"
)

// adminLabelSet is the CLI's table headers and cell words (with
// adminTexts, everything `smsdesk admin` prints), from the catalog.
type adminLabelSet struct {
	UsersHeader, UserHeader, TeamsHeader, TeamHeader, MembersHeader, NumbersHeader, RecordHeader, OrgHeader, SettingHeader, SendHeader, AuditHeader []string
	Active, Removed, On, Off, Set, NotSet, Provider, InboundURL, StatusURL, AccountSID, AuthToken                                                   string
}

func newAdminLabels(t *i18n.Printer) adminLabelSet {
	col := func(keys ...i18n.Key) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = t.T(k)
		}
		return out
	}
	return adminLabelSet{
		UsersHeader:   col("cli.admin.col.id", "cli.admin.col.name", "cli.admin.col.roles", "cli.admin.col.teams", "cli.admin.col.token"),
		UserHeader:    col("cli.admin.col.id", "cli.admin.col.name", "cli.admin.col.roles", "cli.admin.col.teams"),
		TeamsHeader:   col("cli.admin.col.id", "cli.admin.col.name", "cli.admin.col.members"),
		TeamHeader:    col("cli.admin.col.id", "cli.admin.col.name"),
		MembersHeader: col("cli.admin.col.id", "cli.admin.col.name", "cli.admin.col.roles"),
		NumbersHeader: col("cli.admin.col.number", "cli.admin.col.name", "cli.admin.col.type", "cli.admin.col.owner", "cli.admin.col.state"),
		RecordHeader:  col("cli.admin.col.id", "cli.admin.col.type", "cli.admin.col.name", "cli.admin.col.owner"),
		OrgHeader:     col("cli.admin.col.org", "cli.admin.col.in_app_notifications"),
		SettingHeader: col("cli.admin.col.setting", "cli.admin.col.value"),
		SendHeader:    col("cli.admin.col.provider_id", "cli.admin.col.status", "cli.admin.col.error_code"),
		AuditHeader:   col("cli.admin.col.seq", "cli.admin.col.at", "cli.admin.col.actor", "cli.admin.col.action", "cli.admin.col.target", "cli.admin.col.before", "cli.admin.col.after"),
		Active:        t.T("cli.admin.active"),
		Removed:       t.T("cli.admin.removed"),
		On:            t.T("cli.admin.on"),
		Off:           t.T("cli.admin.off"),
		Set:           t.T("cli.admin.set"),
		NotSet:        t.T("cli.admin.not_set"),
		Provider:      t.T("cli.admin.provider"),
		InboundURL:    t.T("cli.admin.inbound_url"),
		StatusURL:     t.T("cli.admin.status_url"),
		AccountSID:    t.T("cli.admin.account_sid"),
		AuthToken:     t.T("cli.admin.auth_token"),
	}
}

// adminEnv is one admin invocation: where to write, whom to call.
type adminEnv struct {
	env    Env
	c      *adminClient
	out    io.Writer
	t      *i18n.Printer // every sentence comes from the catalog (cli.admin.*)
	labels adminLabelSet // table headers and cell words, likewise
}

// runAdmin parses the global flags, then runs one verb against the server.
func runAdmin(ctx context.Context, env Env, args []string) int {
	getenv := env.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	t := tuiPrinter(Env{Getenv: getenv}, args)
	fs := flag.NewFlagSet("smsdesk admin", flag.ContinueOnError)
	server := fs.String("server", firstNonEmpty(getenv("SMSDESK_SERVER"), "http://127.0.0.1:8080"), "server URL")
	token := fs.String("token", getenv("SMSDESK_TOKEN"), "bearer token")
	// Read by tuiPrinter before parsing; declared so that it is accepted.
	fs.String("lang", "", "language")
	fs.Usage = func() { fmt.Fprint(env.Stderr, t.T("cli.admin.usage")) }
	if err := parseFlags(fs, env.Stderr, t, hoistFlags(args, "server", "token", "lang")); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprint(env.Stderr, t.T("cli.admin.failed", err))
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fmt.Fprint(env.Stderr, t.T("cli.admin.usage"))
		return 2
	}
	if err := checkURL(*server); err != nil {
		fmt.Fprint(env.Stderr, t.T("cli.admin.failed", fmt.Errorf("--server: %w", err)))
		return 2
	}
	if *token == "" {
		fmt.Fprint(env.Stderr, t.T("cli.admin.failed", t.T("cli.admin.no_token")))
		return 2
	}
	a := &adminEnv{env: env, c: newAdminClient(*server, *token), out: env.Stdout, t: t, labels: newAdminLabels(t)}
	err := a.dispatch(ctx, rest)
	var ue usageError
	var unreachable *unreachableError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprint(env.Stderr, t.T("cli.admin.failed", safetext.Line(err.Error())))
		return 2
	case errors.As(err, &unreachable):
		fmt.Fprint(env.Stderr, t.T("cli.admin.unreachable", unreachable.Server, unreachable.Method, unreachable.URL, unreachable.Cause()))
		return 1
	default:
		// The server's refusal may quote what it refused: shown, not obeyed.
		fmt.Fprint(env.Stderr, t.T("cli.admin.failed", safetext.Line(err.Error())))
		return 1
	}
}

// hoistFlags moves the global flags names (with their values) found
// after the verb in front of it, so `smsdesk admin users list --token X`
// means what `smsdesk admin --token X users list` does. No verb has a flag
// of those names. "--" ends the flags: what follows stays where it is.
func hoistFlags(args []string, names ...string) []string {
	var front, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || !slices.Contains(names, name) {
			rest = append(rest, a)
			continue
		}
		front = append(front, a)
		if !hasValue && i+1 < len(args) {
			i++
			front = append(front, args[i])
		}
	}
	return append(front, rest...)
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// usage is a usageError saying catalog message key in the caller's language.
func (a *adminEnv) usage(key i18n.Key, args ...any) error { return usageError{a.t.T(key, args...)} }

func (a *adminEnv) dispatch(ctx context.Context, args []string) error {
	group, rest := args[0], args[1:]
	switch group {
	case "backup":
		return a.backup(ctx, rest)
	case "export":
		return a.export(ctx, rest)
	case "audit":
		return a.audit(ctx, rest)
	case "check":
		return a.check(ctx, rest)
	}
	verbs, ok := a.groups()[group]
	if !ok {
		return a.usage("cli.admin.unknown_group", group)
	}
	if len(rest) == 0 {
		return a.usage("cli.admin.unknown_verb", "", group)
	}
	fn, ok := verbs[rest[0]]
	if !ok {
		return a.usage("cli.admin.unknown_verb", rest[0], group)
	}
	cctx, cancel := context.WithTimeout(ctx, defaultAdminTimeout)
	defer cancel()
	return fn(cctx, rest[1:])
}

type verb func(ctx context.Context, args []string) error

func (a *adminEnv) groups() map[string]map[string]verb {
	return map[string]map[string]verb{
		"users": {"list": a.usersList, "add": a.usersAdd, "rename": a.usersRename, "roles": a.usersRoles,
			"teams": a.usersTeams, "token": a.usersToken, "revoke": a.usersRevoke},
		"teams": {"list": a.teamsList, "add": a.teamsAdd, "rename": a.teamsRename, "members": a.teamsMembers},
		"numbers": {"list": a.numbersList, "add": a.numbersAdd, "rename": a.numbersRename, "type": a.numbersType,
			"owner": a.numbersOwner, "remove": a.numbersRemove},
		"records":  {"owner": a.recordsOwner},
		"settings": {"show": a.settingsShow, "notifications": a.settingsNotifications},
		"provider": {"show": a.providerShow, "set": a.providerSet, "test": a.providerTest},
	}
}

// parseArgs parses flags anywhere among the arguments (Go's flag package
// stops at the first positional one) and checks the positional count.
func (a *adminEnv) parseArgs(fs *flag.FlagSet, args []string, want int, shape string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), flagError(a.t, err))
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if want >= 0 && len(pos) != want {
		return nil, a.usage("cli.admin.want_args", fs.Name(), shape)
	}
	return pos, nil
}

func (a *adminEnv) positional(name string, args []string, want int, shape string) ([]string, error) {
	return a.parseArgs(flag.NewFlagSet(name, flag.ContinueOnError), args, want, shape)
}

// parseOwner reads user:ID or team:ID.
func (a *adminEnv) parseOwner(s string) (crm.Owner, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || id == "" || (kind != string(crm.OwnerUser) && kind != string(crm.OwnerTeam)) {
		return crm.Owner{}, a.usage("cli.admin.bad_owner", s)
	}
	return crm.Owner{Kind: crm.OwnerKind(kind), ID: id}, nil
}

func ownerString(o crm.Owner) string { return string(o.Kind) + ":" + o.ID }

// splitList reads a,b,c; "none" or "" is the empty list.
func splitList(s string) []string {
	if s == "" || s == "none" {
		return []string{}
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// table prints rows under a header, aligned. Cells hold names and ids from
// the server, i.e. from outside: each is shown, never obeyed (safetext),
// which also keeps a tab or a line break in a name from breaking the
// columns.
func (a *adminEnv) table(header []string, rows [][]string) {
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = safetext.Line(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// createPrivate creates (replacing) a file only its owner can read:
// backups and exports hold every conversation, exports fresh tokens too.
func createPrivate(path string) (io.WriteCloser, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}
