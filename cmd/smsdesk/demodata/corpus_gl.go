package demodata

// galicianCorpus is what the demo's Galician-speaking customers write.
func galicianCorpus() corpus {
	return corpus{
		replies: map[Kind]lines{
			KindQuestion: {
				leads: []string{"Boa pregunta.", "Perdoa a demora.", "Acabo de ver a túa mensaxe.", "Ola!"},
				bodies: []string{
					"Si, é iso.",
					"Aínda non, míroo esta noite.",
					"Consúltoo coa dirección e dígoche algo.",
					"Coido que si, pero compróboo.",
					"Si, recibido, grazas.",
					"Non, pola nosa parte nada. Podes mandalo de novo?",
					"Non estou seguro. Podes mandarme os detalles por correo?",
				},
			},
			KindProposal: {
				leads: []string{"Grazas pola proposta.", "Interesante.", "De acordo.", "A ver."},
				bodies: []string{
					"Paréceme ben.",
					"Poderiamos facelo un pouco máis tarde?",
					"Está un pouco por riba do noso orzamento. Hai marxe?",
					"Miro a axenda e confírmoche esta tarde.",
					"Para nós está ben, manda o convite.",
					"Podemos facelo á mesma hora a próxima semana?",
					"Trato feito. Mándame os papeis.",
				},
			},
			KindConfirmation: {
				leads: []string{"Xenial.", "Perfecto.", "Grazas!", "Anotado."},
				bodies: []string{
					"Vémonos entón.",
					"Pola nosa parte todo ben.",
					"Xa o teño na axenda.",
					"Aviso ao equipo.",
					"Falamos axiña.",
					"Recibido, grazas.",
					"Levo ao noso responsable técnico.",
				},
			},
			KindOther: {
				leads: []string{"Grazas pola información.", "Entendido.", "Bo saber.", "OK 👍"},
				bodies: []string{
					"Hoxe mesmo o miro.",
					"Pásolle a información ao equipo.",
					"Mantenme informado.",
					"Falámolo a próxima semana.",
					"Axúdame moito, grazas.",
					"Chámote máis tarde.",
					"Polo de agora nada máis.",
				},
			},
		},
		openers: lines{
			leads: []string{"Ola!", "Bos días.", "Boas.", "Unha pregunta rápida."},
			bodies: []string{
				"Xa está listo o orzamento?",
				"Podes chamarme cando teñas un momento?",
				"Queremos engadir dez unidades ao último pedido.",
				"Tedes xa as tarifas do ano que vén?",
				"O noso pedido aínda non chegou, sabes algo?",
				"Tes tempo para unha chamada esta semana?",
				"Podes mandarme outra vez o folleto?",
				"A miña compañeira tamén quere unha demo. É posible?",
			},
		},
	}
}
