package i18n

// frenchLayout holds the grid's fold count and the help overlay's legend.
func frenchLayout() map[Key]entry {
	return map[Key]entry{
		"grid.below_fold": plural1("↓ %d de plus en dessous", "↓ %d de plus en dessous"),
		"help.legend":     text("Enregistrements : %s"),
		"help.mouse":      text("Souris : un clic sélectionne une ligne, un second l’ouvre ; la molette fait défiler ; un clic sur la cloche ouvre les notifications."),
	}
}
