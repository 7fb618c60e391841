package demodata

// threads are plausible past exchanges by customer language. Lines
// alternate, seller first; {first}, {me} and {company} are filled in.
func threads(lang string) [][]string {
	switch lang {
	case "fr":
		return [][]string{
			{"Bonjour {first}, c'est {me} de Contoso. Le devis pour {company} est prêt, je vous l'envoie par e-mail ?", "Oui, merci. Avant vendredi si possible.", "C'est envoyé. Bonne journée !"},
			{"Bonjour {first}, êtes-vous disponible mardi à 10 h pour faire le point ?", "Mardi c'est compliqué, plutôt mercredi matin.", "Parfait, mercredi 9 h 30 alors.", "Très bien, à mercredi."},
			{"Bonjour {first}, la livraison pour {company} part demain matin.", "Super, merci pour l'info !"},
			{"{first}, avez-vous pu regarder notre proposition ?", "Pas encore, je regarde ça ce week-end.", "Pas de souci, je reste disponible."},
		}
	case "gl":
		return [][]string{
			{"Ola {first}, son {me} de Contoso. Xa temos o orzamento para {company}, mándollo por correo?", "Si, grazas. Mellor antes do venres.", "Enviado. Bo día!"},
			{"Ola {first}, podemos falar o martes ás 10?", "O martes non podo, mellor o mércores pola mañá.", "Perfecto, o mércores ás 9:30 entón.", "Moi ben, ata o mércores."},
			{"Ola {first}, o pedido de {company} sae mañá pola mañá.", "Xenial, moitas grazas!"},
			{"{first}, tiveches tempo de mirar a nosa proposta?", "Aínda non, vou miralo esta fin de semana.", "Ningún problema, quedo á túa disposición."},
		}
	}
	return [][]string{
		{"Hi {first}, it's {me} from Contoso. The quote for {company} is ready, shall I email it over?", "Yes please, before Friday if you can.", "Sent! Let me know if anything is unclear."},
		{"Hi {first}, are you free Tuesday at 10 for a quick check-in?", "Tuesday is tough, could we do Wednesday morning?", "Wednesday 9:30 it is.", "Perfect, talk then."},
		{"Hi {first}, your order for {company} ships tomorrow morning.", "Great, thanks for the heads-up!"},
		{"{first}, did you get a chance to look at our proposal?", "Not yet, I'll review it this weekend.", "No rush, I'm around if you have questions."},
		{"Hi {first}, thanks for stopping by our booth yesterday!", "Thanks {me}, great meeting you. Can you send the brochure?", "Just emailed it. Happy to set up a demo too.", "Let's do it next week."},
		{"Hi {first}, quick reminder: our pricing changes on the 1st.", "Good to know. Can we lock in the current rate?", "Yes, if we sign by the 28th. I'll prepare the paperwork."},
	}
}

// templates are the demo's message templates in English, French and
// Galician, for every category, with a default for each placeholder a
// record may leave empty.
func templates() []Template {
	ph := func(field, display, def string) Placeholder {
		return Placeholder{Field: field, DisplayName: display, Default: def}
	}
	return []Template{
		{ID: "tp_followup_en", Name: "Follow-up after call", Category: "contact", Language: "en", Team: TeamWest, CreatedBy: SellerID,
			Body:         "Hi {{ContactFirstName}}, thanks for your time today. I'll send the {{AccountName}} proposal shortly. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Contact first name", "there"), ph("AccountName", "Account", "your"), ph("UserFirstName", "My first name", "Contoso")}},
		{ID: "tp_meeting_en", Name: "Meeting confirmation", Category: "contact", Language: "en", CreatedBy: SellerID,
			Body:         "Hi {{ContactFirstName}}, confirming our meeting tomorrow at 10. Reply here if the time no longer works. {{UserFullName}}, Contoso",
			Placeholders: []Placeholder{ph("ContactFirstName", "Contact first name", "there"), ph("UserFullName", "My name", "Your Contoso team")}},
		{ID: "tp_lead_intro_en", Name: "First contact", Category: "lead", Language: "en", CreatedBy: SellerID,
			Body:         "Hi {{LeadFirstName}}, this is {{UserFirstName}} from Contoso. You asked about our plans for {{LeadCompany}}: when would be a good time for a 15-minute call?",
			Placeholders: []Placeholder{ph("LeadFirstName", "Lead first name", "there"), ph("UserFirstName", "My first name", "the team"), ph("LeadCompany", "Company", "your company")}},
		{ID: "tp_quote_en", Name: "Quote ready", Category: "opportunity", Language: "en", Team: TeamWest, CreatedBy: SellerID,
			Body:         "Hi {{ContactFirstName}}, the quote for {{OpportunityName}} ({{OpportunityEstimatedValue}}) is in your inbox. Happy to walk you through it. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Contact first name", "there"), ph("OpportunityEstimatedValue", "Estimated value", "as discussed"), ph("UserFirstName", "My first name", "Contoso")}},
		{ID: "tp_checkin_en", Name: "Account check-in", Category: "account", Language: "en", CreatedBy: SellerID,
			Body:         "Hello {{AccountName}} team, this is {{UserFirstName}}, your Contoso account manager. Anything we can help with this month?",
			Placeholders: []Placeholder{ph("AccountName", "Account", "there"), ph("UserFirstName", "My first name", "your account manager")}},
		{ID: "tp_followup_fr", Name: "Relance après appel", Category: "contact", Language: "fr", Team: TeamEurope, CreatedBy: LucID,
			Body:         "Bonjour {{ContactFirstName}}, merci pour notre échange. Je vous envoie la proposition pour {{AccountName}} dans la journée. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Prénom du contact", ""), ph("AccountName", "Compte", "votre société"), ph("UserFirstName", "Mon prénom", "Contoso")}},
		{ID: "tp_lead_intro_fr", Name: "Premier contact", Category: "lead", Language: "fr", CreatedBy: LucID,
			Body:         "Bonjour {{LeadFirstName}}, {{UserFirstName}} de Contoso. Vous vous intéressez à nos offres pour {{LeadCompany}} : quand pourrions-nous en parler ?",
			Placeholders: []Placeholder{ph("LeadFirstName", "Prénom", ""), ph("UserFirstName", "Mon prénom", "l'équipe"), ph("LeadCompany", "Société", "votre société")}},
		{ID: "tp_quote_fr", Name: "Devis prêt", Category: "opportunity", Language: "fr", Team: TeamEurope, CreatedBy: LucID,
			Body:         "Bonjour {{ContactFirstName}}, le devis {{OpportunityName}} ({{OpportunityEstimatedValue}}) vous attend dans votre boîte mail. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Prénom du contact", ""), ph("OpportunityEstimatedValue", "Montant estimé", "selon notre échange"), ph("UserFirstName", "Mon prénom", "Contoso")}},
		{ID: "tp_followup_gl", Name: "Seguimento tras a chamada", Category: "contact", Language: "gl", Team: TeamEurope, CreatedBy: UxiaID,
			Body:         "Ola {{ContactFirstName}}, grazas polo teu tempo. Hoxe mando a proposta para {{AccountName}}. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Nome do contacto", ""), ph("AccountName", "Conta", "a túa empresa"), ph("UserFirstName", "O meu nome", "Contoso")}},
		{ID: "tp_lead_intro_gl", Name: "Primeiro contacto", Category: "lead", Language: "gl", CreatedBy: UxiaID,
			Body:         "Ola {{LeadFirstName}}, son {{UserFirstName}} de Contoso. Interésanche os nosos plans para {{LeadCompany}}: cando podemos falar?",
			Placeholders: []Placeholder{ph("LeadFirstName", "Nome", ""), ph("UserFirstName", "O meu nome", "o equipo"), ph("LeadCompany", "Empresa", "a túa empresa")}},
		{ID: "tp_quote_gl", Name: "Orzamento listo", Category: "opportunity", Language: "gl", Team: TeamEurope, CreatedBy: UxiaID,
			Body:         "Ola {{ContactFirstName}}, o orzamento de {{OpportunityName}} ({{OpportunityEstimatedValue}}) xa está no teu correo. {{UserFirstName}}",
			Placeholders: []Placeholder{ph("ContactFirstName", "Nome do contacto", ""), ph("OpportunityEstimatedValue", "Valor estimado", "o acordado"), ph("UserFirstName", "O meu nome", "Contoso")}},
	}
}
