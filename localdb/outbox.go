package localdb

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// outboxEntry is a queued command and what its local echo needs to be
// redone after a snapshot, or undone when the server refuses it.
type outboxEntry struct {
	Cmd crm.Command `json:"cmd"`
	// At is when it was enqueued: the pending message's time, also when
	// the echo is redone later.
	At time.Time `json:"at"`
	// PrevRecord and PrevRecordName are where a moved conversation was.
	PrevRecord     *crm.RecordRef `json:"prev_record,omitempty"`
	PrevRecordName string         `json:"prev_record_name,omitempty"`
	// PrevOwner is whom a reassigned business number belonged to, put back
	// if the server refuses the change.
	PrevOwner *crm.Owner `json:"prev_owner,omitempty"`
	// NewThread marks a send that opened a conversation only this client
	// knows (its echo made the row, or an earlier queued send's did): a
	// snapshot without it may not drop it. Any other conversation a
	// snapshot no longer has is gone from this user and stays gone.
	NewThread bool `json:"new_thread,omitempty"`
	// PrevStep is a skipped or snoozed step as it was, put back if the
	// server refuses the change.
	PrevStep *crm.WorkItem `json:"prev_step,omitempty"`
}

// Enqueue writes cmd to the outbox and its local echo in one transaction:
// the TUI shows a send as pending, a move as done, at once, and a crash can
// never keep one without the other. A command id already queued is a no-op.
func (db *DB) Enqueue(cmd crm.Command) error {
	err := db.update(func(t *txn) error {
		ids := t.b(bOutboxIDs)
		if ids.Get([]byte(cmd.ID)) != nil {
			return nil
		}
		if err := validate(cmd); err != nil {
			return err
		}
		e := outboxEntry{Cmd: cmd, At: t.now}
		if _, err := t.echo(&e); err != nil {
			return err
		}
		out := t.b(bOutbox)
		seq, err := out.NextSequence()
		if err != nil {
			return err
		}
		key := u64(seq)
		if err := putJSON(out, key, &e); err != nil {
			return err
		}
		if err := ids.Put([]byte(cmd.ID), key); err != nil {
			return err
		}
		t.ch.outbox = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", cmd.Kind, cmd.ID, err)
	}
	return nil
}

// validate refuses a command whose echo could not be made.
func validate(cmd crm.Command) error {
	switch {
	case cmd.ID == "":
		return fmt.Errorf("command has no id")
	case cmd.Kind == crm.CmdSendMessage && (cmd.Send == nil || cmd.Send.ConversationID == ""):
		return fmt.Errorf("send_message needs send.conversation_id")
	case cmd.Kind == crm.CmdMoveConversation && (cmd.Move == nil || cmd.Move.ConversationID == ""):
		return fmt.Errorf("move_conversation needs move.conversation_id")
	case cmd.Kind == crm.CmdSetNumberOwner && (cmd.NumberOwner == nil || cmd.NumberOwner.Number == ""):
		return fmt.Errorf("set_number_owner needs number_owner.number")
	case cmd.Kind == crm.CmdSkipWorkItem || cmd.Kind == crm.CmdSnoozeWorkItem:
		if cerr := crm.ValidateStepChange(cmd.Step, cmd.Kind == crm.CmdSnoozeWorkItem); cerr != nil {
			return fmt.Errorf("%s: %w", cmd.Kind, cerr)
		}
	case cmd.Kind == crm.CmdUpdateTemplate && (cmd.Template == nil || cmd.Template.ID == ""):
		return fmt.Errorf("update_template needs template.id")
	case cmd.Kind == crm.CmdDeleteTemplate && cmd.TemplateID == "":
		return fmt.Errorf("delete_template needs template_id")
	}
	return nil
}

// echo applies what the command will do, locally, ahead of the server.
func (t *txn) echo(e *outboxEntry) (bool, error) {
	cmd := e.Cmd
	switch cmd.Kind {
	case crm.CmdSendMessage:
		return t.echoSend(e)
	case crm.CmdMoveConversation:
		rs, err := t.row(cmd.Move.ConversationID)
		if err != nil || rs == nil {
			return false, err
		}
		if e.PrevRecord == nil {
			prev := rs.row.Record
			e.PrevRecord, e.PrevRecordName = &prev, rs.row.RecordName
		}
		t.ch.kind(crm.EventConversation)
		if t.moves != nil {
			t.moves[cmd.Move.ConversationID] = cmd.Move.To
		}
		return true, t.moveLocally(rs, cmd.Move.To)
	case crm.CmdMarkRead:
		rs, err := t.row(cmd.ConversationID)
		if err != nil || rs == nil {
			return false, err
		}
		// Everything shown was read: the mark covers the last message even
		// if the server's clock runs ahead of ours.
		at := e.At
		if rs.row.LastMessageAt.After(at) {
			at = rs.row.LastMessageAt
		}
		t.ch.kind(crm.EventConversationRead)
		if err := t.setReadMark(cmd.ConversationID, at); err != nil {
			return false, err
		}
		// The server reads the conversation's notifications with it; the
		// bell follows at once, offline too.
		return true, t.readNotifications(e.At, func(n crm.Notification) bool { return n.ConversationID == cmd.ConversationID })
	case crm.CmdMarkAllRead:
		return true, t.echoMarkAllRead(e)
	case crm.CmdMarkNotificationRead:
		n, ok, err := t.notification(cmd.NotificationID)
		if err != nil || !ok || n.ReadAt != nil {
			return false, err
		}
		at := e.At
		n.ReadAt = &at
		t.ch.kind(crm.EventNotification)
		return true, t.putNotification(n)
	case crm.CmdCompleteWorkItem:
		w, ok, err := t.workItem(cmd.WorkItemID)
		if err != nil || !ok || w.CompletedAt != nil {
			return false, err
		}
		at := e.At
		w.CompletedAt, w.State = &at, crm.StepDone
		t.ch.kind(crm.EventWorkItem)
		return true, t.putWorkItem(w)
	case crm.CmdSkipWorkItem, crm.CmdSnoozeWorkItem:
		return t.echoStepChange(e)
	case crm.CmdSetNumberOwner:
		return t.echoNumberOwner(e)
	}
	// create_template, update_template, delete_template: no echo. The
	// server decides (who may, a name taken, a template deleted meanwhile)
	// and its answer or event changes the cache; an echo would show the
	// team's template changed when a refusal is still possible, and a
	// refused delete would have to resurrect it.
	return false, nil
}

// echoNumberOwner gives the number its new owner ahead of the server (the
// Phone numbers screen shows it at once), remembering the old one for a
// refusal. A number the cache does not hold has nothing to show.
func (t *txn) echoNumberOwner(e *outboxEntry) (bool, error) {
	no := e.Cmd.NumberOwner
	var n crm.BusinessNumber
	ok, err := getJSON(t.b(bNumbers), []byte(no.Number), &n)
	if err != nil || !ok {
		return false, err
	}
	if e.PrevOwner == nil {
		prev := n.Owner
		e.PrevOwner = &prev
	}
	n.Owner = no.Owner
	t.ch.kind(crm.EventNumber)
	return true, t.putNumber(n)
}

// echoSend shows a send as a pending message (id = command id), creating the
// conversation row for a new thread under the client-made id. Once queued,
// only a new thread's row is made again (after a snapshot): a conversation
// the server no longer shows this user is not brought back by its own echo.
func (t *txn) echoSend(e *outboxEntry) (bool, error) {
	id, s, at := e.Cmd.ID, e.Cmd.Send, e.At
	rs, err := t.row(s.ConversationID)
	if err != nil {
		return false, err
	}
	queued := t.b(bOutboxIDs).Get([]byte(id)) != nil
	if !queued && rs != nil {
		// A send into a thread an earlier queued send opened is part of
		// that new thread.
		if e.NewThread, err = t.queuedNewThread(s.ConversationID); err != nil {
			return false, err
		}
	}
	if rs == nil {
		if queued && !e.NewThread {
			return false, nil
		}
		e.NewThread = true
		name, err := t.recordName(s.Record)
		if err != nil {
			return false, err
		}
		t.newRow(ConversationRow{Conversation: crm.Conversation{
			ID: s.ConversationID, Record: s.Record, RecordName: name,
			BusinessNumber: s.From, CustomerNumber: s.To, CreatedAt: at,
		}})
	}
	me, err := t.me()
	if err != nil {
		return false, err
	}
	t.ch.kind(crm.EventMessage)
	return true, t.upsertMessage(crm.Message{
		ID: id, ConversationID: s.ConversationID, Direction: crm.Outbound,
		Body: s.Body, Author: me.ID, From: s.From, To: s.To,
		CreatedAt: at, Status: crm.StatusPending, StatusAt: at, WorkItemID: s.WorkItemID,
	})
}

// queuedNewThread tells whether a queued send opened conversation convID.
func (t *txn) queuedNewThread(convID string) (bool, error) {
	found := false
	err := t.b(bOutbox).ForEach(func(_, v []byte) error {
		if found {
			return nil
		}
		var e outboxEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("%w: decode outbox entry: %v", ErrCorrupt, err)
		}
		found = e.NewThread && e.Cmd.Kind == crm.CmdSendMessage && e.Cmd.Send != nil && e.Cmd.Send.ConversationID == convID
		return nil
	})
	return found, err
}

// Outbox lists the queued commands in enqueue order.
func (db *DB) Outbox() ([]crm.Command, error) {
	var cmds []crm.Command
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
			var e outboxEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("%w: decode outbox entry %d: %v", ErrCorrupt, binary.BigEndian.Uint64(k), err)
			}
			cmds = append(cmds, e.Cmd)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return cmds, nil
}

// OutboxLen is the number of queued commands.
func (db *DB) OutboxLen() (int, error) {
	var n int
	err := db.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bOutboxIDs).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read outbox length: %w", err)
	}
	return n, nil
}

// Acknowledge removes the command res answers and applies the answer. A
// refused send stays in the conversation as failed, with a reason; a refused
// move goes back to its record and leaves its error on the row. An unknown
// id (an ack replayed after a reconnect) is a no-op.
func (db *DB) Acknowledge(res crm.CommandResult) error {
	err := db.update(func(t *txn) error {
		ids, out := t.b(bOutboxIDs), t.b(bOutbox)
		key := ids.Get([]byte(res.ID))
		if key == nil {
			return nil
		}
		key = append([]byte(nil), key...)
		var e outboxEntry
		if _, err := getJSON(out, key, &e); err != nil {
			return err
		}
		if err := out.Delete(key); err != nil {
			return err
		}
		if err := ids.Delete([]byte(res.ID)); err != nil {
			return err
		}
		t.ch.outbox = true
		return t.applyResult(&e, res)
	})
	if err != nil {
		return fmt.Errorf("acknowledge %s: %w", res.ID, err)
	}
	return nil
}

func (t *txn) applyResult(e *outboxEntry, res crm.CommandResult) error {
	refused := !res.OK || res.Error != nil
	// An answer only updates conversations the cache still holds: one
	// revoked meanwhile (or never shown to this user) is not brought back
	// by a late or replayed ack. A new send's thread has its echo row.
	if res.Conversation != nil {
		rs, err := t.row(res.Conversation.ID)
		if err != nil {
			return err
		}
		if rs != nil {
			if err := t.upsertConversation(*res.Conversation); err != nil {
				return err
			}
		}
	}
	if res.Message != nil {
		rs, err := t.row(res.Message.ConversationID)
		if err != nil {
			return err
		}
		if rs != nil {
			if err := t.upsertMessage(*res.Message); err != nil {
				return err
			}
		} else if err := t.deleteMessage(res.Message.ID); err != nil {
			// Stored in a conversation the cache does not hold: the local
			// copy (the echo) goes; the server's events bring the message
			// if this user can see it.
			return err
		}
	}
	if res.Template != nil {
		if err := t.templateAnswer(e.Cmd.Kind, *res.Template); err != nil {
			return err
		}
	}
	cmd := e.Cmd
	switch cmd.Kind {
	case crm.CmdSendMessage:
		if refused {
			if err := t.failSend(cmd, e.At, res.Error); err != nil {
				return err
			}
		}
		if err := t.setLastError(cmd.Send.ConversationID, res.Error, refused); err != nil {
			return err
		}
		if res.Message != nil && res.Message.ConversationID != cmd.Send.ConversationID {
			// The server joined the send to a conversation it already
			// had: the echo row under the client-made id goes once empty.
			return t.dropIfEmpty(cmd.Send.ConversationID)
		}
		return nil
	case crm.CmdMoveConversation:
		t.ch.kind(crm.EventConversation)
		if refused && e.PrevRecord != nil {
			rs, err := t.row(cmd.Move.ConversationID)
			if err != nil {
				return err
			}
			// Revert only if nothing newer moved it meanwhile.
			if rs != nil && rs.row.Record == cmd.Move.To {
				rs.row.Record, rs.row.RecordName = *e.PrevRecord, e.PrevRecordName
				t.touch(rs)
			}
		}
		return t.setLastError(cmd.Move.ConversationID, res.Error, refused)
	case crm.CmdCompleteWorkItem:
		if refused {
			w, ok, err := t.workItem(cmd.WorkItemID)
			if err != nil || !ok {
				return err
			}
			w.CompletedAt, w.State = nil, crm.StepOpen
			return t.putWorkItem(w)
		}
	case crm.CmdSkipWorkItem, crm.CmdSnoozeWorkItem:
		t.ch.answer(res)
		if refused {
			return t.revertStepChange(e)
		}
	case crm.CmdCreateTemplate, crm.CmdUpdateTemplate:
		// A refused template leaves nothing in the cache: the answer is
		// the only place the server's reason lives.
		t.ch.answer(res)
	case crm.CmdDeleteTemplate:
		t.ch.answer(res)
		if !refused {
			t.ch.kind(crm.EventTemplateDeleted)
			return t.deleteTemplate(cmd.TemplateID)
		}
	case crm.CmdSetNumberOwner:
		t.ch.answer(res)
		if refused {
			return t.revertNumberOwner(e)
		}
	}
	return nil
}

// revertNumberOwner puts a refused reassignment's previous owner back, only
// if nothing newer (a later command's echo, the server's event) changed the
// owner meanwhile.
func (t *txn) revertNumberOwner(e *outboxEntry) error {
	no := e.Cmd.NumberOwner
	if no == nil || e.PrevOwner == nil {
		return nil
	}
	var n crm.BusinessNumber
	ok, err := getJSON(t.b(bNumbers), []byte(no.Number), &n)
	if err != nil || !ok || n.Owner != no.Owner {
		return err
	}
	n.Owner = *e.PrevOwner
	t.ch.kind(crm.EventNumber)
	return t.putNumber(n)
}

// failSend marks a refused send's message failed, recreating it from the
// command if it went missing while its conversation is still shown: a
// refused message is never lost silently. A conversation revoked meanwhile
// (or dropped by a snapshot) took the message with it and is not recreated.
func (t *txn) failSend(cmd crm.Command, at time.Time, cerr *crm.CommandError) error {
	m, ok, err := t.message(cmd.ID)
	if err != nil {
		return err
	}
	if !ok {
		rs, err := t.row(cmd.Send.ConversationID)
		if err != nil || rs == nil {
			return err
		}
		s := cmd.Send
		me, err := t.me()
		if err != nil {
			return err
		}
		m = crm.Message{
			ID: cmd.ID, ConversationID: s.ConversationID, Direction: crm.Outbound,
			Body: s.Body, Author: me.ID, From: s.From, To: s.To, CreatedAt: at, WorkItemID: s.WorkItemID,
		}
	}
	if crm.IsFailure(m.Status) {
		return nil // already failed, with the server's own reason
	}
	m.Status, m.StatusAt, m.FailureReason = crm.StatusFailed, t.now, reasonForError(cerr)
	t.ch.kind(crm.EventMessage)
	return t.upsertMessage(m)
}

// setLastError records a refusal's text on the row, or clears an old one
// once a command about the conversation went through.
func (t *txn) setLastError(convID string, cerr *crm.CommandError, refused bool) error {
	rs, err := t.row(convID)
	if err != nil || rs == nil {
		return err
	}
	text := ""
	if refused {
		text = "refused"
		if cerr != nil {
			text = cerr.Error()
		}
	}
	if rs.row.LastError != text {
		rs.row.LastError = text
		t.touch(rs)
	}
	return nil
}
