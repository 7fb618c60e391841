package backend

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// AuditEntry is one administrative change: who, what, when, and the state
// before and after as JSON (null when there was none). Secrets never appear
// in it: a token shows as its last characters, a Twilio auth token as set.
type AuditEntry struct {
	Seq    uint64          `json:"seq"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action AdminAction     `json:"action"`
	Target string          `json:"target,omitempty"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// audit appends an entry to the audit bucket in this transaction, so a
// change and its record commit (or vanish) together.
func (w *writeTx) audit(actor crm.User, act AdminAction, target string, before, after any) error {
	enc := func(v any) (json.RawMessage, error) {
		if v == nil {
			return json.RawMessage("null"), nil
		}
		return json.Marshal(v)
	}
	b, err := enc(before)
	if err != nil {
		return fmt.Errorf("audit %s: encode before: %w", act, err)
	}
	a, err := enc(after)
	if err != nil {
		return fmt.Errorf("audit %s: encode after: %w", act, err)
	}
	bucket := w.tx.Bucket(bAudit)
	seq, err := bucket.NextSequence()
	if err != nil {
		return fmt.Errorf("audit %s: seq: %w", act, err)
	}
	e := AuditEntry{Seq: seq, At: w.now, Actor: actor.ID, Action: act, Target: target, Before: b, After: a}
	return putJSON(bucket, seqKey(seq), e)
}

// Audit lists the audit log newest first, at most limit entries (default
// 100). Admins only.
func (s *Service) Audit(ctx context.Context, actor crm.User, limit int) ([]AuditEntry, error) {
	if err := checkAdmin(actor, ActAuditList); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 100
	}
	var out []AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAudit).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode audit entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
