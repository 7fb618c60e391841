package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"smsdesk/crm"
)

// adminText holds every user-facing sentence of `smsdesk admin`, in one
// place so it can move to the i18n catalog later (the catalog belongs to
// the TUI for now).
var adminText = struct {
	Usage, NoToken, UnknownGroup, UnknownVerb, Failed, TokenOnce, Revoked,
	BackupDone, ExportDone, ExportNote, NotifOnOff, WantArgs, BadOwner, Done string
}{
	Usage: `usage: smsdesk admin [--server URL] [--token TOKEN] <group> <verb> [args]

  --server  server URL (env SMSDESK_SERVER, default http://127.0.0.1:8080)
  --token   an admin's (or, for numbers list/owner, a manager's) bearer token (env SMSDESK_TOKEN)

  users list
  users add ID --name NAME [--first-name F] [--last-name L] [--roles seller,manager,admin] [--teams t1,t2] [--language en]
  users rename ID NAME
  users roles ID seller,manager|none
  users teams ID t1,t2|none
  users token ID                 issue a new token (shown once; the old one stops working)
  users revoke ID                revoke the user's token (REST 401, websocket closed)
  teams list
  teams add ID NAME
  teams rename ID NAME
  teams members ID
  numbers list
  numbers add NUMBER --name NAME --owner user:ID|team:ID [--type geo|toll_free]
  numbers rename NUMBER NAME
  numbers type NUMBER geo|toll_free
  numbers owner NUMBER user:ID|team:ID
  numbers remove NUMBER          conversations stay readable; sending is refused
  records owner RECORD_ID user:ID|team:ID
  settings show
  settings notifications on|off
  provider show                  callback URLs to paste into Twilio, credentials (token masked)
  provider set [--account-sid AC…] [--auth-token-stdin]
  provider test --from NUMBER --to NUMBER [--body TEXT]
  backup FILE                    consistent copy of the server's smsdesk.db (written 0600)
  export FILE                    everything as a dataset file for serve --dataset (written 0600)
  audit [--limit N]              administrative changes, newest first
`,
	NoToken:      "a token is required: --token or SMSDESK_TOKEN",
	UnknownGroup: "unknown command %q (users, teams, numbers, records, settings, provider, backup, export, audit)",
	UnknownVerb:  "unknown verb %q for %s",
	Failed:       "smsdesk admin: %v\n",
	TokenOnce:    "token for %s (shown once, store it now): %s\n",
	Revoked:      "token of %s revoked\n",
	BackupDone:   "backup: %d bytes written to %s\nrestore: stop the server, copy the file to DIR/smsdesk.db, start smsdesk serve --data DIR\n",
	ExportDone:   "export: %d bytes written to %s\n",
	ExportNote:   "note: every user got a fresh token in the file (tokens are stored hashed and cannot be exported); keep the file secret\n",
	NotifOnOff:   "want on or off, not %q",
	WantArgs:     "%s: want %s",
	BadOwner:     "owner %q: want user:ID or team:ID",
	Done:         "ok\n",
}

// adminLabels are the CLI's table headers and cell words (with adminText,
// everything `smsdesk admin` prints).
var adminLabels = struct {
	UsersHeader, UserHeader, TeamsHeader, TeamHeader, MembersHeader, NumbersHeader,
	RecordHeader, OrgHeader, SettingHeader, SendHeader, AuditHeader []string
	Active, Removed, On, Off, Set, NotSet, Provider, InboundURL, StatusURL, AccountSID, AuthToken string
}{
	UsersHeader:   []string{"ID", "NAME", "ROLES", "TEAMS", "TOKEN"},
	UserHeader:    []string{"ID", "NAME", "ROLES", "TEAMS"},
	TeamsHeader:   []string{"ID", "NAME", "MEMBERS"},
	TeamHeader:    []string{"ID", "NAME"},
	MembersHeader: []string{"ID", "NAME", "ROLES"},
	NumbersHeader: []string{"NUMBER", "NAME", "TYPE", "OWNER", "STATE"},
	RecordHeader:  []string{"ID", "TYPE", "NAME", "OWNER"},
	OrgHeader:     []string{"ORG", "IN-APP NOTIFICATIONS"},
	SettingHeader: []string{"SETTING", "VALUE"},
	SendHeader:    []string{"PROVIDER ID", "STATUS", "ERROR CODE"},
	AuditHeader:   []string{"SEQ", "AT", "ACTOR", "ACTION", "TARGET", "BEFORE", "AFTER"},
	Active:        "active",
	Removed:       "removed",
	On:            "on",
	Off:           "off",
	Set:           "set",
	NotSet:        "not set",
	Provider:      "provider",
	InboundURL:    "inbound URL (A message comes in)",
	StatusURL:     "status callback URL",
	AccountSID:    "Twilio Account SID",
	AuthToken:     "Twilio auth token",
}

// adminEnv is one admin invocation: where to write, whom to call.
type adminEnv struct {
	env Env
	c   *adminClient
	out io.Writer
}

// runAdmin parses the global flags, then runs one verb against the server.
func runAdmin(ctx context.Context, env Env, args []string) int {
	getenv := env.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	fs := flag.NewFlagSet("smsdesk admin", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	server := fs.String("server", firstNonEmpty(getenv("SMSDESK_SERVER"), "http://127.0.0.1:8080"), "server URL")
	token := fs.String("token", getenv("SMSDESK_TOKEN"), "bearer token")
	fs.Usage = func() { fmt.Fprint(env.Stderr, adminText.Usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fmt.Fprint(env.Stderr, adminText.Usage)
		return 2
	}
	if err := checkURL(*server); err != nil {
		fmt.Fprintf(env.Stderr, adminText.Failed, fmt.Errorf("--server: %w", err))
		return 2
	}
	if *token == "" {
		fmt.Fprintf(env.Stderr, adminText.Failed, adminText.NoToken)
		return 2
	}
	a := &adminEnv{env: env, c: newAdminClient(*server, *token), out: env.Stdout}
	err := a.dispatch(ctx, rest)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, adminText.Failed, err)
		return 2
	default:
		fmt.Fprintf(env.Stderr, adminText.Failed, err)
		return 1
	}
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func (a *adminEnv) dispatch(ctx context.Context, args []string) error {
	group, rest := args[0], args[1:]
	switch group {
	case "backup":
		return a.backup(ctx, rest)
	case "export":
		return a.export(ctx, rest)
	case "audit":
		return a.audit(ctx, rest)
	}
	verbs, ok := a.groups()[group]
	if !ok {
		return usagef(adminText.UnknownGroup, group)
	}
	if len(rest) == 0 {
		return usagef(adminText.UnknownVerb, "", group)
	}
	fn, ok := verbs[rest[0]]
	if !ok {
		return usagef(adminText.UnknownVerb, rest[0], group)
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
func parseArgs(fs *flag.FlagSet, args []string, want int, shape string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if want >= 0 && len(pos) != want {
		return nil, usagef(adminText.WantArgs, fs.Name(), shape)
	}
	return pos, nil
}

func positional(name string, args []string, want int, shape string) ([]string, error) {
	return parseArgs(flag.NewFlagSet(name, flag.ContinueOnError), args, want, shape)
}

// parseOwner reads user:ID or team:ID.
func parseOwner(s string) (crm.Owner, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || id == "" || (kind != string(crm.OwnerUser) && kind != string(crm.OwnerTeam)) {
		return crm.Owner{}, usagef(adminText.BadOwner, s)
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

// table prints rows under a header, aligned.
func (a *adminEnv) table(header []string, rows [][]string) {
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
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
