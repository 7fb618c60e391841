package tui

// vlist is a virtual window over n rows: a cursor, the first visible row and
// the window's height. Only the visible rows are ever rendered, and each
// rendered row is cached by (id, version, width, selected), so a key press
// re-renders at most the two rows whose selection changed, whatever n is.
type vlist struct {
	cursor, offset, height int
	cache                  map[rowKey]string
}

// rowKey identifies one rendering of one row. version changes whenever the
// row's data does, so a stale rendering is never reused.
type rowKey struct {
	id       string
	version  uint64
	width    int
	selected bool
}

// maxCachedRows bounds the cache: a few screens' worth is all that is ever
// reused, and dropping it wholesale is cheaper than tracking recency.
const maxCachedRows = 2048

func newVList() vlist { return vlist{height: 1, cache: map[rowKey]string{}} }

// setHeight changes the window's height and keeps the cursor visible.
func (v *vlist) setHeight(h, n int) {
	v.height = max(h, 1)
	v.clamp(n)
}

// clamp keeps cursor and offset inside [0, n) with the cursor visible.
func (v *vlist) clamp(n int) {
	v.height = max(v.height, 1)
	if n == 0 {
		v.cursor, v.offset = 0, 0
		return
	}
	v.cursor = min(max(v.cursor, 0), n-1)
	if v.cursor < v.offset {
		v.offset = v.cursor
	}
	if v.cursor >= v.offset+v.height {
		v.offset = v.cursor - v.height + 1
	}
	v.offset = min(max(v.offset, 0), max(n-v.height, 0))
}

// move moves the cursor by delta rows.
func (v *vlist) move(delta, n int) {
	v.cursor += delta
	v.clamp(n)
}

// jump puts the cursor on row i.
func (v *vlist) jump(i, n int) {
	v.cursor = i
	v.clamp(n)
}

// scroll moves the window by delta rows (the mouse wheel), dragging the
// cursor along only when it would leave the window.
func (v *vlist) scroll(delta, n int) {
	v.offset = min(max(v.offset+delta, 0), max(n-v.height, 0))
	if v.cursor < v.offset {
		v.cursor = v.offset
	}
	if v.cursor >= v.offset+v.height {
		v.cursor = v.offset + v.height - 1
	}
	v.clamp(n)
}

// rowAt maps a line inside the window to a row index, -1 past the end.
func (v *vlist) rowAt(line, n int) int {
	i := v.offset + line
	if line < 0 || i >= n {
		return -1
	}
	return i
}

// render returns the visible rows' lines. key identifies row i; draw renders
// it when the cache misses.
func (v *vlist) render(n, width int, key func(i int) (string, uint64), draw func(i, width int, selected bool) string) []string {
	if len(v.cache) > maxCachedRows {
		clear(v.cache)
	}
	end := min(v.offset+v.height, n)
	lines := make([]string, 0, end-v.offset)
	for i := v.offset; i < end; i++ {
		id, version := key(i)
		k := rowKey{id: id, version: version, width: width, selected: i == v.cursor}
		s, ok := v.cache[k]
		if !ok {
			s = draw(i, width, k.selected)
			v.cache[k] = s
		}
		lines = append(lines, s)
	}
	return lines
}

// invalidate drops every cached rendering (theme, language or day change).
func (v *vlist) invalidate() { clear(v.cache) }
