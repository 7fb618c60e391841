package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"smsdesk/crm"
)

// ProviderInfo tells the admin endpoints which provider the server runs
// and where the provider must call it (the URLs to paste into its console).
type ProviderInfo struct {
	Name      string // "twilio", "sim"
	PublicURL string // scheme://host[:port][/prefix], no trailing slash; "" when not configured
	// Callback paths relative to PublicURL: inbound messages and delivery
	// status (backend/twilio's InboundPath and StatusPath).
	InboundPath, StatusPath string
}

// adminRoute is one admin endpoint: its ServeMux pattern and handler.
type adminRoute struct {
	pattern string
	act     AdminAction // checked before the body is read
	h       authed
}

// adminRoutes lists every endpoint under /api/v1/admin/ with the action it
// performs. The caller's roles are checked against it before anything else
// (a seller gets 403 even for a malformed body), and again by the service
// method, which other callers (sync commands) reach too.
func (s *Server) adminRoutes() []adminRoute {
	return []adminRoute{
		{"GET /api/v1/admin/users", ActUsersList, s.adminListUsers},
		{"POST /api/v1/admin/users", ActUserAdd, s.adminAddUser},
		{"POST /api/v1/admin/users/{id}/rename", ActUserRename, s.adminRenameUser},
		{"PUT /api/v1/admin/users/{id}/roles", ActUserRoles, s.adminUserRoles},
		{"PUT /api/v1/admin/users/{id}/teams", ActUserTeams, s.adminUserTeams},
		{"POST /api/v1/admin/users/{id}/token", ActUserToken, s.adminIssueToken},
		{"DELETE /api/v1/admin/users/{id}/token", ActUserRevoke, s.adminRevokeToken},
		{"GET /api/v1/admin/teams", ActTeamsList, s.adminListTeams},
		{"POST /api/v1/admin/teams", ActTeamAdd, s.adminAddTeam},
		{"POST /api/v1/admin/teams/{id}/rename", ActTeamRename, s.adminRenameTeam},
		{"GET /api/v1/admin/teams/{id}/members", ActTeamsList, s.adminTeamMembers},
		{"GET /api/v1/admin/numbers", ActNumbersList, s.adminListNumbers},
		{"POST /api/v1/admin/numbers", ActNumberAdd, s.adminAddNumber},
		{"POST /api/v1/admin/numbers/{number}/rename", ActNumberRename, s.adminRenameNumber},
		{"PUT /api/v1/admin/numbers/{number}/type", ActNumberType, s.adminNumberType},
		{"PUT /api/v1/admin/numbers/{number}/owner", ActNumberOwner, s.adminNumberOwner},
		{"DELETE /api/v1/admin/numbers/{number}", ActNumberRemove, s.adminRemoveNumber},
		{"PUT /api/v1/admin/records/{id}/owner", ActRecordOwner, s.adminRecordOwner},
		{"GET /api/v1/admin/settings", ActSettingsShow, s.adminSettings},
		{"PUT /api/v1/admin/settings/notifications", ActNotifications, s.adminNotifications},
		{"GET /api/v1/admin/provider", ActProviderShow, s.adminProvider},
		{"PUT /api/v1/admin/provider", ActProviderSet, s.adminSetProvider},
		{"POST /api/v1/admin/provider/test", ActProviderTest, s.adminTestProvider},
		{"GET /api/v1/admin/backup", ActBackup, s.adminBackup},
		{"GET /api/v1/admin/export", ActExport, s.adminExport},
		{"GET /api/v1/admin/audit", ActAuditList, s.adminAudit},
		{"GET /api/v1/admin/check", ActCheck, s.adminCheck},
	}
}

// registerAdmin mounts the admin endpoints.
func (s *Server) registerAdmin() {
	for _, r := range s.adminRoutes() {
		s.mux.HandleFunc(r.pattern, s.auth(func(w http.ResponseWriter, req *http.Request, u crm.User) {
			if err := checkAdmin(u, r.act); err != nil {
				s.adminError(w, req, err)
				return
			}
			r.h(w, req, u)
		}))
	}
}

// adminError answers an error from an admin service method: a refusal
// with its status and field, anything else as 500.
func (s *Server) adminError(w http.ResponseWriter, r *http.Request, err error) {
	var ce *crm.CommandError
	if !errors.As(err, &ce) {
		if errors.Is(err, context.Canceled) {
			return // the client went away
		}
		s.internal(w, r, err)
		return
	}
	status := http.StatusBadRequest
	switch ce.Code {
	case crm.ErrNotFound:
		status = http.StatusNotFound
	case crm.ErrForbidden:
		status = http.StatusForbidden
	case crm.ErrConflict:
		status = http.StatusConflict
	}
	writeError(w, status, string(ce.Code), ce.Field, ce.Message)
}

// answer writes v (200) or the error.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.adminError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) adminListUsers(w http.ResponseWriter, r *http.Request, u crm.User) {
	users, err := s.svc.AdminUsers(r.Context(), u)
	s.answer(w, r, map[string]any{"users": users}, err)
}

func (s *Server) adminAddUser(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in NewUser
	if !decodeBody(w, r, &in) {
		return
	}
	nu, token, err := s.svc.AddUser(r.Context(), u, in)
	if err != nil {
		s.adminError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": nu, "token": token})
}

type nameBody struct {
	Name string `json:"name"`
}

func (s *Server) adminRenameUser(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in nameBody
	if !decodeBody(w, r, &in) {
		return
	}
	out, err := s.svc.RenameUser(r.Context(), u, r.PathValue("id"), in.Name)
	s.answer(w, r, map[string]any{"user": out}, err)
}

func (s *Server) adminUserRoles(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in struct {
		Roles []crm.Role `json:"roles"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	out, err := s.svc.SetUserRoles(r.Context(), u, r.PathValue("id"), in.Roles)
	s.answer(w, r, map[string]any{"user": out}, err)
}

func (s *Server) adminUserTeams(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in struct {
		Teams []string `json:"teams"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	out, err := s.svc.SetUserTeams(r.Context(), u, r.PathValue("id"), in.Teams)
	s.answer(w, r, map[string]any{"user": out}, err)
}

func (s *Server) adminIssueToken(w http.ResponseWriter, r *http.Request, u crm.User) {
	token, err := s.svc.IssueToken(r.Context(), u, r.PathValue("id"))
	s.answer(w, r, map[string]any{"user_id": r.PathValue("id"), "token": token}, err)
}

func (s *Server) adminRevokeToken(w http.ResponseWriter, r *http.Request, u crm.User) {
	err := s.svc.RevokeToken(r.Context(), u, r.PathValue("id"))
	s.answer(w, r, map[string]any{"user_id": r.PathValue("id"), "revoked": true}, err)
}

func (s *Server) adminListTeams(w http.ResponseWriter, r *http.Request, u crm.User) {
	teams, err := s.svc.AdminTeams(r.Context(), u)
	s.answer(w, r, map[string]any{"teams": teams}, err)
}

func (s *Server) adminAddTeam(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in crm.Team
	if !decodeBody(w, r, &in) {
		return
	}
	t, err := s.svc.AddTeam(r.Context(), u, in.ID, in.Name)
	if err != nil {
		s.adminError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"team": t})
}

func (s *Server) adminRenameTeam(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in nameBody
	if !decodeBody(w, r, &in) {
		return
	}
	t, err := s.svc.RenameTeam(r.Context(), u, r.PathValue("id"), in.Name)
	s.answer(w, r, map[string]any{"team": t}, err)
}

func (s *Server) adminTeamMembers(w http.ResponseWriter, r *http.Request, u crm.User) {
	members, err := s.svc.TeamMembers(r.Context(), u, r.PathValue("id"))
	s.answer(w, r, map[string]any{"members": members}, err)
}

func (s *Server) adminListNumbers(w http.ResponseWriter, r *http.Request, u crm.User) {
	nums, err := s.svc.AdminNumbers(r.Context(), u)
	s.answer(w, r, map[string]any{"numbers": nums}, err)
}

func (s *Server) adminAddNumber(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in NewNumber
	if !decodeBody(w, r, &in) {
		return
	}
	n, err := s.svc.AddNumber(r.Context(), u, in)
	if err != nil {
		s.adminError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"number": n})
}

func (s *Server) adminRenameNumber(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in nameBody
	if !decodeBody(w, r, &in) {
		return
	}
	n, err := s.svc.RenameNumber(r.Context(), u, r.PathValue("number"), in.Name)
	s.answer(w, r, map[string]any{"number": n}, err)
}

func (s *Server) adminNumberType(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in struct {
		Type crm.NumberType `json:"type"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	n, err := s.svc.SetNumberType(r.Context(), u, r.PathValue("number"), in.Type)
	s.answer(w, r, map[string]any{"number": n}, err)
}

type ownerBody struct {
	Owner crm.Owner `json:"owner"`
}

func (s *Server) adminNumberOwner(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in ownerBody
	if !decodeBody(w, r, &in) {
		return
	}
	n, err := s.svc.SetNumberOwner(r.Context(), u, r.PathValue("number"), in.Owner)
	s.answer(w, r, map[string]any{"number": n}, err)
}

func (s *Server) adminRemoveNumber(w http.ResponseWriter, r *http.Request, u crm.User) {
	n, err := s.svc.RemoveNumber(r.Context(), u, r.PathValue("number"))
	s.answer(w, r, map[string]any{"number": n}, err)
}

func (s *Server) adminRecordOwner(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in ownerBody
	if !decodeBody(w, r, &in) {
		return
	}
	rec, err := s.svc.SetRecordOwner(r.Context(), u, r.PathValue("id"), in.Owner)
	s.answer(w, r, map[string]any{"record": rec}, err)
}

func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request, u crm.User) {
	org, err := s.svc.AdminSettings(r.Context(), u)
	s.answer(w, r, map[string]any{"org": org}, err)
}

func (s *Server) adminNotifications(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in struct {
		Enabled *bool `json:"enabled"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if in.Enabled == nil {
		writeError(w, http.StatusBadRequest, "invalid", "enabled", "required: true or false")
		return
	}
	org, err := s.svc.SetNotifications(r.Context(), u, *in.Enabled)
	s.answer(w, r, map[string]any{"org": org}, err)
}

// providerView is what GET /api/v1/admin/provider answers.
type providerView struct {
	Provider    string         `json:"provider"`
	PublicURL   string         `json:"public_url,omitempty"`
	InboundURL  string         `json:"inbound_url,omitempty"`
	StatusURL   string         `json:"status_url,omitempty"`
	Note        string         `json:"note,omitempty"`
	Credentials MaskedProvider `json:"credentials"`
}

func (s *Server) providerView(m MaskedProvider) providerView {
	p := s.provider
	v := providerView{Provider: p.Name, PublicURL: p.PublicURL, Credentials: m}
	switch {
	case p.InboundPath == "":
		v.Note = "this provider needs no callback URLs (run smsdesk serve --provider twilio --public-url URL for Twilio's)"
	case p.PublicURL == "":
		v.Note = "start smsdesk serve with --public-url (the address Twilio reaches this server at) to get the callback URLs"
	default:
		v.InboundURL = p.PublicURL + p.InboundPath
		v.StatusURL = p.PublicURL + p.StatusPath
		v.Note = `paste inbound_url into the Twilio number's "A message comes in" webhook (HTTP POST); status_url is sent with every message`
	}
	return v
}

func (s *Server) adminProvider(w http.ResponseWriter, r *http.Request, u crm.User) {
	m, err := s.svc.AdminProvider(r.Context(), u)
	s.answer(w, r, s.providerView(m), err)
}

func (s *Server) adminSetProvider(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in ProviderSettingsUpdate
	if !decodeBody(w, r, &in) {
		return
	}
	p, err := s.svc.SetProviderSettings(r.Context(), u, in)
	s.answer(w, r, s.providerView(maskProvider(p)), err)
}

func (s *Server) adminTestProvider(w http.ResponseWriter, r *http.Request, u crm.User) {
	var in TestMessage
	if !decodeBody(w, r, &in) {
		return
	}
	res, err := s.svc.TestProvider(r.Context(), u, in)
	var ce *crm.CommandError
	if err != nil && !errors.As(err, &ce) {
		// The provider refused or failed: a clear answer, not a 500.
		writeError(w, http.StatusBadGateway, "provider_error", "", err.Error())
		return
	}
	s.answer(w, r, map[string]any{"result": res}, err)
}

func (s *Server) adminBackup(w http.ResponseWriter, r *http.Request, u crm.User) {
	started := false
	// Each chunk must reach the client within backupWriteTimeout: a client
	// that stops reading ends the download instead of holding its
	// goroutine and temporary file forever.
	dw := deadlineWriter{w: w, rc: http.NewResponseController(w), d: backupWriteTimeout}
	err := s.svc.Backup(r.Context(), u, dw, func(n int64) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="smsdesk.db"`)
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		w.WriteHeader(http.StatusOK)
		started = true
	})
	if err != nil && !started {
		s.adminError(w, r, err)
		return
	}
	if err != nil {
		// Mid-stream: the client sees a short body (Content-Length says so).
		s.log.Error("backup interrupted", "user", u.ID, "err", err)
	}
}

// backupWriteTimeout bounds one chunk of a backup download.
const backupWriteTimeout = 30 * time.Second

// deadlineWriter gives each write to an HTTP response its own deadline.
type deadlineWriter struct {
	w  io.Writer
	rc *http.ResponseController
	d  time.Duration
}

func (d deadlineWriter) Write(p []byte) (int, error) {
	// An error means the connection cannot take deadlines (not net/http's
	// own server): write without one.
	_ = d.rc.SetWriteDeadline(time.Now().Add(d.d))
	return d.w.Write(p)
}

func (s *Server) adminExport(w http.ResponseWriter, r *http.Request, u crm.User) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="smsdesk-export.json"`)
	if err := s.svc.Export(r.Context(), u, w); err != nil {
		// Headers are out: the client detects a truncated JSON document.
		s.log.Error("export interrupted", "user", u.ID, "err", err)
	}
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request, u crm.User) {
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			writeError(w, http.StatusBadRequest, "invalid", "limit", fmt.Sprintf("limit %q: want 1..10000", v))
			return
		}
		limit = n
	}
	entries, err := s.svc.Audit(r.Context(), u, limit)
	if entries == nil {
		entries = []AuditEntry{}
	}
	s.answer(w, r, map[string]any{"entries": entries}, err)
}

// trimSlash normalises a public URL.
func trimSlash(u string) string { return strings.TrimSuffix(u, "/") }
