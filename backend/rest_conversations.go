package backend

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"smsdesk/crm"
)

// recordView is a conversation's record as the REST API shows it.
type recordView struct {
	Type crm.RecordType `json:"type"`
	ID   string         `json:"id"`
	Name string         `json:"name"`
}

// conversationJSON is one row of GET /api/v1/conversations.
type conversationJSON struct {
	ID             string               `json:"id"`
	Record         recordView           `json:"record"`
	BusinessNumber string               `json:"business_number"`
	CustomerNumber string               `json:"customer_number"`
	CreatedAt      time.Time            `json:"created_at"`
	LastMessageAt  *time.Time           `json:"last_message_at,omitempty"`
	LastMessage    *crm.Message         `json:"last_message,omitempty"`
	UnreadCount    int                  `json:"unread_count"`
	RoutingRule    crm.RoutingRule      `json:"routing_rule,omitempty"`
	LastRouting    *crm.RoutingDecision `json:"last_routing,omitempty"`
	OptedOut       bool                 `json:"opted_out"`
	// SenderKind is "short_code" or "alphanumeric" for a customer that is
	// not a phone number; CanReply is false then (sends are refused).
	SenderKind crm.SenderKind `json:"sender_kind,omitempty"`
	CanReply   bool           `json:"can_reply"`
}

func toConversationJSON(c crm.Conversation, unread int) conversationJSON {
	j := conversationJSON{
		ID:             c.ID,
		Record:         recordView{Type: c.Record.Type, ID: c.Record.ID, Name: c.RecordName},
		BusinessNumber: c.BusinessNumber,
		CustomerNumber: c.CustomerNumber,
		CreatedAt:      c.CreatedAt,
		LastMessage:    c.LastMessage,
		UnreadCount:    unread,
		LastRouting:    c.LastRouting,
		OptedOut:       c.OptedOut,
		SenderKind:     c.SenderKind,
		CanReply:       c.CanReply(),
	}
	if !c.LastMessageAt.IsZero() {
		t := c.LastMessageAt
		j.LastMessageAt = &t
	}
	if c.LastRouting != nil {
		j.RoutingRule = c.LastRouting.Rule
	}
	return j
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request, u crm.User) {
	writeJSON(w, http.StatusOK, map[string]any{"user": u})
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request, u crm.User) {
	views, err := s.svc.ConversationList(r.Context(), u.ID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := make([]conversationJSON, 0, len(views))
	for _, v := range views {
		out = append(out, toConversationJSON(v.Conversation, v.Unread))
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversations": out})
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request, u crm.User) {
	if badID(w, "id", r.PathValue("id")) {
		return
	}
	c, err := s.svc.Conversation(r.Context(), u.ID, r.PathValue("id"))
	if s.notFound(w, r, err) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversation": toConversationJSON(c, 0)})
}

// notFound answers 404 for ErrNotFound (which also covers what the user may
// not see) and 500 for any other error; false when err is nil.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "", "conversation not found")
	default:
		s.internal(w, r, err)
	}
	return true
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, u crm.User) {
	limit := 500
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			writeError(w, http.StatusBadRequest, "invalid", "limit", "limit must be a number from 1 to 5000")
			return
		}
		limit = n
	}
	if badID(w, "id", r.PathValue("id")) {
		return
	}
	if after := r.URL.Query().Get("after"); after != "" && badID(w, "after", after) {
		return
	}
	msgs, err := s.svc.ConversationMessages(r.Context(), u.ID, r.PathValue("id"), r.URL.Query().Get("after"), limit)
	if s.notFound(w, r, err) {
		return
	}
	if msgs == nil {
		msgs = []crm.Message{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": msgs})
}

// sendRequest is POST /api/v1/conversations/{id}/messages. ID, when given,
// is the command id: posting the same id twice sends once.
type sendRequest struct {
	ID         string `json:"id"`
	Body       string `json:"body"`
	From       string `json:"from"`
	To         string `json:"to"`
	WorkItemID string `json:"work_item_id"`
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, u crm.User) {
	var req sendRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if badID(w, "id", r.PathValue("id")) {
		return
	}
	conv, err := s.svc.Conversation(r.Context(), u.ID, r.PathValue("id"))
	if s.notFound(w, r, err) {
		return
	}
	if req.ID == "" {
		req.ID = s.svc.newID("cmd")
	}
	res := s.svc.Apply(r.Context(), u.ID, crm.Command{
		ID:   req.ID,
		Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{
			ConversationID: conv.ID,
			Record:         conv.Record,
			From:           req.From,
			To:             req.To,
			Body:           req.Body,
			WorkItemID:     req.WorkItemID,
		},
	})
	writeResult(w, http.StatusAccepted, res)
}

// moveRequest is POST /api/v1/conversations/{id}/move.
type moveRequest struct {
	ID string        `json:"id"`
	To crm.RecordRef `json:"to"`
}

func (s *Server) moveConversation(w http.ResponseWriter, r *http.Request, u crm.User) {
	var req moveRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if badID(w, "id", r.PathValue("id")) {
		return
	}
	if req.To.ID == "" {
		writeError(w, http.StatusBadRequest, "invalid", "to.id", "the record to move the conversation to is required: {\"to\":{\"type\":...,\"id\":...}}")
		return
	}
	if req.ID == "" {
		req.ID = s.svc.newID("cmd")
	}
	res := s.svc.Apply(r.Context(), u.ID, crm.Command{
		ID:   req.ID,
		Kind: crm.CmdMoveConversation,
		Move: &crm.MoveConversation{ConversationID: r.PathValue("id"), To: req.To},
	})
	writeResult(w, http.StatusOK, res)
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request, u crm.User) {
	if badID(w, "id", r.PathValue("id")) {
		return
	}
	res := s.svc.Apply(r.Context(), u.ID, crm.Command{
		ID: s.svc.newID("cmd"), Kind: crm.CmdMarkRead, ConversationID: r.PathValue("id"),
	})
	writeResult(w, http.StatusOK, res)
}

func (s *Server) searchRecords(w http.ResponseWriter, r *http.Request, u crm.User) {
	recs, err := s.svc.SearchRecords(r.Context(), r.URL.Query().Get("q"), 50)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if recs == nil {
		recs = []crm.Record{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"records": recs})
}

func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request, u crm.User) {
	ns, err := s.svc.Notifications(r.Context(), u.ID, 200)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if ns == nil {
		ns = []crm.Notification{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
}
