package backend

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

const tokRoot = "root-token-0123456789"

// adminDataset is base.json plus u_root, an admin in no team.
func adminDataset(t testing.TB) []byte {
	return dataset(t, "base.json", func(tree map[string]any) {
		tree["users"] = append(tree["users"].([]any), map[string]any{
			"id": "u_root", "name": "Root Admin", "token": tokRoot, "roles": []any{"admin"},
		})
	})
}

// storeDigest hashes every bucket but the audit log (reads never write
// it), so "changes nothing" can be checked byte for byte.
func storeDigest(t *testing.T, svc *Service) [32]byte {
	t.Helper()
	h := sha256.New()
	err := svc.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			h.Write(name)
			return b.ForEach(func(k, v []byte) error {
				h.Write(k)
				h.Write([]byte{0})
				h.Write(v)
				h.Write([]byte{0})
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// fillPath puts sample values into a route's {wildcards}.
func fillPath(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{id}", "u_bob")
	path = strings.ReplaceAll(path, "{number}", numWest)
	return method, path
}

// sampleBody is a valid body for every mutating route, so that a refusal
// can only come from the caller's role.
func sampleBody(path string) any {
	switch {
	case strings.HasSuffix(path, "/roles"):
		return map[string]any{"roles": []string{"seller"}}
	case strings.HasSuffix(path, "/teams") && strings.Contains(path, "/users/"):
		return map[string]any{"teams": []string{"t_west"}}
	case strings.HasSuffix(path, "/owner"):
		return map[string]any{"owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}}
	case strings.HasSuffix(path, "/rename"):
		return map[string]any{"name": "Renamed"}
	case strings.HasSuffix(path, "/type"):
		return map[string]any{"type": "toll_free"}
	case strings.HasSuffix(path, "/notifications"):
		return map[string]any{"enabled": false}
	case strings.HasSuffix(path, "/provider/test"):
		return map[string]any{"from": numWest, "to": phoneJane}
	case strings.HasSuffix(path, "/provider"):
		return map[string]any{"twilio_account_sid": "AC0123456789abcdef0123456789abcdef"}
	case strings.HasSuffix(path, "/admin/users"):
		return map[string]any{"id": "u_new", "name": "New"}
	case strings.HasSuffix(path, "/admin/teams"):
		return map[string]any{"id": "t_new", "name": "New"}
	case strings.HasSuffix(path, "/admin/numbers"):
		return map[string]any{"number": "+14155550177", "name": "New", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}
	}
	return nil
}

func TestAdminRolesOnEveryRoute(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	routes := NewServer(e.svc, ServerConfig{}).adminRoutes()
	if len(routes) < 20 {
		t.Fatalf("only %d admin routes", len(routes))
	}
	for _, r := range routes {
		method, path := fillPath(r.pattern)
		body := sampleBody(path)
		if st := e.do(method, path, tokAlice, body, nil); st != http.StatusForbidden {
			t.Errorf("seller %s %s: %d, want 403", method, path, st)
		}
		if st := e.do(method, path, tokAlice, "{not json", nil); st != http.StatusForbidden {
			t.Errorf("seller with a malformed body %s %s: %d, want 403", method, path, st)
		}
		if st := e.do(method, path, "no-such-token-0123456789", body, nil); st != http.StatusUnauthorized {
			t.Errorf("unknown token %s %s: %d, want 401", method, path, st)
		}
		if st := e.do(method, path, "", body, nil); st != http.StatusUnauthorized {
			t.Errorf("no token %s %s: %d, want 401", method, path, st)
		}
		// dave is a manager (not a seller): numbers list and owner only.
		managerMay := r.pattern == "GET /api/v1/admin/numbers" || r.pattern == "PUT /api/v1/admin/numbers/{number}/owner"
		if st := e.do(method, path, tokDave, body, nil); !managerMay && st != http.StatusForbidden {
			t.Errorf("manager %s %s: %d, want 403", method, path, st)
		}
	}
	var nums struct{ Numbers []crm.BusinessNumber }
	if st := e.do("GET", "/api/v1/admin/numbers", tokDave, nil, &nums); st != 200 || len(nums.Numbers) != 3 {
		t.Fatalf("manager numbers list: %d %+v", st, nums)
	}
}

func TestAdminSellerChangesNothing(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	before, seq := storeDigest(t, e.svc), e.svc.LastSeq()
	for _, r := range NewServer(e.svc, ServerConfig{}).adminRoutes() {
		method, path := fillPath(r.pattern)
		e.do(method, path, tokBob, sampleBody(path), nil)
	}
	if after := storeDigest(t, e.svc); after != before || e.svc.LastSeq() != seq {
		t.Fatalf("a seller's refused calls changed the store (seq %d → %d)", seq, e.svc.LastSeq())
	}
}

type apiErr struct {
	Error struct {
		Code, Field, Message string
	}
}

func TestAdminBadInputNamesFieldAndChangesNothing(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	cases := []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"invalid number", "POST", "/api/v1/admin/numbers", map[string]any{"number": "+1555", "name": "X", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 400, "number"},
		{"short code", "POST", "/api/v1/admin/numbers", map[string]any{"number": "+14155550177", "name": "X", "type": "short_code", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 400, "type"},
		{"duplicate number", "POST", "/api/v1/admin/numbers", map[string]any{"number": "+1 415 555 0100", "name": "X", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 409, "number"},
		{"duplicate number name", "POST", "/api/v1/admin/numbers", map[string]any{"number": "+14155550177", "name": "west DESK", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 409, "name"},
		{"unknown owner user", "POST", "/api/v1/admin/numbers", map[string]any{"number": "+14155550177", "name": "X", "owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_nobody"}}, 404, "owner"},
		{"unknown owner team", "PUT", "/api/v1/admin/numbers/" + numWest + "/owner", map[string]any{"owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_nowhere"}}, 404, "owner"},
		{"bad owner kind", "PUT", "/api/v1/admin/numbers/" + numWest + "/owner", map[string]any{"owner": crm.Owner{Kind: "robot", ID: "x"}}, 400, "owner"},
		{"unknown number", "PUT", "/api/v1/admin/numbers/+14155559999/owner", map[string]any{"owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 404, "number"},
		{"unknown user", "POST", "/api/v1/admin/users/u_nobody/rename", map[string]any{"name": "X"}, 404, "id"},
		{"duplicate user", "POST", "/api/v1/admin/users", map[string]any{"id": "u_bob", "name": "Bob again"}, 409, "id"},
		{"unknown team for user", "PUT", "/api/v1/admin/users/u_bob/teams", map[string]any{"teams": []string{"t_west", "t_nowhere"}}, 404, "teams[1]"},
		{"unknown role", "PUT", "/api/v1/admin/users/u_bob/roles", map[string]any{"roles": []string{"seller", "king"}}, 400, "roles[1]"},
		{"duplicate team name", "POST", "/api/v1/admin/teams", map[string]any{"id": "t_new", "name": "west"}, 409, "name"},
		{"duplicate team id", "POST", "/api/v1/admin/teams", map[string]any{"id": "t_west", "name": "Other"}, 409, "id"},
		{"team id with space", "POST", "/api/v1/admin/teams", map[string]any{"id": "t new", "name": "Other"}, 400, "id"},
		{"team id with NUL", "POST", "/api/v1/admin/teams", map[string]any{"id": "t_west\u0000x", "name": "Other"}, 400, "id"},
		{"user id not ASCII", "POST", "/api/v1/admin/users", map[string]any{"id": "u_zoë", "name": "Zoë"}, 400, "id"},
		{"rename team to another's name", "POST", "/api/v1/admin/teams/t_west/rename", map[string]any{"name": "EAST"}, 409, "name"},
		{"empty user name", "POST", "/api/v1/admin/users/u_bob/rename", map[string]any{"name": "  "}, 400, "name"},
		{"unknown record", "PUT", "/api/v1/admin/records/c_nobody/owner", map[string]any{"owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}, 404, "id"},
		{"bad account sid", "PUT", "/api/v1/admin/provider", map[string]any{"twilio_account_sid": "XX123"}, 400, "twilio_account_sid"},
		{"unknown body field", "PUT", "/api/v1/admin/settings/notifications", map[string]any{"enabled": true, "colour": "red"}, 400, "colour"},
		{"missing enabled", "PUT", "/api/v1/admin/settings/notifications", map[string]any{}, 400, "enabled"},
		{"test from unknown number", "POST", "/api/v1/admin/provider/test", map[string]any{"from": "+14155559999", "to": phoneJane}, 404, "from"},
		{"test to invalid number", "POST", "/api/v1/admin/provider/test", map[string]any{"from": numWest, "to": "12"}, 400, "to"},
		{"audit limit", "GET", "/api/v1/admin/audit?limit=0", nil, 400, "limit"},
	}
	before, seq := storeDigest(t, e.svc), e.svc.LastSeq()
	for _, c := range cases {
		var out apiErr
		st := e.do(c.method, c.path, tokRoot, c.body, &out)
		if st != c.status || out.Error.Field != c.field || out.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d naming %q", c.name, st, out.Error, c.status, c.field)
		}
	}
	if after := storeDigest(t, e.svc); after != before || e.svc.LastSeq() != seq {
		t.Fatalf("refused changes changed the store (seq %d → %d)", seq, e.svc.LastSeq())
	}
}

// audit reads the audit log over REST.
func (e *env) audit(token string) []AuditEntry {
	e.t.Helper()
	var out struct{ Entries []AuditEntry }
	if st := e.do("GET", "/api/v1/admin/audit?limit=1000", token, nil, &out); st != 200 {
		e.t.Fatalf("audit: %d", st)
	}
	return out.Entries
}

func TestAdminChangesAreAudited(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	owner := func(k crm.OwnerKind, id string) map[string]any {
		return map[string]any{"owner": crm.Owner{Kind: k, ID: id}}
	}
	steps := []struct {
		method, path string
		body         any
		action       AdminAction
		target       string
	}{
		{"POST", "/api/v1/admin/teams", map[string]any{"id": "t_north", "name": "North"}, ActTeamAdd, "t_north"},
		{"POST", "/api/v1/admin/teams/t_north/rename", map[string]any{"name": "North desk"}, ActTeamRename, "t_north"},
		{"POST", "/api/v1/admin/users", map[string]any{"id": "u_erin", "name": "Erin", "roles": []string{"seller"}, "teams": []string{"t_north"}}, ActUserAdd, "u_erin"},
		{"POST", "/api/v1/admin/users/u_erin/rename", map[string]any{"name": "Erin Doe"}, ActUserRename, "u_erin"},
		{"PUT", "/api/v1/admin/users/u_erin/roles", map[string]any{"roles": []string{"seller", "manager"}}, ActUserRoles, "u_erin"},
		{"PUT", "/api/v1/admin/users/u_erin/teams", map[string]any{"teams": []string{"t_west"}}, ActUserTeams, "u_erin"},
		{"POST", "/api/v1/admin/users/u_erin/token", nil, ActUserToken, "u_erin"},
		{"DELETE", "/api/v1/admin/users/u_erin/token", nil, ActUserRevoke, "u_erin"},
		{"POST", "/api/v1/admin/numbers", map[string]any{"number": "+1 (415) 555-0177", "name": "North line", "owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_north"}}, ActNumberAdd, "+14155550177"},
		{"POST", "/api/v1/admin/numbers/+14155550177/rename", map[string]any{"name": "North main"}, ActNumberRename, "+14155550177"},
		{"PUT", "/api/v1/admin/numbers/+14155550177/type", map[string]any{"type": "toll_free"}, ActNumberType, "+14155550177"},
		{"PUT", "/api/v1/admin/numbers/+14155550177/owner", owner(crm.OwnerUser, "u_bob"), ActNumberOwner, "+14155550177"},
		{"DELETE", "/api/v1/admin/numbers/+14155550177", nil, ActNumberRemove, "+14155550177"},
		{"PUT", "/api/v1/admin/records/c_jane/owner", owner(crm.OwnerTeam, "t_west"), ActRecordOwner, "c_jane"},
		{"PUT", "/api/v1/admin/settings/notifications", map[string]any{"enabled": false}, ActNotifications, "org"},
		{"PUT", "/api/v1/admin/provider", map[string]any{"twilio_account_sid": "AC0123456789abcdef0123456789abcdef", "twilio_auth_token": "0123456789abcdef0123456789abcdef"}, ActProviderSet, "twilio"},
	}
	for i, s := range steps {
		if st := e.do(s.method, s.path, tokRoot, s.body, nil); st/100 != 2 {
			t.Fatalf("step %d %s %s: %d", i, s.method, s.path, st)
		}
	}
	entries := e.audit(tokRoot)
	if len(entries) != len(steps) {
		t.Fatalf("%d audit entries for %d changes", len(entries), len(steps))
	}
	for i, s := range steps {
		got := entries[len(entries)-1-i] // newest first
		if got.Action != s.action || got.Target != s.target || got.Actor != "u_root" || got.At.IsZero() {
			t.Errorf("entry for step %d: %+v, want %s on %s", i, got, s.action, s.target)
		}
		if s.method != "POST" || !strings.HasSuffix(s.path, "s") { // changes of existing things have a before
			if string(got.Before) == "null" && s.action != ActTeamAdd && s.action != ActUserAdd && s.action != ActNumberAdd {
				t.Errorf("%s: no before", s.action)
			}
		}
	}
	// Secrets never reach the log: not the bearer tokens' hashes, not the
	// Twilio auth token (only its last four characters).
	raw, _ := json.Marshal(entries)
	if strings.Contains(string(raw), "0123456789abcdef0123456789abcdef\"") && strings.Contains(string(raw), "auth_token\":\"") {
		t.Errorf("audit log holds the auth token: %s", raw)
	}
	if strings.Contains(string(raw), "token_hash") {
		t.Errorf("audit log holds a token hash")
	}
	if e.do("GET", "/api/v1/admin/audit", tokAlice, nil, nil) != http.StatusForbidden {
		t.Error("a seller read the audit log")
	}
	// The provider settings answer never carries the token.
	var pv map[string]any
	e.do("GET", "/api/v1/admin/provider", tokRoot, nil, &pv)
	if b, _ := json.Marshal(pv); strings.Contains(string(b), "0123456789abcdef0123456789abcdef\"") && strings.Contains(string(b), "token\"") {
		t.Errorf("provider answer leaks the token: %s", b)
	}
	if got := e.svc.ProviderSettings().TwilioAuthToken; got != "0123456789abcdef0123456789abcdef" {
		t.Errorf("stored auth token %q", got)
	}
}

func TestRevokedTokenRefusedAndHookFires(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	fired := make(chan string, 4)
	cancel := e.svc.OnTokenRevoked(func(uid string) { fired <- uid })
	defer cancel()
	if st := e.do("GET", "/api/v1/me", tokBob, nil, nil); st != 200 {
		t.Fatalf("bob before: %d", st)
	}
	if st := e.do("DELETE", "/api/v1/admin/users/u_bob/token", tokRoot, nil, nil); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	if st := e.do("GET", "/api/v1/me", tokBob, nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("bob after revoke: %d", st)
	}
	if uid := <-fired; uid != "u_bob" {
		t.Fatalf("hook fired for %q", uid)
	}
	var out struct{ Token string }
	if st := e.do("POST", "/api/v1/admin/users/u_bob/token", tokRoot, nil, &out); st != 200 || len(out.Token) < 16 {
		t.Fatalf("new token: %d %q", st, out.Token)
	}
	if st := e.do("GET", "/api/v1/me", out.Token, nil, nil); st != 200 {
		t.Fatalf("bob with the new token: %d", st)
	}
	// Replacing a token revokes the previous one too.
	var again struct{ Token string }
	e.do("POST", "/api/v1/admin/users/u_bob/token", tokRoot, nil, &again)
	if st := e.do("GET", "/api/v1/me", out.Token, nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("replaced token still works: %d", st)
	}
	if uid := <-fired; uid != "u_bob" {
		t.Fatalf("hook fired for %q", uid)
	}
	// The new token survives a restart (only its hash is stored).
	e.close()
	e.open(e.prov)
	if st := e.do("GET", "/api/v1/me", again.Token, nil, nil); st != 200 {
		t.Fatalf("new token after restart: %d", st)
	}
}

func TestAdminProviderShowsCallbackURLs(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	e.srv.Config.Handler = NewServer(e.svc, ServerConfig{Provider: ProviderInfo{Name: "twilio", PublicURL: "https://sms.example.com/",
		InboundPath: "/webhooks/twilio/sms", StatusPath: "/webhooks/twilio/status"}})
	var pv providerView
	if st := e.do("GET", "/api/v1/admin/provider", tokRoot, nil, &pv); st != 200 {
		t.Fatalf("provider: %d", st)
	}
	if pv.InboundURL != "https://sms.example.com/webhooks/twilio/sms" || pv.StatusURL != "https://sms.example.com/webhooks/twilio/status" {
		t.Fatalf("callback URLs: %+v", pv)
	}
	if pv.Credentials.TwilioAuthTokenSet || pv.Credentials.TwilioAccountSID != "" {
		t.Fatalf("credentials before any were set: %+v", pv.Credentials)
	}
}

func TestSetNumberOwnerCommand(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	cmd := func(id string, owner crm.Owner) crm.Command {
		return crm.Command{ID: id, Kind: crm.CmdSetNumberOwner, NumberOwner: &crm.SetNumberOwner{Number: numWest, Owner: owner}}
	}
	east := crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}
	seq := e.svc.LastSeq()
	if res := e.svc.Apply(t.Context(), "u_alice", cmd("cmd_o1", east)); res.OK || res.Error.Code != crm.ErrForbidden {
		t.Fatalf("seller: %+v", res)
	}
	if res := e.svc.Apply(t.Context(), "u_dave", cmd("cmd_o2", crm.Owner{Kind: crm.OwnerTeam, ID: "t_gone"})); res.OK || res.Error.Field != "owner" {
		t.Fatalf("unknown team: %+v", res)
	}
	if e.svc.LastSeq() != seq {
		t.Fatal("refused commands emitted events")
	}
	if res := e.svc.Apply(t.Context(), "u_dave", cmd("cmd_o3", east)); !res.OK {
		t.Fatalf("manager: %+v", res.Error)
	}
	if got := e.svc.dir.Load().numbers[numWest].Owner; got != east {
		t.Fatalf("owner %+v", got)
	}
	if a := e.audit(tokRoot); len(a) != 1 || a[0].Action != ActNumberOwner || a[0].Actor != "u_dave" {
		t.Fatalf("audit: %+v", a)
	}
}

func TestSellerRoleRevokedNotifies(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	kinds := func(tok string) []crm.NotificationKind {
		var out []crm.NotificationKind
		for _, n := range e.notifications(tok) {
			out = append(out, n.Kind)
		}
		return out
	}
	if st := e.do("PUT", "/api/v1/admin/users/u_bob/roles", tokRoot, map[string]any{"roles": []string{"manager"}}, nil); st != 200 {
		t.Fatalf("roles: %d", st)
	}
	if k := kinds(tokBob); len(k) != 1 || k[0] != crm.NotifyPrivilegeRevoked {
		t.Fatalf("bob's notifications: %v", k)
	}
	// With notifications off, the change is made but nobody is notified.
	e.do("PUT", "/api/v1/admin/settings/notifications", tokRoot, map[string]any{"enabled": false}, nil)
	if st := e.do("PUT", "/api/v1/admin/users/u_alice/roles", tokRoot, map[string]any{"roles": []string{}}, nil); st != 200 {
		t.Fatalf("roles: %d", st)
	}
	if k := kinds(tokAlice); len(k) != 0 {
		t.Fatalf("alice notified with notifications off: %v", k)
	}
	if u, _ := e.svc.dir.Load().user("u_alice"); u.HasRole(crm.RoleSeller) {
		t.Fatal("alice is still a seller")
	}
}

func TestRemovedNumberStaysReadableButCannotSend(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	e.inbound("SMrm1", phoneJane, numAlice, "hello")
	conv, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok {
		t.Fatal("no conversation")
	}
	n := len(e.messages(tokAlice, conv.ID))
	if st := e.do("DELETE", "/api/v1/admin/numbers/"+numAlice, tokRoot, nil, nil); st != 200 {
		t.Fatalf("remove: %d", st)
	}
	if _, ok := e.conversationOn(tokAlice, numAlice, phoneJane); !ok || len(e.messages(tokAlice, conv.ID)) != n {
		t.Fatal("the conversation of a removed number is no longer readable")
	}
	var out apiErr
	if st := e.do("POST", "/api/v1/conversations/"+conv.ID+"/messages", tokAlice, map[string]any{"id": "cmd_rm", "body": "hi"}, &out); st != http.StatusForbidden || out.Error.Field != "from" {
		t.Fatalf("send from a removed number: %d %+v", st, out)
	}
	if st := e.do("DELETE", "/api/v1/admin/numbers/"+numAlice, tokRoot, nil, &out); st != http.StatusConflict {
		t.Fatalf("removing twice: %d", st)
	}
}
