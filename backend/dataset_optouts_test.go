package backend

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// bucketCopy is every key and value of one bucket.
func bucketCopy(t *testing.T, svc *Service, name []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := svc.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(name).ForEach(func(k, v []byte) error { out[string(k)] = string(v); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// optOutDataset is base.json with Jane's two messages under conversation
// cv_jane (so a read mark can name it), then edited.
func optOutDataset(t *testing.T, edit func(ds map[string]any)) []byte {
	return dataset(t, "base.json", func(ds map[string]any) {
		for _, i := range []int{0, 1} {
			ds["messages"].([]any)[i].(map[string]any)["conversation"] = "cv_jane"
		}
		edit(ds)
	})
}

func TestDatasetImportsOptOutsAndReadMarks(t *testing.T) {
	e := newEnv(t, optOutDataset(t, func(ds map[string]any) {
		ds["opt_outs"] = []any{
			// Any form phonenumbers reads; the keyword as the customer wrote it.
			map[string]any{"customer": "+1 (415) 555-2671", "keyword": " Stop ", "at": "2026-11-15T10:00:00+02:00"},
		}
		ds["read_marks"] = []any{
			map[string]any{"user": "u_alice", "conversation": "cv_jane", "at": "2026-11-10T15:02:00Z"},
		}
	}))
	want := map[string]string{phoneJane: `{"customer":"+14155552671","keyword":" Stop ","at":"2026-11-15T08:00:00Z"}`}
	if got := bucketCopy(t, e.svc, bOptOuts); !maps.Equal(got, want) {
		t.Fatalf("opt-outs stored %q, want %q", got, want)
	}
	c, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok || c.ID != "cv_jane" || !c.OptedOut {
		t.Fatalf("Jane's conversation after import: %+v", c)
	}
	if c.UnreadCount != 1 { // the inbound at 15:04, after the 15:02 mark
		t.Fatalf("unread %d, want 1", c.UnreadCount)
	}
	var refused struct {
		Error apiError `json:"error"`
	}
	if st := e.do("POST", "/api/v1/conversations/cv_jane/messages", tokAlice, map[string]string{"body": "hi"}, &refused); st != 409 || refused.Error.Code != string(crm.ErrOptedOut) {
		t.Fatalf("send to an imported opt-out: %d %+v", st, refused)
	}
	// START on the new server opts back in as usual.
	e.inbound("SMstart", phoneJane, numAlice, "START")
	if c, _ := e.conversationOn(tokAlice, numAlice, phoneJane); c.OptedOut || len(bucketCopy(t, e.svc, bOptOuts)) != 0 {
		t.Fatal("START did not clear an imported opt-out")
	}
}

func TestDatasetOptOutAndReadMarkErrors(t *testing.T) {
	_, formats := datasetSources(t)
	optOut := func(customer, keyword, at any) map[string]any {
		m := map[string]any{}
		for k, v := range map[string]any{"customer": customer, "keyword": keyword, "at": at} {
			if v != nil {
				m[k] = v
			}
		}
		return m
	}
	mark := func(user, conv, at any) map[string]any {
		m := map[string]any{}
		for k, v := range map[string]any{"user": user, "conversation": conv, "at": at} {
			if v != nil {
				m[k] = v
			}
		}
		return m
	}
	good := optOut(phoneJane, "STOP", "2026-11-15T10:00:00Z")
	goodMark := mark("u_alice", "cv_jane", "2026-11-15T10:00:00Z")
	for _, tc := range []struct {
		name     string
		optOuts  []any
		marks    []any
		path     string
		code     string
		contains string
	}{
		{"bad phone", []any{good, optOut("+1555", "STOP", "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[1].customer", DatasetInvalidPhone, `"+1555" is not a valid E.164 number`},
		{"phone without country code", []any{optOut("4155552671", "STOP", "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[0].customer", DatasetInvalidPhone, `"4155552671"`},
		{"no customer", []any{optOut(nil, "STOP", "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[0].customer", DatasetRequired, "required"},
		{"no keyword", []any{optOut(phoneJane, nil, "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[0].keyword", DatasetRequired, "required"},
		{"opt-in keyword", []any{optOut(phoneJane, "START", "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[0].keyword", DatasetNotOptOutKeyword, `"START" is not an opt-out keyword (STOP, STOPALL, UNSUBSCRIBE`},
		{"not a keyword alone", []any{optOut(phoneJane, "STOP please", "2026-11-15T10:00:00Z")}, nil,
			"opt_outs[0].keyword", DatasetNotOptOutKeyword, `"STOP please" is not an opt-out keyword`},
		{"bad time", []any{optOut(phoneJane, "STOP", "15/11/2026")}, nil,
			"opt_outs[0].at", DatasetBadTime, `time "15/11/2026" is not RFC 3339`},
		{"no time", []any{optOut(phoneJane, "STOP", nil)}, nil,
			"opt_outs[0].at", DatasetRequiredTime, "required (RFC 3339)"},
		{"time not a string", []any{optOut(phoneJane, "STOP", 1763200800)}, nil,
			"opt_outs[0].at", DatasetWantString, "must be a string, not number"},
		{"duplicate customer, another spelling", []any{good, optOut("+1 415-555-2671", "QUIT", "2026-11-16T10:00:00Z")}, nil,
			"opt_outs[1].customer", DatasetDuplicateOptOut, "duplicate opt-out of +14155552671 (also opt_outs[0])"},
		{"unknown field", []any{map[string]any{"customer": phoneJane, "keyword": "STOP", "at": "2026-11-15T10:00:00Z", "reason": "x"}}, nil,
			"opt_outs[0].reason", DatasetUnknownField, "unknown field"},
		{"opt-out not an object", []any{"+14155552671"}, nil,
			"opt_outs[0]", DatasetWantObject, "must be an object, not string"},

		{"mark: no user", nil, []any{mark(nil, "cv_jane", "2026-11-15T10:00:00Z")},
			"read_marks[0].user", DatasetRequired, "required"},
		{"mark: unknown user", nil, []any{mark("u_zed", "cv_jane", "2026-11-15T10:00:00Z")},
			"read_marks[0].user", DatasetUnknownUser, `unknown user "u_zed"`},
		{"mark: no conversation", nil, []any{mark("u_alice", nil, "2026-11-15T10:00:00Z")},
			"read_marks[0].conversation", DatasetRequired, "required"},
		{"mark: unknown conversation", nil, []any{goodMark, mark("u_alice", "cv_gone", "2026-11-15T10:00:00Z")},
			"read_marks[1].conversation", DatasetUnknownConversation, `unknown conversation "cv_gone"`},
		{"mark: bad time", nil, []any{mark("u_alice", "cv_jane", "2026-11-15 10:00")},
			"read_marks[0].at", DatasetBadTime, `time "2026-11-15 10:00" is not RFC 3339`},
		{"mark: no time", nil, []any{mark("u_alice", "cv_jane", nil)},
			"read_marks[0].at", DatasetRequiredTime, "required (RFC 3339)"},
		{"mark: duplicate", nil, []any{goodMark, mark("u_bob", "cv_jane", "2026-11-15T10:00:00Z"), mark("u_alice", "cv_jane", "2026-11-16T10:00:00Z")},
			"read_marks[2]", DatasetDuplicateReadMark, `duplicate read mark of "u_alice" on "cv_jane" (also read_marks[0])`},
		{"mark: unknown field", nil, []any{map[string]any{"user": "u_alice", "conversation": "cv_jane", "at": "2026-11-15T10:00:00Z", "unread": 0}},
			"read_marks[0].unread", DatasetUnknownField, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			raw := optOutDataset(t, func(ds map[string]any) {
				if tc.optOuts != nil {
					ds["opt_outs"] = tc.optOuts
				}
				if tc.marks != nil {
					ds["read_marks"] = tc.marks
				}
			})
			err := e.svc.ImportDataset(raw)
			var de *DatasetError
			if !errors.As(err, &de) {
				t.Fatalf("import: %v, want a DatasetError", err)
			}
			if de.Path != tc.path || de.Code != tc.code || !strings.Contains(de.Msg, tc.contains) {
				t.Fatalf("got %s [%s] %q\nwant %s [%s] containing %q", de.Path, de.Code, de.Msg, tc.path, tc.code, tc.contains)
			}
			if got := fmt.Sprintf(formats[de.Code], de.Args...); got != de.Msg {
				t.Errorf("%s: format and args give %q, Msg is %q", de.Code, got, de.Msg)
			}
			if has, err := e.svc.HasData(); has || err != nil {
				t.Fatalf("a refused import left data: %v %v", has, err)
			}
			if n := len(bucketCopy(t, e.svc, bOptOuts)) + len(bucketCopy(t, e.svc, bReadMarks)); n != 0 {
				t.Fatalf("a refused import left %d opt-outs and read marks", n)
			}
		})
	}
}
