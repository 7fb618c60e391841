package i18n

// englishLayout holds the grid's fold count and the help overlay's legend.
func englishLayout() map[Key]entry {
	return map[Key]entry{
		"grid.below_fold": plural1("↓ %d more below", "↓ %d more below"),
		"help.legend":     text("Records: %s"),
		"help.mouse":      text("Mouse: click a row to select it, click it again to open it; the wheel scrolls; click the bell for notifications."),
	}
}
