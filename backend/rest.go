package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"smsdesk/crm"
)

// MaxJSONBody limits every request body the REST API reads.
const MaxJSONBody = 64 << 10

// ServerConfig configures NewServer.
type ServerConfig struct {
	// Webhooks is the provider's webhook handler (backend/twilio), mounted
	// under /webhooks/twilio/. Nil leaves the path unmounted (404).
	Webhooks http.Handler
	// Extra mounts more handlers by ServeMux pattern, e.g. "GET /ws" for
	// sync. Server.Handle does the same after construction.
	Extra  map[string]http.Handler
	Logger *slog.Logger
	// Provider describes the provider for the admin endpoints (the
	// callback URLs to paste into its console).
	Provider ProviderInfo
	// BodyTimeout bounds reading any request's body; a body not complete
	// by then gets 408 (or the connection is closed). Default
	// DefaultBodyTimeout.
	BodyTimeout time.Duration
}

// Server is the HTTP side of the backend: REST, health, webhooks and
// whatever else is mounted on it.
type Server struct {
	svc         *Service
	mux         *http.ServeMux
	log         *slog.Logger
	provider    ProviderInfo
	bodyTimeout time.Duration
}

// NewServer builds the HTTP handler for svc.
func NewServer(svc *Service, cfg ServerConfig) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.Provider.PublicURL = trimSlash(cfg.Provider.PublicURL)
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	s := &Server{svc: svc, mux: http.NewServeMux(), log: log.With("component", "rest"), provider: cfg.Provider,
		bodyTimeout: cfg.BodyTimeout}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /api/v1/me", s.auth(s.getMe))
	s.mux.HandleFunc("GET /api/v1/conversations", s.auth(s.listConversations))
	s.mux.HandleFunc("GET /api/v1/conversations/{id}", s.auth(s.getConversation))
	s.mux.HandleFunc("GET /api/v1/conversations/{id}/messages", s.auth(s.listMessages))
	s.mux.HandleFunc("POST /api/v1/conversations/{id}/messages", s.auth(s.sendMessage))
	s.mux.HandleFunc("POST /api/v1/conversations/{id}/move", s.auth(s.moveConversation))
	s.mux.HandleFunc("POST /api/v1/conversations/{id}/read", s.auth(s.markRead))
	s.mux.HandleFunc("GET /api/v1/records", s.auth(s.searchRecords))
	s.mux.HandleFunc("GET /api/v1/notifications", s.auth(s.listNotifications))
	s.registerAdmin() // /api/v1/admin/… (admin_rest.go)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	if cfg.Webhooks != nil {
		s.mux.Handle("/webhooks/twilio/", cfg.Webhooks)
	}
	for pattern, h := range cfg.Extra {
		s.mux.Handle(pattern, h)
	}
	return s
}

// Handle mounts h on the server's mux (e.g. sync's "GET /ws"). Call it
// before serving.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP limits every request body in size and time (limitBody), then
// routes. Handlers that need more (none today) would have to raise the
// limits themselves.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	limitBody(w, r, s.bodyTimeout)
	s.mux.ServeHTTP(w, r)
}

// authed is a handler that knows its user.
type authed func(w http.ResponseWriter, r *http.Request, u crm.User)

// auth resolves the bearer token (BearerToken: the scheme in any case);
// anything else is 401.
func (s *Server) auth(h authed) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := BearerToken(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="smsdesk"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "", "missing bearer token (Authorization: Bearer <token>)")
			return
		}
		u, err := s.svc.Authenticate(token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="smsdesk", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "", "unknown or revoked token")
			return
		}
		h(w, r, u)
	}
}

// errorBody is every error the API answers.
type errorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, code, field, msg string) {
	writeJSON(w, status, errorBody{Error: apiError{Code: code, Field: field, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		// The client went away; nothing to tell it.
		return
	}
}

// decodeBody reads one strict JSON object into v. It writes the 400 or 413
// itself and reports false when the body is unusable.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "", fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
	case errors.Is(err, os.ErrDeadlineExceeded):
		writeError(w, http.StatusRequestTimeout, "timeout", "", "request body not received in time")
	case errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, "invalid", "", "empty body: a JSON object is required")
	case errors.As(err, &syn):
		writeError(w, http.StatusBadRequest, "invalid", "", fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, err))
	case errors.As(err, &typ):
		writeError(w, http.StatusBadRequest, "invalid", typ.Field, fmt.Sprintf("%s must be %s, not %s", typ.Field, typ.Type, typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		writeError(w, http.StatusBadRequest, "invalid", field, fmt.Sprintf("unknown field %q", field))
	default:
		writeError(w, http.StatusBadRequest, "invalid", "", "malformed JSON: "+err.Error())
	}
	return false
}

// writeResult answers a command result: 2xx with the payload when it was
// applied, otherwise the status matching its error code.
func writeResult(w http.ResponseWriter, okStatus int, res crm.CommandResult) {
	if res.OK {
		writeJSON(w, okStatus, res)
		return
	}
	status := http.StatusInternalServerError
	code, field, msg := crm.ErrInternal, "", "unknown error"
	if res.Error != nil {
		code, field, msg = res.Error.Code, res.Error.Field, res.Error.Message
	}
	switch code {
	case crm.ErrInvalid:
		status = http.StatusBadRequest
	case crm.ErrNotFound:
		status = http.StatusNotFound
	case crm.ErrForbidden:
		status = http.StatusForbidden
	case crm.ErrOptedOut, crm.ErrConflict, crm.ErrCannotReply:
		status = http.StatusConflict
	case crm.ErrInvalidPhone:
		status = http.StatusUnprocessableEntity
	}
	body := struct {
		Error        apiError          `json:"error"`
		Message      *crm.Message      `json:"message,omitempty"`
		Conversation *crm.Conversation `json:"conversation,omitempty"`
	}{apiError{Code: string(code), Field: field, Message: msg}, res.Message, res.Conversation}
	writeJSON(w, status, body)
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "", "internal error")
}
