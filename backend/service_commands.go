package backend

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"smsdesk/crm"

	bolt "go.etcd.io/bbolt"
)

// appliedCommand is a command's stored result: a replay of the same id gets
// it back instead of running the command again.
type appliedCommand struct {
	User   string            `json:"user"`
	Kind   crm.CommandKind   `json:"kind"`
	Result crm.CommandResult `json:"result"`
}

// refusal builds a refused result.
func refusal(id string, code crm.ErrorCode, field, msg string) crm.CommandResult {
	return crm.CommandResult{ID: id, Error: &crm.CommandError{Code: code, Field: field, Message: msg}}
}

// commandKey is where userID's command id is recorded: each user's command
// ids are their own, so an id another user holds is simply a different key
// (no answer can tell a user that someone else used it).
func commandKey(userID, cmdID string) []byte { return joinKey(userID, cmdID) }

// appliedBy finds userID's earlier command cmdID. Stores written before
// command ids were kept per user hold it under the bare id: that record
// counts only if userID made it; another user's is as good as absent.
func appliedBy(b *bolt.Bucket, userID, cmdID string) (appliedCommand, bool, error) {
	var prev appliedCommand
	found, err := getJSON(b, string(commandKey(userID, cmdID)), &prev)
	if err != nil || found {
		return prev, found, err
	}
	found, err = getJSON(b, cmdID, &prev)
	if err != nil || !found || prev.User != userID {
		return appliedCommand{}, false, err
	}
	return prev, true, nil
}

// idRefusal is the refusal for an id the grammar refuses, naming its field.
func idRefusal(cmdID string, err error) crm.CommandResult {
	var ie *crm.IDError
	if !errors.As(err, &ie) {
		return refusal(cmdID, crm.ErrInvalid, "id", err.Error())
	}
	bare := *ie
	bare.Field = "" // the refusal names it in its own Field
	return refusal(cmdID, crm.ErrInvalid, ie.Field, bare.Error())
}

// Apply runs a command for userID at most once per command id and returns
// the stored result on a replay. Refusals (not found, opted out, invalid…)
// are stored too, so a replay is answered the same way; only internal
// errors, which commit nothing, may be retried.
func (s *Service) Apply(ctx context.Context, userID string, cmd crm.Command) crm.CommandResult {
	if err := crm.CheckCommandIDs(cmd); err != nil {
		return idRefusal(cmd.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return refusal(cmd.ID, crm.ErrInternal, "", err.Error())
	}
	if _, ok := s.dir.Load().user(userID); !ok {
		return refusal(cmd.ID, crm.ErrNotFound, "", "unknown user")
	}
	var res crm.CommandResult
	err := s.write(func(w *writeTx) error {
		// Checked again as of this transaction: an administrative change
		// committed since the request came in (teams, roles, removal)
		// applies to this command.
		u, ok := w.dir.user(userID)
		if !ok {
			res = refusal(cmd.ID, crm.ErrNotFound, "", "unknown user")
			return nil
		}
		prev, found, err := appliedBy(w.tx.Bucket(bCommands), userID, cmd.ID)
		if err != nil {
			return err
		}
		if found {
			res, err = s.replayResult(w, u, prev.Result)
			return err
		}
		res, err = s.applyCommand(w, u, cmd)
		if err != nil {
			return err
		}
		res.ID = cmd.ID
		res.OK = res.Error == nil
		return putJSON(w.tx.Bucket(bCommands), commandKey(userID, cmd.ID), appliedCommand{User: userID, Kind: cmd.Kind, Result: res})
	})
	if err != nil {
		s.log.Error("command failed", "id", cmd.ID, "kind", cmd.Kind, "user", userID, "err", err)
		return refusal(cmd.ID, crm.ErrInternal, "", "the server could not apply the command; retry later")
	}
	return res
}

// replayResult is a stored result as a replay returns it: the
// conversation and message it carries are dropped when u may no longer see
// that conversation now (visibility is checked as Apply checks it, against
// the current directory and the conversation as stored now).
func (s *Service) replayResult(w *writeTx, u crm.User, res crm.CommandResult) (crm.CommandResult, error) {
	var convIDs []string
	if res.Conversation != nil {
		convIDs = append(convIDs, res.Conversation.ID)
	}
	if res.Message != nil {
		convIDs = append(convIDs, res.Message.ConversationID)
	}
	for _, id := range convIDs {
		if _, err := s.visibleConversation(w.kv, w.dir, u, id); err != nil {
			if !errors.Is(err, ErrNotFound) {
				return crm.CommandResult{}, err
			}
			res.Conversation, res.Message = nil, nil
			break
		}
	}
	return res, nil
}

// applyCommand dispatches one command inside the transaction. A refusal is
// returned as a result (and must have written nothing); an error aborts.
func (s *Service) applyCommand(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	switch cmd.Kind {
	case crm.CmdSendMessage:
		return s.applySend(w, u, cmd)
	case crm.CmdMoveConversation:
		return s.applyMove(w, u, cmd)
	case crm.CmdMarkRead:
		return s.applyMarkRead(w, u, cmd)
	case crm.CmdMarkNotificationRead:
		return s.applyNotificationRead(w, u, cmd)
	case crm.CmdMarkAllRead:
		return s.applyMarkAllRead(w, u, cmd)
	case crm.CmdCreateTemplate:
		return s.applyCreateTemplate(w, u, cmd)
	case crm.CmdUpdateTemplate:
		return s.applyUpdateTemplate(w, u, cmd)
	case crm.CmdDeleteTemplate:
		return s.applyDeleteTemplate(w, u, cmd)
	case crm.CmdCompleteWorkItem:
		return s.applyCompleteWorkItem(w, u, cmd.ID, cmd.WorkItemID, "work_item_id")
	case crm.CmdSetNumberOwner:
		return s.applySetNumberOwner(w, u, cmd)
	case crm.CmdSkipWorkItem, crm.CmdSnoozeWorkItem:
		return s.applyStepChange(w, u, cmd)
	}
	return refusal(cmd.ID, crm.ErrInvalid, "kind", fmt.Sprintf("unknown command kind %q", cmd.Kind)), nil
}

// notFoundOr turns ErrNotFound into a refusal and passes other errors on.
func notFoundOr(id, field, what string, err error) (crm.CommandResult, error) {
	if errors.Is(err, ErrNotFound) {
		return refusal(id, crm.ErrNotFound, field, what+" not found"), nil
	}
	return crm.CommandResult{}, err
}

func (s *Service) applyMove(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	mv := cmd.Move
	if mv == nil {
		return refusal(cmd.ID, crm.ErrInvalid, "move", "missing"), nil
	}
	conv, err := s.visibleConversation(w.kv, w.dir, u, mv.ConversationID)
	if err != nil {
		return notFoundOr(cmd.ID, "conversation_id", "conversation", err)
	}
	rec, ok, err := getRecord(w.kv, mv.To.ID)
	if err != nil {
		return crm.CommandResult{}, err
	}
	if !ok {
		return refusal(cmd.ID, crm.ErrNotFound, "to.id", fmt.Sprintf("record %q not found", mv.To.ID)), nil
	}
	if mv.To.Type != "" && mv.To.Type != rec.Type {
		return refusal(cmd.ID, crm.ErrInvalid, "to.type", fmt.Sprintf("record %s is a %s, not a %s", rec.ID, rec.Type, mv.To.Type)), nil
	}
	if conv.Record.ID == rec.ID {
		return crm.CommandResult{Conversation: &conv}, nil
	}
	oldAud, err := s.audience(w.kv, w.dir, conv)
	if err != nil {
		return crm.CommandResult{}, err
	}
	old := conv.Record.ID
	conv.Record = rec.Ref()
	conv.RecordName = rec.Name
	if err := putConversation(w.kv, conv, old); err != nil {
		return crm.CommandResult{}, err
	}
	if err := w.emitAudienceChange(conv, oldAud); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{Conversation: &conv}, nil
}

// emitAudienceChange tells users who lost sight of conv (revoked), those who
// gained it (granted: sync sends them the history) and then everyone who
// sees it now (the conversation itself).
func (w *writeTx) emitAudienceChange(conv crm.Conversation, oldAud []string) error {
	newAud, err := w.s.audience(w.kv, w.dir, conv)
	if err != nil {
		return err
	}
	lost := slices.DeleteFunc(slices.Clone(oldAud), func(id string) bool { return slices.Contains(newAud, id) })
	gained := slices.DeleteFunc(slices.Clone(newAud), func(id string) bool { return slices.Contains(oldAud, id) })
	if len(lost) > 0 {
		if err := w.emit(crm.Event{Kind: crm.EventConversationRevoked, Audience: lost, ConversationID: conv.ID}); err != nil {
			return err
		}
	}
	if len(gained) > 0 {
		c := conv
		if err := w.emit(crm.Event{Kind: crm.EventConversationGranted, Audience: gained, Conversation: &c, ConversationID: conv.ID}); err != nil {
			return err
		}
	}
	c := conv
	return w.emit(crm.Event{Kind: crm.EventConversation, Audience: newAud, Conversation: &c})
}

func (s *Service) applyMarkRead(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	conv, err := s.visibleConversation(w.kv, w.dir, u, cmd.ConversationID)
	if err != nil {
		return notFoundOr(cmd.ID, "conversation_id", "conversation", err)
	}
	at := w.now
	if err := w.tx.Bucket(bReadMarks).Put(joinKey(u.ID, conv.ID), []byte(at.Format(timeFormat))); err != nil {
		return crm.CommandResult{}, fmt.Errorf("store read mark: %w", err)
	}
	if err := w.emit(crm.Event{Kind: crm.EventConversationRead, Audience: []string{u.ID}, ConversationID: conv.ID, ReadAt: &at}); err != nil {
		return crm.CommandResult{}, err
	}
	// What was read needs no notification any more: the bell on every
	// device of the user follows the notification events.
	if err := w.readNotifications(u.ID, func(n crm.Notification) bool { return n.ConversationID == conv.ID }); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{Conversation: &conv}, nil
}

func (s *Service) applyNotificationRead(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	b := w.tx.Bucket(bNotifications)
	key := joinKey(u.ID, cmd.NotificationID)
	var n crm.Notification
	ok, err := getJSON(b, string(key), &n)
	if err != nil {
		return crm.CommandResult{}, err
	}
	if !ok || cmd.NotificationID == "" {
		return refusal(cmd.ID, crm.ErrNotFound, "notification_id", "notification not found"), nil
	}
	if n.ReadAt == nil {
		at := w.now
		n.ReadAt = &at
		if err := putJSON(b, key, n); err != nil {
			return crm.CommandResult{}, err
		}
		if err := w.emit(crm.Event{Kind: crm.EventNotification, Audience: []string{u.ID}, Notification: &n}); err != nil {
			return crm.CommandResult{}, err
		}
	}
	return crm.CommandResult{}, nil
}

func (s *Service) applyCreateTemplate(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	if cmd.Template == nil {
		return refusal(cmd.ID, crm.ErrInvalid, "template", "missing"), nil
	}
	t := *cmd.Template
	if t.ID == "" {
		t.ID = s.newID("tp")
	}
	if t.Language == "" {
		t.Language = u.Language
	}
	t.Team = ""
	if len(u.Teams) > 0 {
		t.Team = u.Teams[0] // templates belong to the seller's business unit
	}
	t.CreatedBy = u.ID
	t.UpdatedAt = w.now
	if err := crm.ValidateTemplate(t); err != nil {
		return templateRefusal(cmd.ID, err), nil
	}
	if w.tx.Bucket(bTemplates).Get([]byte(t.ID)) != nil {
		return refusal(cmd.ID, crm.ErrConflict, "template.id", fmt.Sprintf("template %q already exists", t.ID)), nil
	}
	return w.storeTemplate(cmd.ID, t)
}

func (s *Service) applyCompleteWorkItem(w *writeTx, u crm.User, cmdID, itemID, field string) (crm.CommandResult, error) {
	b := w.tx.Bucket(bWorkItems)
	var wi crm.WorkItem
	ok, err := getJSON(b, itemID, &wi)
	if err != nil {
		return crm.CommandResult{}, err
	}
	if !ok || itemID == "" || wi.Owner != u.ID {
		return refusal(cmdID, crm.ErrNotFound, field, "work item not found"), nil
	}
	if wi.StateAt(w.now) != crm.StepDone {
		at := w.now
		wi.CompletedAt, wi.State, wi.Reason, wi.SnoozedUntil = &at, crm.StepDone, "", nil
		if err := w.putWorkItem(wi); err != nil {
			return crm.CommandResult{}, err
		}
	}
	return crm.CommandResult{}, nil
}
