package backend

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Dataset is the JSON file that seeds an empty data directory (see
// docs/dataset.md). Sections are kept raw so every element is decoded
// strictly on its own and an error can name its JSON path.
type Dataset struct {
	Org       json.RawMessage   `json:"org"`
	Teams     []json.RawMessage `json:"teams"`
	Users     []json.RawMessage `json:"users"`
	Numbers   []json.RawMessage `json:"numbers"`
	Records   []json.RawMessage `json:"records"`
	Messages  []json.RawMessage `json:"messages"`
	Templates []json.RawMessage `json:"templates"`
	Worklist  []json.RawMessage `json:"worklist"`
	OptOuts   []json.RawMessage `json:"opt_outs"`
	ReadMarks []json.RawMessage `json:"read_marks"`
}

type dsOrg struct {
	Name               string `json:"name"`
	InAppNotifications *bool  `json:"in_app_notifications"`
}

type dsTeam struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type dsUser struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	FirstName string     `json:"first_name"`
	LastName  string     `json:"last_name"`
	Token     string     `json:"token"`
	Roles     []crm.Role `json:"roles"`
	Teams     []string   `json:"teams"`
	Language  string     `json:"language"`
}

type dsOwner struct {
	Kind crm.OwnerKind `json:"kind"`
	ID   string        `json:"id"`
}

type dsNumber struct {
	Number  string         `json:"number"`
	Name    string         `json:"name"`
	Owner   dsOwner        `json:"owner"`
	Type    crm.NumberType `json:"type"`
	Removed bool           `json:"removed"`
}

type dsRecord struct {
	ID        string            `json:"id"`
	Type      crm.RecordType    `json:"type"`
	Name      string            `json:"name"`
	Owner     dsOwner           `json:"owner"`
	Active    *bool             `json:"active"`
	UpdatedAt *time.Time        `json:"updated_at"`
	Phones    map[string]string `json:"phones"`
	Fields    map[string]string `json:"fields"`
	AccountID string            `json:"account_id"`
	ContactID string            `json:"contact_id"`
}

type dsMessage struct {
	ID             string             `json:"id"`
	Conversation   string             `json:"conversation"`
	Record         string             `json:"record"`
	BusinessNumber string             `json:"business_number"`
	CustomerNumber string             `json:"customer_number"`
	Direction      crm.Direction      `json:"direction"`
	Body           string             `json:"body"`
	Author         string             `json:"author"`
	At             time.Time          `json:"at"`
	Status         crm.DeliveryStatus `json:"status"`
	ErrorCode      string             `json:"error_code"`
	// Media are an inbound MMS's attachments (crm.ValidateMedia's rules).
	Media []crm.Media `json:"media,omitempty"`
}

type dsTemplate struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Category     crm.RecordType    `json:"category"`
	Language     string            `json:"language"`
	Body         string            `json:"body"`
	Placeholders []crm.Placeholder `json:"placeholders"`
	Team         string            `json:"team"`
	CreatedBy    string            `json:"created_by"`
}

type dsWorkItem struct {
	ID       string    `json:"id"`
	Record   string    `json:"record"`
	Step     string    `json:"step"`
	Template string    `json:"template"`
	Due      time.Time `json:"due"`
	Owner    string    `json:"owner"`
}

// dsOptOut is a customer number that replied STOP. At is kept as text, not
// time.Time, so a bad time is reported at its own field (decodeStrict
// can only name the element of a time.Time that failed to parse).
type dsOptOut struct {
	Customer string `json:"customer"`
	Keyword  string `json:"keyword"`
	At       string `json:"at"`
}

// dsReadMark is how far a user has read a conversation; At is text for
// the same reason as dsOptOut's.
type dsReadMark struct {
	User         string `json:"user"`
	Conversation string `json:"conversation"`
	At           string `json:"at"`
}

// DatasetError is a problem in a dataset file, at a JSON path such as
// records[12].phones.mobile. Code (one of DatasetCodes) and Args say the
// problem in a form any language can render from its catalog; Msg is its
// English rendering.
type DatasetError struct {
	Path string
	Code string // e.g. DatasetUnknownField ("dataset.unknown_field")
	Args []any  // the message's arguments, in the order of the English format
	Msg  string
	Err  error // wrapped cause, e.g. crm.ErrInvalidPhone
}

func (e *DatasetError) Error() string { return e.Path + ": " + e.Msg }
func (e *DatasetError) Unwrap() error { return e.Err }

// dsErr is the problem code at path; format is the code's English message
// (the same text as the catalog's English entry for code).
func dsErr(path, code, format string, args ...any) *DatasetError {
	return &DatasetError{Path: path, Code: code, Args: args, Msg: fmt.Sprintf(format, args...)}
}

// validated is a dataset turned into domain values, ready to write.
type validated struct {
	org       crm.Org
	teams     []crm.Team
	users     []storedUser
	numbers   []crm.BusinessNumber
	records   []crm.Record
	convs     []crm.Conversation
	messages  []crm.Message
	templates []crm.Template
	workItems []crm.WorkItem
	optOuts   []optOut
	readMarks []readMark
}

type readMark struct {
	user, conv string
	at         time.Time
}

// ImportDatasetFile imports the dataset at path into an empty store. It
// returns ErrNotEmpty (and imports nothing) when the store already holds
// data, and a *DatasetError naming the JSON path for a bad file; in both
// cases nothing is written.
func (s *Service) ImportDatasetFile(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read dataset: %w", err)
	}
	if err := s.ImportDataset(raw); err != nil {
		return fmt.Errorf("dataset %s: %w", path, err)
	}
	return nil
}

// ImportDataset validates everything first, then writes it all in one
// transaction.
func (s *Service) ImportDataset(raw []byte) error {
	v, err := s.validateDataset(raw)
	if err != nil {
		return err
	}
	// One event, the org, starts the log: a client that synced the seeded
	// store then holds cursor 1 and resumes from it. With an empty log its
	// cursor stayed 0, which means "never synced", and every reconnect was
	// a full snapshot until the first real event.
	org := v.org
	ev := crm.Event{Kind: crm.EventOrg, At: s.now(), Public: true, Org: &org}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if !storeEmpty(tx) {
			return ErrNotEmpty
		}
		if err := v.write(tx); err != nil {
			return err
		}
		fillStreams(tx)
		return appendEvent(tx, &ev, s.maxEvents, eventRaw{})
	})
	if err != nil {
		return err
	}
	if err := s.load(); err != nil {
		return fmt.Errorf("reload after import: %w", err)
	}
	s.disp.publish([]crm.Event{ev})
	return nil
}

// HasData reports whether the store holds any users or records (a seeded
// or used store), in which case --dataset is ignored.
func (s *Service) HasData() (bool, error) {
	var has bool
	err := s.db.View(func(tx *bolt.Tx) error { has = !storeEmpty(tx); return nil })
	return has, err
}

func storeEmpty(tx *bolt.Tx) bool {
	for _, b := range [][]byte{bUsers, bRecords, bNumbers, bConversations, bEvents} {
		if k, _ := tx.Bucket(b).Cursor().First(); k != nil {
			return false
		}
	}
	return tx.Bucket(bOrg).Get([]byte("org")) == nil
}

// decodeStrict decodes one JSON value, refusing unknown fields, and names
// the path of what went wrong.
func decodeStrict(raw []byte, path string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		var tErr *time.ParseError
		switch {
		case errors.As(err, &typ):
			p := path
			if typ.Field != "" {
				p = joinPath(path, typ.Field)
			}
			return typeErr(p, typ.Type, typ.Value)
		case errors.As(err, &tErr):
			return dsErr(path, DatasetBadTime, "time %q is not RFC 3339 (2026-01-31T09:00:00Z)", tErr.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return dsErr(joinPath(path, strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)), DatasetUnknownField, "unknown field")
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return dsErr(path, DatasetTruncated, "%s", err.Error())
		}
		return dsErr(path, DatasetInvalidJSON, "%s", err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return dsErr(path, DatasetTrailingData, "unexpected data after the value")
	}
	return nil
}

func phoneErr(path, raw string, err error) *DatasetError {
	de := dsErr(path, DatasetInvalidPhone, "%q is not a valid E.164 number (%s)", raw, string(crm.ReasonInvalidSendingParameters))
	de.Err = err
	return de
}

// typeErr says a JSON value is of the wrong kind, naming the wanted kind
// (t, a Go type) the way a JSON author thinks of it; got is the kind found
// ("string", "number"…, as encoding/json names it).
func typeErr(path string, t reflect.Type, got string) *DatasetError {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return dsErr(path, DatasetWantArray, "must be an array, not %s", got)
	case reflect.Map, reflect.Struct:
		return dsErr(path, DatasetWantObject, "must be an object, not %s", got)
	case reflect.Bool:
		return dsErr(path, DatasetWantBool, "must be true or false, not %s", got)
	case reflect.String:
		return dsErr(path, DatasetWantString, "must be a string, not %s", got)
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Float64, reflect.Float32:
		return dsErr(path, DatasetWantNumber, "must be a number, not %s", got)
	}
	return dsErr(path, DatasetWantType, "must be %s, not %s", t.String(), got)
}

func joinPath(base, field string) string {
	if base == "" {
		return field
	}
	return base + "." + field
}
