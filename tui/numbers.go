package tui

import (
	"fmt"
	"slices"

	"smsdesk/crm"
)

// numberOption is one choice in a phone-number selector.
type numberOption struct {
	Number string
	Label  string // business number's name, or the record's phone field
}

// selector is a small pick-one list (the from- and to-number choosers).
type selector struct {
	options []numberOption
	cursor  int
}

func (s *selector) move(d int) {
	if len(s.options) == 0 {
		return
	}
	s.cursor = min(max(s.cursor+d, 0), len(s.options)-1)
}

func (s *selector) choice() (numberOption, bool) {
	if s.cursor < 0 || s.cursor >= len(s.options) {
		return numberOption{}, false
	}
	return s.options[s.cursor], true
}

// point puts the cursor on number, if it is an option.
func (s *selector) point(number string) {
	if i := slices.IndexFunc(s.options, func(o numberOption) bool { return o.Number == number }); i >= 0 {
		s.cursor = i
	}
}

// fromOptions lists the business numbers me may send from: those owned by
// me or by one of my teams, not removed; the thread's own number first even
// if it is not among them, since it is the default.
func fromOptions(ctx *Context, me crm.User, threadNumber string) ([]numberOption, error) {
	nums, err := ctx.DB.Numbers()
	if err != nil {
		return nil, fmt.Errorf("load business numbers: %w", err)
	}
	var opts []numberOption
	seen := map[string]bool{}
	for _, n := range nums {
		if n.Number == threadNumber {
			opts = append([]numberOption{{Number: n.Number, Label: n.Name}}, opts...)
			seen[n.Number] = true
			continue
		}
		if n.Removed || !(n.Owner.IsUser(me.ID) || (n.Owner.Kind == crm.OwnerTeam && me.InTeam(n.Owner.ID))) {
			continue
		}
		opts = append(opts, numberOption{Number: n.Number, Label: n.Name})
		seen[n.Number] = true
	}
	if threadNumber != "" && !seen[threadNumber] {
		opts = append([]numberOption{{Number: threadNumber}}, opts...)
	}
	return opts, nil
}

// toOptions lists the record's phone numbers (business, mobile, main), plus
// the thread's customer number when the record does not hold it any more.
func toOptions(ctx *Context, rec crm.Record, hasRecord bool, threadNumber string) []numberOption {
	var opts []numberOption
	if hasRecord {
		for _, f := range []crm.PhoneField{crm.PhoneBusiness, crm.PhoneMobile, crm.PhoneMain} {
			if n := rec.Phones[f]; n != "" && !slices.ContainsFunc(opts, func(o numberOption) bool { return o.Number == n }) {
				opts = append(opts, numberOption{Number: n, Label: ctx.phoneFieldLabel(f)})
			}
		}
	}
	if threadNumber != "" && !slices.ContainsFunc(opts, func(o numberOption) bool { return o.Number == threadNumber }) {
		opts = append(opts, numberOption{Number: threadNumber, Label: ctx.T.T("phone.thread")})
	}
	return opts
}
