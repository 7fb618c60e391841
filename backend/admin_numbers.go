package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"smsdesk/crm"
)

// NewNumber is what AddNumber needs.
type NewNumber struct {
	Number string         `json:"number"`
	Name   string         `json:"name"`
	Type   crm.NumberType `json:"type,omitempty"`
	Owner  crm.Owner      `json:"owner"`
}

// AdminNumbers lists the business numbers (managers too).
func (s *Service) AdminNumbers(ctx context.Context, actor crm.User) ([]crm.BusinessNumber, error) {
	if err := checkAdmin(actor, ActNumbersList); err != nil {
		return nil, err
	}
	return s.dir.Load().numberList(), nil
}

// AddNumber adds a business number, validated as E.164.
func (s *Service) AddNumber(ctx context.Context, actor crm.User, nn NewNumber) (crm.BusinessNumber, error) {
	var out crm.BusinessNumber
	err := s.runAdmin(ctx, actor, ActNumberAdd, func(a *adminTx) error {
		typ, err := checkNumberType(nn.Type)
		if err != nil {
			return err
		}
		e164, err := crm.NormalizePhone(nn.Number, "")
		if err != nil {
			return adminErr(crm.ErrInvalid, "number", "%q is not a valid E.164 number (+<country code><number>, %s)", nn.Number, crm.ReasonInvalidSendingParameters)
		}
		if _, dup := a.old.numbers[e164]; dup {
			return adminErr(crm.ErrConflict, "number", "%s is already a business number", e164)
		}
		name, err := uniqueNumberName(a.old, "", nn.Name)
		if err != nil {
			return err
		}
		if err := checkOwner(a.old, "owner", nn.Owner); err != nil {
			return err
		}
		out = crm.BusinessNumber{Number: e164, Name: name, Owner: nn.Owner, Type: typ}
		a.target, a.after = e164, out
		return a.putNumber(out)
	})
	return out, err
}

// RenameNumber changes a number's (unique) name.
func (s *Service) RenameNumber(ctx context.Context, actor crm.User, number, name string) (crm.BusinessNumber, error) {
	return s.editNumber(ctx, actor, ActNumberRename, number, func(a *adminTx, n *crm.BusinessNumber) error {
		nm, err := uniqueNumberName(a.old, n.Number, name)
		n.Name = nm
		return err
	})
}

// SetNumberType changes a number's type.
func (s *Service) SetNumberType(ctx context.Context, actor crm.User, number string, typ crm.NumberType) (crm.BusinessNumber, error) {
	return s.editNumber(ctx, actor, ActNumberType, number, func(a *adminTx, n *crm.BusinessNumber) error {
		t, err := checkNumberType(typ)
		n.Type = t
		return err
	})
}

// SetNumberOwner reassigns a number to a user or a team (managers too).
// Its conversations move live: revoked for users who no longer see them,
// granted (with their history) to those who now do.
func (s *Service) SetNumberOwner(ctx context.Context, actor crm.User, number string, owner crm.Owner) (crm.BusinessNumber, error) {
	return s.editNumber(ctx, actor, ActNumberOwner, number, setOwner(owner))
}

func setOwner(owner crm.Owner) func(a *adminTx, n *crm.BusinessNumber) error {
	return func(a *adminTx, n *crm.BusinessNumber) error {
		if err := checkOwner(a.old, "owner", owner); err != nil {
			return err
		}
		n.Owner = owner
		a.touchNumber(n.Number)
		return nil
	}
}

// RemoveNumber marks a number removed: its conversations stay readable by
// the same people, sending from it is refused.
func (s *Service) RemoveNumber(ctx context.Context, actor crm.User, number string) (crm.BusinessNumber, error) {
	return s.editNumber(ctx, actor, ActNumberRemove, number, func(a *adminTx, n *crm.BusinessNumber) error {
		if n.Removed {
			return adminErr(crm.ErrConflict, "number", "%s is already removed", n.Number)
		}
		n.Removed = true
		return nil
	})
}

func (s *Service) editNumber(ctx context.Context, actor crm.User, act AdminAction, number string, edit func(a *adminTx, n *crm.BusinessNumber) error) (crm.BusinessNumber, error) {
	var out crm.BusinessNumber
	err := s.runAdmin(ctx, actor, act, func(a *adminTx) error {
		n, err := a.editNumber(number, edit)
		out = n
		return err
	})
	return out, err
}

// editNumber is one number change inside a (possibly command) transaction.
func (a *adminTx) editNumber(number string, edit func(a *adminTx, n *crm.BusinessNumber) error) (crm.BusinessNumber, error) {
	key := lookupNumber(number)
	old, ok := a.old.numbers[key]
	if !ok {
		return crm.BusinessNumber{}, adminErr(crm.ErrNotFound, "number", "unknown business number %q", number)
	}
	n := old
	if err := edit(a, &n); err != nil {
		return crm.BusinessNumber{}, err
	}
	a.target, a.before, a.after = n.Number, old, n
	return n, a.putNumber(n)
}

// lookupNumber accepts a number in any spelling NormalizePhone reads.
func lookupNumber(raw string) string {
	if e164, err := crm.NormalizePhone(raw, ""); err == nil {
		return e164
	}
	return strings.TrimSpace(raw)
}

func (a *adminTx) putNumber(n crm.BusinessNumber) error {
	if err := putJSON(a.w.tx.Bucket(bNumbers), []byte(n.Number), n); err != nil {
		return fmt.Errorf("store number %s: %w", n.Number, err)
	}
	nn := n
	return a.w.emit(crm.Event{Kind: crm.EventNumber, Public: true, Number: &nn})
}

// checkNumberType defaults to geo; short codes are not E.164 numbers, which
// is what every key and index here is, so they are refused for now.
func checkNumberType(t crm.NumberType) (crm.NumberType, error) {
	switch t {
	case "":
		return crm.NumberGeo, nil
	case crm.NumberGeo, crm.NumberTollFree:
		return t, nil
	case crm.NumberShortCode:
		return "", adminErr(crm.ErrInvalid, "type", "short codes are not supported yet: smsdesk keys numbers by E.164 (geo and toll_free only)")
	}
	return "", adminErr(crm.ErrInvalid, "type", "unknown number type %q (geo, toll_free)", t)
}

func uniqueNumberName(d *directory, self, name string) (string, error) {
	n, err := validName("name", name)
	if err != nil {
		return "", err
	}
	for _, o := range d.numbers {
		if o.Number != self && strings.EqualFold(o.Name, n) {
			return "", adminErr(crm.ErrConflict, "name", "%s is already named %q", o.Number, o.Name)
		}
	}
	return n, nil
}

// SetRecordOwner reassigns a record (contact, account, opportunity, lead)
// to a user or a team; its conversations move live like a number's.
func (s *Service) SetRecordOwner(ctx context.Context, actor crm.User, recordID string, owner crm.Owner) (crm.Record, error) {
	var out crm.Record
	err := s.runAdmin(ctx, actor, ActRecordOwner, func(a *adminTx) error {
		rec, ok, err := getRecord(a.w.kv, recordID)
		if err != nil {
			return err
		}
		if !ok {
			return adminErr(crm.ErrNotFound, "id", "unknown record %q", recordID)
		}
		if err := checkOwner(a.old, "owner", owner); err != nil {
			return err
		}
		before := rec
		rec.Owner = owner
		rec.UpdatedAt = a.w.now
		if err := putJSON(a.w.tx.Bucket(bRecords), []byte(rec.ID), rec); err != nil {
			return fmt.Errorf("store record %s: %w", rec.ID, err)
		}
		if a.aff.oldRecOwner == nil {
			a.aff.oldRecOwner, a.aff.newRecOwner = map[string]crm.Owner{}, map[string]crm.Owner{}
		}
		a.aff.oldRecOwner[rec.ID], a.aff.newRecOwner[rec.ID] = before.Owner, owner
		a.touchRecord(rec.ID)
		a.recordsChanged = append(a.recordsChanged, rec)
		a.target, a.before, a.after = rec.ID, before.Owner, owner
		out = rec
		r := rec
		return a.w.emit(crm.Event{Kind: crm.EventRecord, Public: true, Record: &r})
	})
	return out, err
}

// applySetNumberOwner is the set_number_owner command: how the TUI's Phone
// numbers screen (managers and admins) reassigns an owner over sync.
func (s *Service) applySetNumberOwner(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	if cmd.NumberOwner == nil {
		return refusal(cmd.ID, crm.ErrInvalid, "number_owner", "missing"), nil
	}
	if err := checkAdmin(u, ActNumberOwner); err != nil {
		return refusalFrom(cmd.ID, err)
	}
	a, err := s.beginAdmin(w, u, ActNumberOwner)
	if err != nil {
		return crm.CommandResult{}, err
	}
	if _, err := a.editNumber(cmd.NumberOwner.Number, setOwner(cmd.NumberOwner.Owner)); err != nil {
		return refusalFrom(cmd.ID, err)
	}
	if err := a.finish(); err != nil {
		return crm.CommandResult{}, err
	}
	w.onCommit(func() { s.afterAdmin(a) })
	return crm.CommandResult{}, nil
}

// refusalFrom turns an admin refusal into a command result; other errors
// abort the transaction.
func refusalFrom(id string, err error) (crm.CommandResult, error) {
	var ce *crm.CommandError
	if errors.As(err, &ce) {
		return refusal(id, ce.Code, ce.Field, ce.Message), nil
	}
	return crm.CommandResult{}, err
}
