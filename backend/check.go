package backend

import (
	"context"
	"fmt"
	"net/http"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// maxCheckProblems bounds the problems a check reports: a badly damaged
// file yields one per page, and the first ones are enough to decide.
const maxCheckProblems = 100

// CheckReport is what Check found: OK, or the first problems.
type CheckReport struct {
	File     string   `json:"file"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems,omitempty"`
}

// Check verifies the whole store file on demand (bbolt's Tx.Check: every
// page reachable once, every key in order, the free list consistent), in
// a read transaction under the fault guard, so writes go on meanwhile.
// Open reads only the meta pages, the free list and the bucket roots; this
// is what finds damage anywhere else before a request meets it.
func (s *Service) Check(ctx context.Context, actor crm.User) (CheckReport, error) {
	if err := checkAdmin(actor, ActCheck); err != nil {
		return CheckReport{}, err
	}
	rep := CheckReport{File: s.db.Path()}
	err := s.db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check(bolt.WithKVStringer(bolt.HexKVStringer())) {
			if len(rep.Problems) < maxCheckProblems {
				rep.Problems = append(rep.Problems, e.Error())
			}
			if ctx.Err() != nil {
				// Drain: Check's goroutine ends when its channel is read out.
				continue
			}
		}
		return ctx.Err()
	})
	if err != nil {
		// A fault while checking is itself the finding.
		rep.Problems = append(rep.Problems, err.Error())
		if ctx.Err() != nil {
			return CheckReport{}, fmt.Errorf("check %s: %w", rep.File, err)
		}
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

func (s *Server) adminCheck(w http.ResponseWriter, r *http.Request, u crm.User) {
	rep, err := s.svc.Check(r.Context(), u)
	s.answer(w, r, rep, err)
}
