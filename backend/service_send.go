package backend

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"smsdesk/crm"
)

// takenIDMessage is the one answer for a message id that cannot be used,
// whoever holds it.
const takenIDMessage = "this id cannot be used for a new message; make up a new one"

// MaxBodyRunes is the longest SMS body smsdesk sends (Twilio's limit).
const MaxBodyRunes = 1600

// applySend validates a send_message command and, when it may go, stores
// the queued message and its outbox entry in the same transaction; the
// sender calls the provider after the commit. Every refusal happens here,
// before any provider is called. An invalid customer number is the one
// refusal that stores something: the message, failed with
// InvalidSendingParameters, so the seller sees why under it.
func (s *Service) applySend(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	sm := cmd.Send
	if sm == nil {
		return refusal(cmd.ID, crm.ErrInvalid, "send", "missing"), nil
	}
	if strings.TrimSpace(sm.Body) == "" {
		return refusal(cmd.ID, crm.ErrInvalid, "body", "the message is empty"), nil
	}
	if n := utf8.RuneCountInString(sm.Body); n > MaxBodyRunes {
		return refusal(cmd.ID, crm.ErrInvalid, "body", fmt.Sprintf("the message has %d characters; the limit is %d", n, MaxBodyRunes)), nil
	}
	if sm.ConversationID == "" {
		return refusal(cmd.ID, crm.ErrInvalid, "conversation_id", "missing (a new thread makes up its own id)"), nil
	}
	if w.tx.Bucket(bMsgByID).Get([]byte(cmd.ID)) != nil {
		// The message id is the command id, and message ids are global.
		// This user's own replay never gets here (Apply answers it from
		// the command record), so the id names someone else's message or
		// an inbound one: the answer says neither whose nor which.
		return refusal(cmd.ID, crm.ErrConflict, "id", takenIDMessage), nil
	}

	conv, exists, err := getConversation(w.kv, sm.ConversationID)
	if err != nil {
		return crm.CommandResult{}, err
	}
	from, to := sm.From, sm.To
	if exists {
		see, err := s.canSee(w.kv, w.dir, u, conv)
		if err != nil {
			return crm.CommandResult{}, err
		}
		if !see {
			return refusal(cmd.ID, crm.ErrNotFound, "conversation_id", "conversation not found"), nil
		}
		if !conv.CanReply() {
			return cannotReply(cmd.ID, conv), nil
		}
		// A conversation is one pair of numbers: it sends from its own
		// business number to its own customer.
		if from == "" {
			from = conv.BusinessNumber
		} else if f, err := s.phones.normalize(from); err != nil || f != conv.BusinessNumber {
			return refusal(cmd.ID, crm.ErrInvalid, "from", fmt.Sprintf("this conversation sends from %s", conv.BusinessNumber)), nil
		}
		if to == "" {
			to = conv.CustomerNumber
		} else if t, err := s.phones.normalize(to); err == nil && t != conv.CustomerNumber || err != nil && to != conv.CustomerNumber {
			return refusal(cmd.ID, crm.ErrInvalid, "to", fmt.Sprintf("this conversation sends to %s", conv.CustomerNumber)), nil
		}
	} else {
		rec, ok, err := s.recordSummary(w.kv, sm.Record.ID)
		if err != nil {
			return crm.CommandResult{}, err
		}
		if !ok || sm.Record.ID == "" {
			return refusal(cmd.ID, crm.ErrNotFound, "record.id", fmt.Sprintf("record %q not found", sm.Record.ID)), nil
		}
		if sm.Record.Type != "" && sm.Record.Type != rec.Type {
			return refusal(cmd.ID, crm.ErrInvalid, "record.type", fmt.Sprintf("record %s is a %s", rec.ID, rec.Type)), nil
		}
		if from == "" {
			return refusal(cmd.ID, crm.ErrInvalid, "from", "a new conversation needs a business number to send from"), nil
		}
		if to == "" {
			return refusal(cmd.ID, crm.ErrInvalid, "to", "a new conversation needs the customer's number; this record may have no phone"), nil
		}
		conv = crm.Conversation{ID: sm.ConversationID, Record: rec.record().Ref(), RecordName: rec.Name, CreatedAt: w.now}
	}

	// Only the number's owners may send from it, and never from a removed one.
	fromN, err := s.phones.normalize(from)
	if err != nil {
		return refusal(cmd.ID, crm.ErrForbidden, "from", fmt.Sprintf("%q is not one of the organisation's numbers", from)), nil
	}
	num, ok := w.dir.numbers[fromN]
	if !ok {
		return refusal(cmd.ID, crm.ErrForbidden, "from", fmt.Sprintf("%s is not one of the organisation's numbers", fromN)), nil
	}
	if num.Removed {
		return refusal(cmd.ID, crm.ErrForbidden, "from", fmt.Sprintf("number %s was removed and can no longer send", fromN)), nil
	}
	if !w.dir.ownsNumber(u, num) {
		return refusal(cmd.ID, crm.ErrForbidden, "from", fmt.Sprintf("only the owners of %s (%s) may send from it", fromN, num.Name)), nil
	}

	var wi *crm.WorkItem
	if sm.WorkItemID != "" {
		var item crm.WorkItem
		ok, err := getJSON(w.tx.Bucket(bWorkItems), sm.WorkItemID, &item)
		if err != nil {
			return crm.CommandResult{}, err
		}
		if !ok || item.Owner != u.ID {
			return refusal(cmd.ID, crm.ErrNotFound, "work_item_id", "work item not found"), nil
		}
		wi = &item
	}

	toN, phoneErr := s.phones.normalize(to)
	if phoneErr == nil && isOptedOut(w.kv, toN) {
		return refusal(cmd.ID, crm.ErrOptedOut, "to",
			fmt.Sprintf("%s replied STOP and has opted out of messages; they must text START before you can message them again", toN)), nil
	}
	if !exists {
		conv.BusinessNumber = fromN
		conv.CustomerNumber = toN
		if phoneErr != nil {
			// Kept as typed so the seller sees what was wrong.
			conv.CustomerNumber = strings.TrimSpace(to)
		}
		// One conversation per record and pair: a second "new" thread on the
		// same record and numbers joins the existing one.
		for _, p := range conversationsWithCustomer(w.kv, conv.CustomerNumber) {
			if p.Business == fromN && p.RecordID == conv.Record.ID {
				c, ok, err := getConversation(w.kv, p.ConvID)
				if err != nil {
					return crm.CommandResult{}, err
				}
				if ok {
					conv, exists = c, true
				}
				if !conv.CanReply() {
					return cannotReply(cmd.ID, conv), nil
				}
				break
			}
		}
		if !exists {
			conv.OptedOut = phoneErr == nil && isOptedOut(w.kv, toN)
		}
	}

	msg := crm.Message{
		ID:             cmd.ID,
		ConversationID: conv.ID,
		Direction:      crm.Outbound,
		Body:           sm.Body,
		Author:         u.ID,
		From:           fromN,
		To:             conv.CustomerNumber,
		CreatedAt:      w.now,
		Status:         crm.StatusQueued,
		StatusAt:       w.now,
		Segments:       crm.CountSegments(sm.Body).Segments,
	}
	if wi != nil {
		msg.WorkItemID = wi.ID
	}
	if phoneErr != nil {
		msg.Status = crm.StatusFailed
		msg.FailureReason = crm.ReasonInvalidSendingParameters
	}
	rawMsg, err := putMessage(w.kv, msg)
	if err != nil {
		return crm.CommandResult{}, err
	}
	conv.LastMessageAt = w.now
	conv.LastMessage = &msg
	oldRecord := conv.Record.ID
	if !exists {
		oldRecord = ""
	}
	if err := putConversation(w.kv, conv, oldRecord); err != nil {
		return crm.CommandResult{}, err
	}
	if err := w.emitMessage(msg, rawMsg, conv); err != nil {
		return crm.CommandResult{}, err
	}
	// The step follows its text: sending while queued, failed with the
	// reason when the number is invalid, done once a provider accepts it.
	if err := w.stepFollowsMessage(msg); err != nil {
		return crm.CommandResult{}, err
	}
	if phoneErr != nil {
		res := refusal(cmd.ID, crm.ErrInvalidPhone, "to",
			fmt.Sprintf("%q is not a valid E.164 number (%s): enter it as +<country code><number>", to, crm.ReasonInvalidSendingParameters))
		res.Message, res.Conversation = &msg, &conv
		return res, nil
	}
	if err := putJSON(w.tx.Bucket(bOutbox), []byte(msg.ID), outboxEntry{State: outboxQueued}); err != nil {
		return crm.CommandResult{}, fmt.Errorf("queue send %s: %w", msg.ID, err)
	}
	w.onCommit(func() { s.sender.enqueue(msg.ID) })
	return crm.CommandResult{Message: &msg, Conversation: &conv}, nil
}

// cannotReply refuses a send on a conversation whose customer is a short
// code or an alphanumeric sender: no provider can deliver to one, and the
// reason is the sender's kind, not a mistyped number.
func cannotReply(cmdID string, conv crm.Conversation) crm.CommandResult {
	return refusal(cmdID, crm.ErrCannotReply, "conversation_id",
		fmt.Sprintf("%s is a %s sender, which cannot receive messages: this conversation cannot be replied to",
			conv.CustomerNumber, strings.ReplaceAll(string(conv.SenderKind), "_", " ")))
}
