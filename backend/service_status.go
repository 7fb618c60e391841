package backend

import (
	"context"
	"errors"
	"fmt"
	"time"

	"smsdesk/crm"
)

const timeFormat = time.RFC3339Nano

// orphanStatus is a status callback that arrived before the send result
// that tells us its provider id (a fast provider can call back before its
// REST answer is processed). It is applied when the send result is stored.
type orphanStatus struct {
	Status    crm.DeliveryStatus `json:"status"`
	ErrorCode string             `json:"error_code,omitempty"`
	At        time.Time          `json:"at"`
}

// ReceiveStatus applies a delivery receipt. An unknown provider id is not an
// error (the provider would only retry): it is kept aside in case the send
// result naming it is still on its way, and logged.
func (s *Service) ReceiveStatus(ctx context.Context, r crm.StatusReport) error {
	if r.ProviderID == "" {
		return errors.New("status report without provider id")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	orphan := false
	err := s.write(func(w *writeTx) error {
		orphan = false
		id := w.tx.Bucket(bMsgByProvider).Get([]byte(r.ProviderID))
		if id == nil {
			orphan = true
			b := w.tx.Bucket(bOrphanStatus)
			var prev orphanStatus
			if ok, err := getJSON(b, r.ProviderID, &prev); err != nil {
				return err
			} else if ok && crm.StatusRank(prev.Status) >= crm.StatusRank(r.Status) {
				return nil
			}
			return putJSON(b, []byte(r.ProviderID), orphanStatus{Status: r.Status, ErrorCode: r.ErrorCode, At: w.now})
		}
		m, ok, err := getMessage(w.kv, string(id))
		if err != nil || !ok {
			return fmt.Errorf("message %s for provider id %s: %v", id, r.ProviderID, err)
		}
		return w.applyStatus(m, r.Status, r.ErrorCode)
	})
	if err != nil {
		return fmt.Errorf("status %s for %s: %w", r.Status, r.ProviderID, err)
	}
	if orphan {
		s.log.Warn("status for unknown provider id kept aside", "provider_id", r.ProviderID, "status", r.Status)
	}
	return nil
}

// applyStatus moves m to st if that is forward, stores it, refreshes the
// conversation row when m is its last message, emits the message event and,
// on a failure, notifies the author.
func (w *writeTx) applyStatus(m crm.Message, st crm.DeliveryStatus, code string) error {
	if crm.StatusRank(st) <= crm.StatusRank(m.Status) {
		return nil
	}
	m.Status = st
	m.StatusAt = w.now
	if crm.IsFailure(st) {
		m.ErrorCode = code
		m.FailureReason = crm.ReasonForTwilioCode(code)
		if m.FailureReason == "" {
			m.FailureReason = crm.ReasonUnknown
		}
	}
	return w.storeMessageUpdate(m)
}

// storeMessageUpdate writes a changed message, its conversation row if it is
// the last message, the event, and the failure notification if it failed.
func (w *writeTx) storeMessageUpdate(m crm.Message) error {
	rawMsg, err := putMessage(w.kv, m)
	if err != nil {
		return err
	}
	c, ok, err := getConversation(w.kv, m.ConversationID)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("message %s: conversation %s missing", m.ID, m.ConversationID)
	}
	if c.LastMessage != nil && c.LastMessage.ID == m.ID {
		c.LastMessage = &m
		if err := putConversation(w.kv, c, c.Record.ID); err != nil {
			return err
		}
	}
	if err := w.emitMessage(m, rawMsg, c); err != nil {
		return err
	}
	if err := w.stepFollowsMessage(m); err != nil {
		return err
	}
	if crm.IsFailure(m.Status) && m.Direction == crm.Outbound {
		return w.notify(m.Author, crm.NotifyDeliveryFailed, c.ID, crm.PriorityHigh, map[string]string{
			"customer":    c.CustomerNumber,
			"record_name": c.RecordName,
			"reason":      string(m.FailureReason),
			"error_code":  m.ErrorCode,
			"body":        truncate(m.Body, 140),
		})
	}
	return nil
}
