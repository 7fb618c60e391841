package backend

import (
	"slices"
	"strings"
	"sync"
	"time"

	"smsdesk/crm"
)

// recSummary is what routing, visibility and search need of a record, kept
// in memory for every record so an inbound message never decodes records
// from disk to find its candidates.
type recSummary struct {
	ID        string
	Type      crm.RecordType
	Name      string
	Owner     crm.Owner
	Active    bool
	UpdatedAt time.Time
	Phones    []string // E.164, unique
}

func summarize(r crm.Record) recSummary {
	s := recSummary{ID: r.ID, Type: r.Type, Name: r.Name, Owner: r.Owner, Active: r.Active, UpdatedAt: r.UpdatedAt}
	for _, p := range r.Phones {
		if p != "" && !slices.Contains(s.Phones, p) {
			s.Phones = append(s.Phones, p)
		}
	}
	return s
}

// record turns the summary back into the fields crm.Route reads.
func (s recSummary) record() crm.Record {
	return crm.Record{ID: s.ID, Type: s.Type, Name: s.Name, Owner: s.Owner, Active: s.Active, UpdatedAt: s.UpdatedAt}
}

// recordIndex is the in-memory phone index (E.164 → record ids) and record
// summaries. It is built at open from the records bucket and updated after
// every commit that writes a record, so routing never scans records.
type recordIndex struct {
	mu      sync.RWMutex
	byID    map[string]recSummary
	byPhone map[string][]string
}

func newRecordIndex(sizeHint int) *recordIndex {
	return &recordIndex{byID: make(map[string]recSummary, sizeHint), byPhone: make(map[string][]string, sizeHint)}
}

// put adds or replaces a record (its old phones are unindexed first).
func (x *recordIndex) put(r crm.Record) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.putLocked(summarize(r))
}

func (x *recordIndex) putLocked(s recSummary) {
	if old, ok := x.byID[s.ID]; ok {
		for _, p := range old.Phones {
			ids := slices.DeleteFunc(x.byPhone[p], func(id string) bool { return id == s.ID })
			if len(ids) == 0 {
				delete(x.byPhone, p)
			} else {
				x.byPhone[p] = ids
			}
		}
	}
	x.byID[s.ID] = s
	for _, p := range s.Phones {
		x.byPhone[p] = append(x.byPhone[p], s.ID)
	}
}

func (x *recordIndex) get(id string) (recSummary, bool) {
	x.mu.RLock()
	s, ok := x.byID[id]
	x.mu.RUnlock()
	return s, ok
}

// withPhone appends to dst the summaries of every record holding phone.
func (x *recordIndex) withPhone(dst []recSummary, phone string) []recSummary {
	x.mu.RLock()
	for _, id := range x.byPhone[phone] {
		dst = append(dst, x.byID[id])
	}
	x.mu.RUnlock()
	return dst
}

func (x *recordIndex) len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// search returns up to limit record ids whose name, id or phone contains q
// (case-insensitive), sorted by name then id. An empty q matches everything.
func (x *recordIndex) search(q string, limit int) []recSummary {
	q = strings.ToLower(strings.TrimSpace(q))
	x.mu.RLock()
	var out []recSummary
	for _, s := range x.byID {
		if q == "" || strings.Contains(strings.ToLower(s.Name), q) || strings.Contains(strings.ToLower(s.ID), q) ||
			slices.ContainsFunc(s.Phones, func(p string) bool { return strings.Contains(p, q) }) {
			out = append(out, s)
		}
	}
	x.mu.RUnlock()
	slices.SortFunc(out, func(a, b recSummary) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
