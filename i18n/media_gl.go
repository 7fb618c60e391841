package i18n

// galicianMedia: see englishMedia.
func galicianMedia() map[Key]entry {
	return map[Key]entry{
		"key.copy_link":                  text("copiar a ligazón do anexo"),
		"media.attachment":               text("Anexo %s: %s"),
		"media.copy_hint":                text("%s: copiar a ligazón"),
		"media.copied":                   text("Ligazón %s copiada: %s"),
		"media.no_attachment":            text("A mensaxe seleccionada non ten anexos."),
		"pane.cannot_reply_short_code":   text("Este remitente é un número curto: non pode recibir respostas."),
		"pane.cannot_reply_alphanumeric": text("Este remitente é un nome, non un número de teléfono: non pode recibir respostas."),
		"dataset.bad_media":              text("anexo rexeitado: %s"),
		"dataset.outbound_media":         text("as mensaxes saíntes non levan anexos"),
	}
}
