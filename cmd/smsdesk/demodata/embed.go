package demodata

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"
)

//go:embed dataset.json
var datasetJSON []byte

// Dataset returns a copy of the embedded dataset.json, dated as of Base.
func Dataset() []byte { return bytes.Clone(datasetJSON) }

// Parse decodes a dataset in this package's format, refusing unknown
// fields so that nothing is silently dropped by a re-encode.
func Parse(raw []byte) (File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("decode demo dataset: %w", err)
	}
	return f, nil
}

// DatasetFor returns the embedded dataset with every date moved by whole
// days so that Base falls on today's UTC date: the history then ends
// yesterday and the work list is due today and tomorrow. Times of day
// stay as written.
func DatasetFor(today time.Time) ([]byte, error) {
	f, err := Parse(datasetJSON)
	if err != nil {
		return nil, err
	}
	return Encode(Shift(f, DaysFromBase(today)))
}

// DaysFromBase is how many whole days today's UTC date lies after Base.
func DaysFromBase(today time.Time) int {
	y, m, d := today.UTC().Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(midnight.Sub(Base()).Hours() / 24)
}

// Shift moves every date in f by days: records' last update, opportunities'
// close dates, messages and work items. f is not modified.
func Shift(f File, days int) File {
	mv := func(t time.Time) time.Time { return t.AddDate(0, 0, days) }
	out := f
	out.Records = make([]Record, len(f.Records))
	for i, r := range f.Records {
		r.UpdatedAt = mv(r.UpdatedAt)
		if cd, ok := r.Fields["CloseDate"]; ok {
			fields := make(map[string]string, len(r.Fields))
			for k, v := range r.Fields {
				fields[k] = v
			}
			if t, err := time.Parse(time.DateOnly, cd); err == nil {
				fields["CloseDate"] = mv(t).Format(time.DateOnly)
			}
			r.Fields = fields
		}
		out.Records[i] = r
	}
	out.Messages = make([]Message, len(f.Messages))
	for i, m := range f.Messages {
		m.At = mv(m.At)
		out.Messages[i] = m
	}
	out.Worklist = make([]WorkItem, len(f.Worklist))
	for i, w := range f.Worklist {
		w.Due = mv(w.Due)
		out.Worklist[i] = w
	}
	return out
}

// Users lists the demo users with their tokens, as in the dataset.
func Users() ([]User, error) {
	f, err := Parse(datasetJSON)
	if err != nil {
		return nil, err
	}
	return f.Users, nil
}
