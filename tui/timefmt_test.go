package tui

import (
	"testing"
	"time"

	"golang.org/x/text/language"
)

// timeContext is a Context with only what timefmt needs: a printer, a fixed
// clock and a zone. Now is Saturday 21 November 2026, 00:30 in UTC+1, which
// is still Friday 23:30 in UTC: the zone decides the day.
func timeContext(t *testing.T, tag language.Tag) *Context {
	t.Helper()
	now := time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC)
	return &Context{T: printer(t, tag), Now: func() time.Time { return now }, Loc: time.FixedZone("CET", 3600)}
}

func TestTimesFollowTheLanguageAndTheZone(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	at := func(mon time.Month, d, h, m int) time.Time { return time.Date(2026, mon, d, h, m, 0, 0, zone) }
	cases := []struct {
		name string
		t    time.Time
		grid map[string]string // language → grid column
		day  map[string]string // language → pane day separator
	}{
		{
			"today, a minute after midnight in the user's zone", at(11, 21, 0, 1),
			map[string]string{"en": "12:01 AM", "fr": "00:01", "gl": "00:01"},
			map[string]string{"en": "Today", "fr": "Aujourd’hui", "gl": "Hoxe"},
		},
		{
			"yesterday afternoon: the same word in the grid and the pane", at(11, 20, 15, 5),
			map[string]string{"en": "Yesterday", "fr": "Hier", "gl": "Onte"},
			map[string]string{"en": "Yesterday", "fr": "Hier", "gl": "Onte"},
		},
		{
			"six days ago: the weekday in the grid, the full date in the pane", at(11, 15, 9, 0),
			map[string]string{"en": "Sunday", "fr": "dimanche", "gl": "domingo"},
			map[string]string{"en": "Sunday, November 15, 2026", "fr": "dimanche 15 novembre 2026", "gl": "domingo, 15 de novembro de 2026"},
		},
		{
			"seven days ago: a date", at(11, 14, 9, 0),
			map[string]string{"en": "11/14/2026", "fr": "14/11/2026", "gl": "14/11/2026"},
			map[string]string{"en": "Saturday, November 14, 2026", "fr": "samedi 14 novembre 2026", "gl": "sábado, 14 de novembro de 2026"},
		},
		{
			"a year with four digits is not grouped", at(1, 2, 13, 45),
			map[string]string{"en": "01/02/2026", "fr": "02/01/2026", "gl": "02/01/2026"},
			map[string]string{"en": "Friday, January 2, 2026", "fr": "vendredi 2 janvier 2026", "gl": "venres, 2 de xaneiro de 2026"},
		},
	}
	for _, tag := range []language.Tag{language.English, language.French, language.Make("gl")} {
		ctx := timeContext(t, tag)
		lang := tag.String()
		for _, c := range cases {
			if got := ctx.gridTime(c.t.UTC()); got != c.grid[lang] {
				t.Errorf("%s, %s: grid shows %q, want %q", lang, c.name, got, c.grid[lang])
			}
			if got := ctx.dayLabel(c.t.UTC()); got != c.day[lang] {
				t.Errorf("%s, %s: day separator %q, want %q", lang, c.name, got, c.day[lang])
			}
		}
	}
}

func TestClockIsTwelveHourInEnglishAnd24HourInFrenchAndGalician(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	cases := []struct {
		h, m       int
		en, fr, gl string
	}{
		{0, 5, "12:05 AM", "00:05", "00:05"},
		{9, 30, "9:30 AM", "09:30", "09:30"},
		{12, 0, "12:00 PM", "12:00", "12:00"},
		{23, 59, "11:59 PM", "23:59", "23:59"},
	}
	for _, c := range cases {
		at := time.Date(2026, 11, 21, c.h, c.m, 0, 0, zone).UTC()
		for tag, want := range map[language.Tag]string{language.English: c.en, language.French: c.fr, language.Make("gl"): c.gl} {
			if got := timeContext(t, tag).clock(at); got != want {
				t.Errorf("%s %02d:%02d: %q, want %q", tag, c.h, c.m, got, want)
			}
		}
	}
}

func TestZeroTimeLeavesTheColumnEmpty(t *testing.T) {
	if got := timeContext(t, language.English).gridTime(time.Time{}); got != "" {
		t.Fatalf("zero time shows %q", got)
	}
}

func TestDueTimesLookAheadToo(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, zone).UTC() }
	// Today is Saturday 21 November 2026 in the user's zone.
	cases := []struct {
		t          time.Time
		en, fr, gl string
	}{
		{at(21, 9, 0), "Today 9:00 AM", "Aujourd’hui à 09:00", "Hoxe ás 09:00"},
		{at(22, 14, 30), "Tomorrow 2:30 PM", "Demain à 14:30", "Mañá ás 14:30"},
		{at(20, 17, 0), "Yesterday 5:00 PM", "Hier à 17:00", "Onte ás 17:00"},
		{at(27, 9, 0), "Friday 9:00 AM", "vendredi à 09:00", "venres ás 09:00"},
		{at(28, 9, 0), "11/28/2026 9:00 AM", "28/11/2026 à 09:00", "28/11/2026 ás 09:00"},
		{at(16, 9, 0), "Monday 9:00 AM", "lundi à 09:00", "luns ás 09:00"},
	}
	for _, c := range cases {
		for tag, want := range map[language.Tag]string{language.English: c.en, language.French: c.fr, language.Make("gl"): c.gl} {
			if got := timeContext(t, tag).dueTime(c.t); got != want {
				t.Errorf("%s %s: %q, want %q", tag, c.t, got, want)
			}
		}
	}
}
