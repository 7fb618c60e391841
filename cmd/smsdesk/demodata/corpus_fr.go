package demodata

// frenchCorpus is what the demo's French-speaking customers write.
func frenchCorpus() corpus {
	return corpus{
		replies: map[Kind]lines{
			KindQuestion: {
				leads: []string{"Bonne question.", "Désolé pour le délai.", "Je viens de voir votre message.", "Bonjour !"},
				bodies: []string{
					"Oui, c'est bien ça.",
					"Pas encore, je regarde ce soir.",
					"Je vérifie avec ma direction et je reviens vers vous.",
					"Je crois que oui, mais je vérifie.",
					"Oui, bien reçu, merci.",
					"Non, rien de notre côté. Pouvez-vous le renvoyer ?",
					"Je ne suis pas sûr. Pouvez-vous m'envoyer les détails par e-mail ?",
				},
			},
			KindProposal: {
				leads: []string{"Merci pour la proposition.", "Intéressant.", "D'accord.", "Voyons voir."},
				bodies: []string{
					"Ça me convient.",
					"Pourrait-on décaler un peu plus tard dans la journée ?",
					"C'est un peu au-dessus de notre budget. Y a-t-il une marge ?",
					"Je regarde mon agenda et je confirme cet après-midi.",
					"C'est bon pour nous, envoyez l'invitation.",
					"Pourrait-on faire la même chose la semaine prochaine ?",
					"Marché conclu. Envoyez-moi les documents.",
				},
			},
			KindConfirmation: {
				leads: []string{"Super.", "Parfait.", "Merci !", "C'est noté."},
				bodies: []string{
					"À bientôt.",
					"Tout est bon de notre côté.",
					"Je l'ai mis dans l'agenda.",
					"Je préviens l'équipe.",
					"On se parle vite.",
					"Bien reçu, merci.",
					"Je viendrai avec notre responsable technique.",
				},
			},
			KindOther: {
				leads: []string{"Merci pour l'info.", "Bien compris.", "Bon à savoir.", "OK 👍"},
				bodies: []string{
					"Je regarde ça aujourd'hui.",
					"Je transmets à l'équipe.",
					"Tenez-moi au courant.",
					"On en reparle la semaine prochaine.",
					"Ça m'aide, merci.",
					"Je vous appelle plus tard dans la journée.",
					"Rien d'autre pour l'instant.",
				},
			},
		},
		openers: lines{
			leads: []string{"Bonjour !", "Bonjour.", "Bonne journée à vous.", "Petite question."},
			bodies: []string{
				"Le devis est-il prêt ?",
				"Pouvez-vous me rappeler quand vous avez une minute ?",
				"Nous aimerions ajouter dix unités à notre dernière commande.",
				"Avez-vous déjà les tarifs de l'année prochaine ?",
				"Notre livraison n'est pas encore arrivée, avez-vous des nouvelles ?",
				"Êtes-vous disponible pour un appel cette semaine ?",
				"Pourriez-vous me renvoyer la brochure ?",
				"Mon collègue aimerait aussi une démo. Est-ce possible ?",
			},
		},
	}
}
