package tui

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// The benchmark cache: 10,000 conversations and 200,000 messages, one thread
// (cv_long) holding 5,000 of them. Built once per test process, closed, and
// reopened by each benchmark as the TUI would open it.
const (
	benchConversations = 10000
	benchLongThread    = 5000
)

// benchMessages gives conversation i 19 or 20 messages: 195,000 in all,
// plus the long thread's 5,000.
func benchMessages(i int) int { return 19 + i%2 }

type benchCacheFile struct {
	once sync.Once
	dir  string
	path string
}

// benchCache is the one shared fixture of the benchmarks; TestMain removes
// its directory.
var benchCache benchCacheFile

func TestMain(m *testing.M) {
	code := m.Run()
	if benchCache.dir != "" {
		_ = os.RemoveAll(benchCache.dir)
	}
	os.Exit(code)
}

func benchPath(b *testing.B) string {
	b.Helper()
	benchCache.once.Do(func() {
		dir, err := os.MkdirTemp("", "smsdesk-tui-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchCache.dir, benchCache.path = dir, filepath.Join(dir, "cache.db")
		clk := &testClock{t: testNow}
		db := bigWorld(b, benchCache.path, clk, benchConversations, benchMessages, benchLongThread)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	})
	if benchCache.path == "" {
		b.Fatal("benchmark cache was not built")
	}
	return benchCache.path
}

// openBench opens the benchmark cache and builds the model at 120×32.
func openBench(b *testing.B) (*localdb.DB, *Model) {
	b.Helper()
	clk := &testClock{t: testNow}
	db, err := localdb.Open(benchPath(b), localdb.Options{Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(Options{
		DB: db, Printer: printer(b, languageEnglish), Now: clk.Now, Location: testZone,
		Rand: seedRand(3), Dark: true, Getenv: func(string) string { return "" },
	})
	if err != nil {
		b.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
	return db, m
}

// vmRSS is the process's resident set in MB, from /proc/self/status.
func vmRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return -1
}

// cpuTime is the CPU the process has used (user + system). The machine
// these run on is shared, so wall time per op can triple under load while
// the CPU per op stays put: both are reported.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU milliseconds per op since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkStartToFirstFrame: open the cache, build the model, draw the
// first frame. Target under 300 ms. Also reports the heap the TUI holds and
// the process's resident memory after the first frame (target < 100 MB).
func BenchmarkStartToFirstFrame(b *testing.B) {
	benchPath(b) // build the fixture outside the timing
	runtime.GC()
	debug.FreeOSMemory()
	b.ResetTimer()
	cpu := cpuTime()
	var heap, rss float64
	for i := 0; i < b.N; i++ {
		db, m := openBench(b)
		if v := m.View(); v.Content == "" {
			b.Fatal("empty first frame")
		}
		if i == 0 {
			b.StopTimer()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap = float64(ms.HeapInuse) / (1 << 20)
			rss = vmRSS()
			b.StartTimer()
		}
		m.Close()
		_ = db.Close()
	}
	reportCPU(b, cpu)
	b.ReportMetric(heap, "MB-heap")
	b.ReportMetric(rss, "MB-rss")
}

// BenchmarkGridKeyPress: one down key and the frame it causes, in a grid of
// 10,000 conversations. Target under 5 ms.
func BenchmarkGridKeyPress(b *testing.B) {
	db, m := openBench(b)
	defer db.Close()
	defer m.Close()
	m.View()
	down, top := keyMsg("down"), keyMsg("g")
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		if m.grid.list.cursor == len(m.grid.view)-1 {
			m.Update(top)
		}
		m.Update(down)
		m.View()
	}
}

// BenchmarkPaneKeyPress: one key moving the focus up a 5,000-message thread
// and the frame it causes (older pages are read as the focus gets there).
// Target under 5 ms.
func BenchmarkPaneKeyPress(b *testing.B) {
	db, m := openBench(b)
	defer db.Close()
	defer m.Close()
	m.View()
	m.openConversation("cv_long")
	m.View()
	if n, _ := db.MessageCount("cv_long"); n != benchLongThread {
		b.Fatalf("long thread has %d messages", n)
	}
	up, bottom := keyMsg("k"), keyMsg("G")
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		if m.pane.history.sel == 0 {
			b.StopTimer()
			m.Update(bottom)
			m.pane.history.open("cv_long")
			b.StartTimer()
		}
		m.Update(up)
		m.View()
	}
}

// BenchmarkLiveInbound: an inbound message lands in the cache while the grid
// (10,000 rows) and a pane are open; the model applies the coalesced change
// and draws the frame. The cache write itself is outside the timing.
func BenchmarkLiveInbound(b *testing.B) {
	db, m := openBench(b)
	defer db.Close()
	defer m.Close()
	m.openConversation("cv_00007")
	m.View()
	h := &harness{t: b, db: db, m: m}
	seq, err := db.Cursor()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		seq++
		conv := fmt.Sprintf("cv_%05d", (i*7919)%benchConversations)
		ev := h.inboundEvent(seq, conv, fmt.Sprintf("m_bench_live_%d", i), "Live reply", testNow.Add(time.Duration(i)*time.Second))
		if err := db.ApplyEvents([]crm.Event{ev}); err != nil {
			b.Fatal(err)
		}
		c := <-m.changes
		b.StartTimer()
		m.Update(changesMsg{c})
		m.View()
	}
}
