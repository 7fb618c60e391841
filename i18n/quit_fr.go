package i18n

// frenchQuit holds what smsdesk tui says as it ends.
func frenchQuit() map[Key]entry {
	return map[Key]entry{
		"cli.tui.outbox_on_quit": plural1("%d action est encore en file, à l’abri dans le cache de cet appareil : elle partira au prochain lancement de smsdesk tui qui joindra le serveur.", "%d actions sont encore en file, à l’abri dans le cache de cet appareil : elles partiront au prochain lancement de smsdesk tui qui joindra le serveur."),
	}
}
