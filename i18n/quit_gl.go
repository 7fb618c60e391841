package i18n

// galicianQuit holds what smsdesk tui says as it ends.
func galicianQuit() map[Key]entry {
	return map[Key]entry{
		"cli.tui.outbox_on_quit": plural1("%d acción segue na cola, segura na caché deste dispositivo: sairá a próxima vez que smsdesk tui se inicie e chegue ao servidor.", "%d accións seguen na cola, seguras na caché deste dispositivo: sairán a próxima vez que smsdesk tui se inicie e chegue ao servidor."),
	}
}
