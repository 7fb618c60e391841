package tui

import (
	"strconv"
	"time"

	"smsdesk/i18n"
)

// timefmt.go is the one place the TUI turns a time into text. Names of days
// and months, the order of a date and the shape of a clock time all come
// from the catalog (golang.org/x/text has no date formatting), so a new
// language brings its own conventions in its catalog file. Every time is
// first converted to the user's zone (Context.Loc) and compared with the
// user's today (Context.Now), so the grid, the notification center and the
// pane's day separators agree on what "today" and "yesterday" are.

// dayRelation is how a day relates to the user's today.
type dayRelation int

const (
	dayToday     dayRelation = iota
	dayYesterday             // the calendar day before today
	dayThisWeek              // two to six days ago: a weekday name is unambiguous
	dayOlder                 // further back, or in the future on another day
)

// relate places t (any zone) relative to the user's today; it returns t in
// the user's zone with it.
func (c *Context) relate(t time.Time) (time.Time, dayRelation) {
	lt, now := c.local(t), c.today()
	switch {
	case sameDay(lt, now):
		return lt, dayToday
	case sameDay(lt, now.AddDate(0, 0, -1)):
		return lt, dayYesterday
	case !lt.Before(startOfDay(now).AddDate(0, 0, -6)) && lt.Before(now):
		return lt, dayThisWeek
	}
	return lt, dayOlder
}

// gridTime is a short time for a list column (the grid, the notification
// center): the clock time today, "yesterday", the weekday within the week,
// the date before that.
func (c *Context) gridTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt, rel := c.relate(t)
	switch rel {
	case dayToday:
		return c.clockLocal(lt)
	case dayYesterday:
		return c.T.T("day.yesterday")
	case dayThisWeek:
		return c.T.T(weekdayKey(lt.Weekday()))
	}
	return c.shortDate(lt)
}

// dueTime is a moment that may lie ahead, such as a work list step's due
// time: its day (today, tomorrow, yesterday, the weekday within six days
// either way, the date further off) and its time, in one catalog pattern.
func (c *Context) dueTime(t time.Time) string {
	lt, rel := c.relate(t)
	now := c.today()
	var day string
	switch {
	case rel == dayToday:
		day = c.T.T("day.today")
	case sameDay(lt, now.AddDate(0, 0, 1)):
		day = c.T.T("day.tomorrow")
	case rel == dayYesterday:
		day = c.T.T("day.yesterday")
	case rel == dayThisWeek || (lt.After(now) && lt.Before(startOfDay(now).AddDate(0, 0, 7))):
		day = c.T.T(weekdayKey(lt.Weekday()))
	default:
		day = c.shortDate(lt)
	}
	return c.T.T("format.day_time", day, c.clockLocal(lt))
}

// dayLabel is a day separator in the pane: "today", "yesterday", or the
// full date with its weekday.
func (c *Context) dayLabel(t time.Time) string {
	lt, rel := c.relate(t)
	switch rel {
	case dayToday:
		return c.T.T("day.today")
	case dayYesterday:
		return c.T.T("day.yesterday")
	}
	return c.longDate(lt)
}

// clock is the time of day of t in the user's zone, 12- or 24-hour as the
// language writes it.
func (c *Context) clock(t time.Time) string { return c.clockLocal(c.local(t)) }

// clockLocal formats a time already in the user's zone. The pattern gets
// the 24-hour hour, the minute, the 12-hour hour and the day period (am/pm)
// and uses what its language needs.
func (c *Context) clockLocal(lt time.Time) string {
	h12 := lt.Hour() % 12
	if h12 == 0 {
		h12 = 12
	}
	period := c.T.T("format.am")
	if lt.Hour() >= 12 {
		period = c.T.T("format.pm")
	}
	return c.T.T("format.time", lt.Hour(), lt.Minute(), h12, period)
}

// shortDate is a numeric date (day, month, year in the language's order).
// The year is passed as a string: a printer would group its digits.
func (c *Context) shortDate(lt time.Time) string {
	return c.T.T("format.date", lt.Day(), int(lt.Month()), strconv.Itoa(lt.Year()))
}

// longDate is a date written out: weekday, day, month name, year.
func (c *Context) longDate(lt time.Time) string {
	return c.T.T("format.long_date", c.T.T(weekdayKey(lt.Weekday())), lt.Day(),
		c.T.T(monthKey(lt.Month())), strconv.Itoa(lt.Year()))
}

// sameDay reports whether a and b fall on the same calendar day (both
// already in the user's zone).
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// startOfDay is local midnight of t's day.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func weekdayKey(d time.Weekday) i18n.Key {
	return [...]i18n.Key{"weekday.sunday", "weekday.monday", "weekday.tuesday", "weekday.wednesday",
		"weekday.thursday", "weekday.friday", "weekday.saturday"}[d]
}

func monthKey(m time.Month) i18n.Key {
	return [...]i18n.Key{"month.january", "month.february", "month.march", "month.april", "month.may",
		"month.june", "month.july", "month.august", "month.september", "month.october",
		"month.november", "month.december"}[m-1]
}
