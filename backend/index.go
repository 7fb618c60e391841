package backend

import (
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"smsdesk/crm"
)

// recSummary is what routing, visibility and search need of a record.
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
	for _, f := range [...]crm.PhoneField{crm.PhoneMobile, crm.PhoneBusiness, crm.PhoneMain} {
		if p := r.Phones[f]; p != "" && !slices.Contains(s.Phones, p) {
			s.Phones = append(s.Phones, p)
		}
	}
	return s
}

// record turns the summary back into the fields crm.Route reads.
func (s recSummary) record() crm.Record {
	return crm.Record{ID: s.ID, Type: s.Type, Name: s.Name, Owner: s.Owner, Active: s.Active, UpdatedAt: s.UpdatedAt}
}

// recordIndex is the in-memory phone index (E.164 → records) with a summary
// of every record. It is built at open from the records bucket and updated
// after every commit that writes a record, so routing never scans records.
//
// It holds no pointers on purpose: with a million records, maps of strings
// made every garbage collection mark millions of objects, and that marking
// (not the lookup) dominated the routing time. Strings live in an
// append-only byte arena, phone numbers are keyed as integers, record ids by
// hash, and owners and types are interned, so the GC skips the whole index.
type recordIndex struct {
	mu       sync.RWMutex
	seed     maphash.Seed
	arena    []byte            // append-only: record ids and names
	slots    []recSlot         // one per record
	byHash   map[uint64]uint32 // maphash(id) → slot
	overflow map[string]uint32 // ids whose hash collided with another id's
	phones   map[uint64]uint32 // phone key → first entry + 1
	entries  []phoneEntry      // per phone, a chain of records holding it
	strs     []string          // interned types and owner ids (few)
	strIdx   map[string]uint32
	gen      uint64 // bumped by every change: prepared changes check it
}

// generation changes whenever the index does.
func (x *recordIndex) generation() uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.gen
}

type strRef struct{ off, n uint32 }

type recSlot struct {
	id, name       strRef
	typ, ownerKind uint32 // interned
	ownerID        uint32 // interned
	active         bool
	updated        int64     // UnixNano
	phones         [3]uint64 // phone keys, 0 = none
}

type phoneEntry struct {
	slot uint32
	next uint32 // next entry + 1; 0 ends the chain
}

func newRecordIndex(sizeHint int) *recordIndex {
	return &recordIndex{
		seed:     maphash.MakeSeed(),
		slots:    make([]recSlot, 0, sizeHint),
		byHash:   make(map[uint64]uint32, sizeHint),
		overflow: map[string]uint32{},
		phones:   make(map[uint64]uint32, sizeHint),
		entries:  make([]phoneEntry, 0, sizeHint),
		strIdx:   map[string]uint32{},
	}
}

// phoneKey maps an E.164 number to an integer: its digits (at most 15, and
// never a leading zero, so the mapping is one to one). 0 for anything else.
func phoneKey(e164 string) uint64 {
	if len(e164) < 2 || len(e164) > 16 || e164[0] != '+' || e164[1] == '0' {
		return 0
	}
	k, err := strconv.ParseUint(e164[1:], 10, 64)
	if err != nil {
		return 0
	}
	return k
}

func (x *recordIndex) addStr(s string) strRef {
	r := strRef{off: uint32(len(x.arena)), n: uint32(len(s))}
	x.arena = append(x.arena, s...)
	return r
}

func (x *recordIndex) str(r strRef) string { return string(x.arena[r.off : r.off+r.n]) }

func (x *recordIndex) intern(s string) uint32 {
	if i, ok := x.strIdx[s]; ok {
		return i
	}
	i := uint32(len(x.strs))
	x.strs = append(x.strs, s)
	x.strIdx[s] = i
	return i
}

// lookup finds a record's slot.
func (x *recordIndex) lookup(id string) (uint32, bool) {
	if i, ok := x.overflow[id]; ok {
		return i, true
	}
	i, ok := x.byHash[maphash.String(x.seed, id)]
	if !ok || x.str(x.slots[i].id) != id {
		return 0, false
	}
	return i, true
}

// put adds or replaces a record (its old phones are unindexed first).
func (x *recordIndex) put(r crm.Record) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.putLocked(r)
}

func (x *recordIndex) putLocked(r crm.Record) {
	x.gen++
	i, exists := x.lookup(r.ID)
	if exists {
		for _, k := range x.slots[i].phones {
			x.unlink(k, i)
		}
	} else {
		i = uint32(len(x.slots))
		x.slots = append(x.slots, recSlot{id: x.addStr(r.ID)})
		h := maphash.String(x.seed, r.ID)
		if _, taken := x.byHash[h]; taken {
			x.overflow[r.ID] = i
		} else {
			x.byHash[h] = i
		}
	}
	sl := &x.slots[i]
	if x.str(sl.name) != r.Name {
		sl.name = x.addStr(r.Name)
	}
	sl.typ = x.intern(string(r.Type))
	sl.ownerKind = x.intern(string(r.Owner.Kind))
	sl.ownerID = x.intern(r.Owner.ID)
	sl.active = r.Active
	sl.updated = r.UpdatedAt.UnixNano()
	sl.phones = [3]uint64{}
	for n, p := range summarize(r).Phones {
		if k := phoneKey(p); k != 0 && n < len(sl.phones) {
			sl.phones[n] = k
			x.entries = append(x.entries, phoneEntry{slot: i, next: x.phones[k]})
			x.phones[k] = uint32(len(x.entries))
		}
	}
}

// unlink removes slot from phone k's chain. Chains are as long as the
// number of records sharing a number: a handful.
func (x *recordIndex) unlink(k uint64, slot uint32) {
	if k == 0 {
		return
	}
	prev := uint32(0)
	for e := x.phones[k]; e != 0; e = x.entries[e-1].next {
		if x.entries[e-1].slot != slot {
			prev = e
			continue
		}
		next := x.entries[e-1].next
		switch {
		case prev != 0:
			x.entries[prev-1].next = next
		case next == 0:
			delete(x.phones, k)
		default:
			x.phones[k] = next
		}
		return
	}
}

func (x *recordIndex) summary(i uint32, phones bool) recSummary {
	sl := &x.slots[i]
	s := recSummary{
		ID:        x.str(sl.id),
		Type:      crm.RecordType(x.strs[sl.typ]),
		Name:      x.str(sl.name),
		Owner:     crm.Owner{Kind: crm.OwnerKind(x.strs[sl.ownerKind]), ID: x.strs[sl.ownerID]},
		Active:    sl.active,
		UpdatedAt: time.Unix(0, sl.updated).UTC(),
	}
	if phones {
		for _, k := range sl.phones {
			if k != 0 {
				s.Phones = append(s.Phones, "+"+strconv.FormatUint(k, 10))
			}
		}
	}
	return s
}

func (x *recordIndex) get(id string) (recSummary, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	i, ok := x.lookup(id)
	if !ok {
		return recSummary{}, false
	}
	return x.summary(i, true), true
}

// withPhone appends to dst the summaries of every record holding phone.
func (x *recordIndex) withPhone(dst []recSummary, phone string) []recSummary {
	k := phoneKey(phone)
	if k == 0 {
		return dst
	}
	x.mu.RLock()
	n := 0
	for e := x.phones[k]; e != 0; e = x.entries[e-1].next {
		n++
	}
	dst = slices.Grow(dst, n)
	for e := x.phones[k]; e != 0; e = x.entries[e-1].next {
		dst = append(dst, x.summary(x.entries[e-1].slot, false))
	}
	x.mu.RUnlock()
	return dst
}

func (x *recordIndex) len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.slots)
}

// search returns up to limit records whose name, id or phone contains q
// (case-insensitive), sorted by name then id. An empty q matches everything.
func (x *recordIndex) search(q string, limit int) []recSummary {
	q = strings.ToLower(strings.TrimSpace(q))
	digits := strings.TrimPrefix(q, "+")
	x.mu.RLock()
	var out []recSummary
	for i := range x.slots {
		sl := &x.slots[i]
		match := q == "" || strings.Contains(strings.ToLower(x.str(sl.name)), q) || strings.Contains(strings.ToLower(x.str(sl.id)), q)
		for _, k := range sl.phones {
			match = match || (k != 0 && digits != "" && strings.Contains(strconv.FormatUint(k, 10), digits))
		}
		if match {
			out = append(out, x.summary(uint32(i), true))
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

// ownedBy lists the ids of the records owned by o. It walks the in-memory
// slots (no store read): an owner change of a team touches every record
// the team owns, and administration needs their conversations.
func (x *recordIndex) ownedBy(o crm.Owner) []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	kind, okKind := x.strIdx[string(o.Kind)]
	id, okID := x.strIdx[o.ID]
	if !okKind || !okID {
		return nil
	}
	var out []string
	for i := range x.slots {
		if sl := &x.slots[i]; sl.ownerKind == kind && sl.ownerID == id {
			out = append(out, x.str(sl.id))
		}
	}
	return out
}
