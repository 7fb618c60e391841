package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// The verbs of `smsdesk admin`: each parses its arguments, calls one
// endpoint and prints a table or one line.

type userRow struct {
	crm.User
	HasToken bool `json:"has_token"`
}

func rolesString(rs []crm.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return orDash(strings.Join(s, ","))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (a *adminEnv) usersList(ctx context.Context, args []string) error {
	if _, err := a.positional("users list", args, 0, "no arguments"); err != nil {
		return err
	}
	var out struct{ Users []userRow }
	if err := a.c.do(ctx, http.MethodGet, adminPath("users"), nil, &out); err != nil {
		return err
	}
	rows := make([][]string, 0, len(out.Users))
	for _, u := range out.Users {
		rows = append(rows, []string{u.ID, u.Name, rolesString(u.Roles), orDash(strings.Join(u.Teams, ",")), strconv.FormatBool(u.HasToken)})
	}
	a.table(a.labels.UsersHeader, rows)
	return nil
}

func (a *adminEnv) usersAdd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("users add", flag.ContinueOnError)
	name := fs.String("name", "", "display name")
	first := fs.String("first-name", "", "first name")
	last := fs.String("last-name", "", "last name")
	roles := fs.String("roles", "seller", "comma-separated roles")
	teams := fs.String("teams", "", "comma-separated team ids")
	lang := fs.String("language", "en", "en, fr, gl")
	pos, err := a.parseArgs(fs, args, 1, "ID --name NAME")
	if err != nil {
		return err
	}
	in := map[string]any{"id": pos[0], "name": *name, "first_name": *first, "last_name": *last,
		"roles": splitList(*roles), "teams": splitList(*teams), "language": *lang}
	var out struct {
		User  crm.User
		Token string
	}
	if err := a.c.do(ctx, http.MethodPost, adminPath("users"), in, &out); err != nil {
		return err
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.token_once", out.User.ID, out.Token))
	return nil
}

func (a *adminEnv) usersRename(ctx context.Context, args []string) error {
	pos, err := a.positional("users rename", args, 2, "ID NAME")
	if err != nil {
		return err
	}
	return a.printUser(ctx, http.MethodPost, adminPath("users", pos[0], "rename"), map[string]string{"name": pos[1]})
}

func (a *adminEnv) usersRoles(ctx context.Context, args []string) error {
	pos, err := a.positional("users roles", args, 2, "ID seller,manager|none")
	if err != nil {
		return err
	}
	return a.printUser(ctx, http.MethodPut, adminPath("users", pos[0], "roles"), map[string]any{"roles": splitList(pos[1])})
}

func (a *adminEnv) usersTeams(ctx context.Context, args []string) error {
	pos, err := a.positional("users teams", args, 2, "ID t1,t2|none")
	if err != nil {
		return err
	}
	return a.printUser(ctx, http.MethodPut, adminPath("users", pos[0], "teams"), map[string]any{"teams": splitList(pos[1])})
}

func (a *adminEnv) printUser(ctx context.Context, method, path string, in any) error {
	var out struct{ User crm.User }
	if err := a.c.do(ctx, method, path, in, &out); err != nil {
		return err
	}
	u := out.User
	a.table(a.labels.UserHeader, [][]string{{u.ID, u.Name, rolesString(u.Roles), orDash(strings.Join(u.Teams, ","))}})
	return nil
}

func (a *adminEnv) usersToken(ctx context.Context, args []string) error {
	pos, err := a.positional("users token", args, 1, "ID")
	if err != nil {
		return err
	}
	var out struct {
		UserID string `json:"user_id"`
		Token  string
	}
	if err := a.c.do(ctx, http.MethodPost, adminPath("users", pos[0], "token"), nil, &out); err != nil {
		return err
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.token_once", out.UserID, out.Token))
	return nil
}

func (a *adminEnv) usersRevoke(ctx context.Context, args []string) error {
	pos, err := a.positional("users revoke", args, 1, "ID")
	if err != nil {
		return err
	}
	if err := a.c.do(ctx, http.MethodDelete, adminPath("users", pos[0], "token"), nil, nil); err != nil {
		return err
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.revoked", pos[0]))
	return nil
}

func (a *adminEnv) teamsList(ctx context.Context, args []string) error {
	if _, err := a.positional("teams list", args, 0, "no arguments"); err != nil {
		return err
	}
	var out struct {
		Teams []struct {
			ID, Name string
			Members  []string
		}
	}
	if err := a.c.do(ctx, http.MethodGet, adminPath("teams"), nil, &out); err != nil {
		return err
	}
	rows := make([][]string, 0, len(out.Teams))
	for _, t := range out.Teams {
		rows = append(rows, []string{t.ID, t.Name, orDash(strings.Join(t.Members, ","))})
	}
	a.table(a.labels.TeamsHeader, rows)
	return nil
}

func (a *adminEnv) teamsAdd(ctx context.Context, args []string) error {
	pos, err := a.positional("teams add", args, 2, "ID NAME")
	if err != nil {
		return err
	}
	return a.printTeam(ctx, http.MethodPost, adminPath("teams"), map[string]string{"id": pos[0], "name": pos[1]})
}

func (a *adminEnv) teamsRename(ctx context.Context, args []string) error {
	pos, err := a.positional("teams rename", args, 2, "ID NAME")
	if err != nil {
		return err
	}
	return a.printTeam(ctx, http.MethodPost, adminPath("teams", pos[0], "rename"), map[string]string{"name": pos[1]})
}

func (a *adminEnv) printTeam(ctx context.Context, method, path string, in any) error {
	var out struct{ Team crm.Team }
	if err := a.c.do(ctx, method, path, in, &out); err != nil {
		return err
	}
	a.table(a.labels.TeamHeader, [][]string{{out.Team.ID, out.Team.Name}})
	return nil
}

func (a *adminEnv) teamsMembers(ctx context.Context, args []string) error {
	pos, err := a.positional("teams members", args, 1, "ID")
	if err != nil {
		return err
	}
	var out struct{ Members []crm.User }
	if err := a.c.do(ctx, http.MethodGet, adminPath("teams", pos[0], "members"), nil, &out); err != nil {
		return err
	}
	rows := make([][]string, 0, len(out.Members))
	for _, u := range out.Members {
		rows = append(rows, []string{u.ID, u.Name, rolesString(u.Roles)})
	}
	a.table(a.labels.MembersHeader, rows)
	return nil
}

func (a *adminEnv) numberRow(n crm.BusinessNumber) []string {
	state := a.labels.Active
	if n.Removed {
		state = a.labels.Removed
	}
	return []string{n.Number, n.Name, string(n.Type), ownerString(n.Owner), state}
}

func (a *adminEnv) numbersList(ctx context.Context, args []string) error {
	if _, err := a.positional("numbers list", args, 0, "no arguments"); err != nil {
		return err
	}
	var out struct{ Numbers []crm.BusinessNumber }
	if err := a.c.do(ctx, http.MethodGet, adminPath("numbers"), nil, &out); err != nil {
		return err
	}
	rows := make([][]string, 0, len(out.Numbers))
	for _, n := range out.Numbers {
		rows = append(rows, a.numberRow(n))
	}
	a.table(a.labels.NumbersHeader, rows)
	return nil
}

func (a *adminEnv) numbersAdd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("numbers add", flag.ContinueOnError)
	name := fs.String("name", "", "unique name")
	owner := fs.String("owner", "", "user:ID or team:ID")
	typ := fs.String("type", "geo", "geo or toll_free")
	pos, err := a.parseArgs(fs, args, 1, "NUMBER --name NAME --owner user:ID|team:ID")
	if err != nil {
		return err
	}
	o, err := a.parseOwner(*owner)
	if err != nil {
		return err
	}
	return a.printNumber(ctx, http.MethodPost, adminPath("numbers"), map[string]any{"number": pos[0], "name": *name, "type": *typ, "owner": o})
}

func (a *adminEnv) numbersRename(ctx context.Context, args []string) error {
	pos, err := a.positional("numbers rename", args, 2, "NUMBER NAME")
	if err != nil {
		return err
	}
	return a.printNumber(ctx, http.MethodPost, adminPath("numbers", pos[0], "rename"), map[string]string{"name": pos[1]})
}

func (a *adminEnv) numbersType(ctx context.Context, args []string) error {
	pos, err := a.positional("numbers type", args, 2, "NUMBER geo|toll_free")
	if err != nil {
		return err
	}
	return a.printNumber(ctx, http.MethodPut, adminPath("numbers", pos[0], "type"), map[string]string{"type": pos[1]})
}

func (a *adminEnv) numbersOwner(ctx context.Context, args []string) error {
	pos, err := a.positional("numbers owner", args, 2, "NUMBER user:ID|team:ID")
	if err != nil {
		return err
	}
	o, err := a.parseOwner(pos[1])
	if err != nil {
		return err
	}
	return a.printNumber(ctx, http.MethodPut, adminPath("numbers", pos[0], "owner"), map[string]any{"owner": o})
}

func (a *adminEnv) numbersRemove(ctx context.Context, args []string) error {
	pos, err := a.positional("numbers remove", args, 1, "NUMBER")
	if err != nil {
		return err
	}
	return a.printNumber(ctx, http.MethodDelete, adminPath("numbers", pos[0]), nil)
}

func (a *adminEnv) printNumber(ctx context.Context, method, path string, in any) error {
	var out struct{ Number crm.BusinessNumber }
	if err := a.c.do(ctx, method, path, in, &out); err != nil {
		return err
	}
	a.table(a.labels.NumbersHeader, [][]string{a.numberRow(out.Number)})
	return nil
}

func (a *adminEnv) recordsOwner(ctx context.Context, args []string) error {
	pos, err := a.positional("records owner", args, 2, "RECORD_ID user:ID|team:ID")
	if err != nil {
		return err
	}
	o, err := a.parseOwner(pos[1])
	if err != nil {
		return err
	}
	var out struct{ Record crm.Record }
	if err := a.c.do(ctx, http.MethodPut, adminPath("records", pos[0], "owner"), map[string]any{"owner": o}, &out); err != nil {
		return err
	}
	r := out.Record
	a.table(a.labels.RecordHeader, [][]string{{r.ID, string(r.Type), r.Name, ownerString(r.Owner)}})
	return nil
}

func (a *adminEnv) settingsShow(ctx context.Context, args []string) error {
	if _, err := a.positional("settings show", args, 0, "no arguments"); err != nil {
		return err
	}
	var out struct{ Org crm.Org }
	if err := a.c.do(ctx, http.MethodGet, adminPath("settings"), nil, &out); err != nil {
		return err
	}
	a.printOrg(out.Org)
	return nil
}

func (a *adminEnv) printOrg(o crm.Org) {
	on := a.labels.Off
	if o.InAppNotifications {
		on = a.labels.On
	}
	a.table(a.labels.OrgHeader, [][]string{{o.Name, on}})
}

func (a *adminEnv) settingsNotifications(ctx context.Context, args []string) error {
	pos, err := a.positional("settings notifications", args, 1, "on|off")
	if err != nil {
		return err
	}
	var on bool
	switch pos[0] {
	case "on":
		on = true
	case "off":
	default:
		return a.usage("cli.admin.notif_on_off", pos[0])
	}
	var out struct{ Org crm.Org }
	if err := a.c.do(ctx, http.MethodPut, adminPath("settings", "notifications"), map[string]bool{"enabled": on}, &out); err != nil {
		return err
	}
	a.printOrg(out.Org)
	return nil
}

type providerOut struct {
	Provider    string `json:"provider"`
	PublicURL   string `json:"public_url"`
	InboundURL  string `json:"inbound_url"`
	StatusURL   string `json:"status_url"`
	Note        string `json:"note"`
	Credentials struct {
		AccountSID string    `json:"twilio_account_sid"`
		TokenSet   bool      `json:"twilio_auth_token_set"`
		TokenEnd   string    `json:"twilio_auth_token_last4"`
		UpdatedAt  time.Time `json:"updated_at"`
		UpdatedBy  string    `json:"updated_by"`
	} `json:"credentials"`
}

func (a *adminEnv) printProvider(p providerOut) {
	token := a.labels.NotSet
	if p.Credentials.TokenSet {
		token = a.labels.Set
		if p.Credentials.TokenEnd != "" {
			token += " (…" + p.Credentials.TokenEnd + ")"
		}
	}
	rows := [][]string{
		{a.labels.Provider, orDash(p.Provider)},
		{a.labels.InboundURL, orDash(p.InboundURL)},
		{a.labels.StatusURL, orDash(p.StatusURL)},
		{a.labels.AccountSID, orDash(p.Credentials.AccountSID)},
		{a.labels.AuthToken, token},
	}
	a.table(a.labels.SettingHeader, rows)
	if p.Note != "" {
		fmt.Fprintln(a.out, safetext.Line(p.Note))
	}
}

func (a *adminEnv) providerShow(ctx context.Context, args []string) error {
	if _, err := a.positional("provider show", args, 0, "no arguments"); err != nil {
		return err
	}
	var out providerOut
	if err := a.c.do(ctx, http.MethodGet, adminPath("provider"), nil, &out); err != nil {
		return err
	}
	a.printProvider(out)
	return nil
}

// providerSet reads the auth token from stdin (one line) rather than a
// flag, so it stays out of shell history and process listings.
func (a *adminEnv) providerSet(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("provider set", flag.ContinueOnError)
	sid := fs.String("account-sid", "", "Twilio Account SID (AC…)")
	fromStdin := fs.Bool("auth-token-stdin", false, "read the Twilio auth token from standard input")
	if _, err := a.parseArgs(fs, args, 0, "[--account-sid AC…] [--auth-token-stdin]"); err != nil {
		return err
	}
	in := map[string]string{}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "account-sid" {
			in["twilio_account_sid"] = *sid
		}
	})
	if *fromStdin {
		line, err := bufio.NewReader(a.env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read the auth token from stdin: %w", err)
		}
		in["twilio_auth_token"] = strings.TrimSpace(line)
	}
	if len(in) == 0 {
		return a.usage("cli.admin.want_args", "provider set", a.t.T("cli.admin.provider_set_args"))
	}
	var out providerOut
	if err := a.c.do(ctx, http.MethodPut, adminPath("provider"), in, &out); err != nil {
		return err
	}
	a.printProvider(out)
	return nil
}

func (a *adminEnv) providerTest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("provider test", flag.ContinueOnError)
	from := fs.String("from", "", "business number")
	to := fs.String("to", "", "recipient")
	body := fs.String("body", "", "text (default: smsdesk test message)")
	if _, err := a.parseArgs(fs, args, 0, "--from NUMBER --to NUMBER [--body TEXT]"); err != nil {
		return err
	}
	var out struct{ Result crm.SendResult }
	if err := a.c.do(ctx, http.MethodPost, adminPath("provider", "test"), map[string]string{"from": *from, "to": *to, "body": *body}, &out); err != nil {
		return err
	}
	r := out.Result
	a.table(a.labels.SendHeader, [][]string{{orDash(r.ProviderID), orDash(string(r.Status)), orDash(r.ErrorCode)}})
	return nil
}

func (a *adminEnv) backup(ctx context.Context, args []string) error {
	pos, err := a.positional("backup", args, 1, "FILE")
	if err != nil {
		return err
	}
	n, err := a.c.download(ctx, adminPath("backup"), pos[0], createPrivate, os.Rename)
	if err != nil {
		return err
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.backup_done", n, pos[0]))
	return nil
}

func (a *adminEnv) export(ctx context.Context, args []string) error {
	pos, err := a.positional("export", args, 1, "FILE")
	if err != nil {
		return err
	}
	n, err := a.c.download(ctx, adminPath("export"), pos[0], createPrivate, os.Rename)
	if err != nil {
		return err
	}
	if !json.Valid(mustRead(pos[0])) {
		return fmt.Errorf("export %s: the server ended the file early (see its log)", pos[0])
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.export_done", n, pos[0]))
	fmt.Fprint(a.env.Stderr, a.t.T("cli.admin.export_note"))
	return nil
}

func mustRead(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

func (a *adminEnv) audit(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	limit := fs.Int("limit", 50, "entries to show, newest first")
	if _, err := a.parseArgs(fs, args, 0, "[--limit N]"); err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, defaultAdminTimeout)
	defer cancel()
	var out struct {
		Entries []struct {
			Seq    uint64
			At     time.Time
			Actor  string
			Action string
			Target string
			Before json.RawMessage
			After  json.RawMessage
		}
	}
	if err := a.c.do(cctx, http.MethodGet, adminPath("audit")+"?limit="+strconv.Itoa(*limit), nil, &out); err != nil {
		return err
	}
	rows := make([][]string, 0, len(out.Entries))
	for _, e := range out.Entries {
		rows = append(rows, []string{strconv.FormatUint(e.Seq, 10), e.At.UTC().Format(time.RFC3339), e.Actor, e.Action,
			orDash(e.Target), string(e.Before), string(e.After)})
	}
	a.table(a.labels.AuditHeader, rows)
	return nil
}
