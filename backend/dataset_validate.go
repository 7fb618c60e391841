package backend

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// validateDataset decodes and checks every section, in dependency order,
// and returns the first problem with its JSON path.
func (s *Service) validateDataset(raw []byte) (*validated, error) {
	var ds Dataset
	if err := decodeStrict(raw, "", &ds); err != nil {
		return nil, err
	}
	now := s.now()
	v := &validated{org: crm.Org{Name: "smsdesk", InAppNotifications: true}}

	if len(ds.Org) > 0 {
		var o dsOrg
		if err := decodeStrict(ds.Org, "org", &o); err != nil {
			return nil, err
		}
		if o.Name != "" {
			v.org.Name = o.Name
		}
		if o.InAppNotifications != nil {
			v.org.InAppNotifications = *o.InAppNotifications
		}
	}

	teams := map[string]bool{}
	teamNames := map[string]string{}
	for i, raw := range ds.Teams {
		path := fmt.Sprintf("teams[%d]", i)
		var t dsTeam
		if err := decodeStrict(raw, path, &t); err != nil {
			return nil, err
		}
		if err := checkID(path+".id", t.ID); err != nil {
			return nil, err
		}
		if teams[t.ID] {
			return nil, dsErr(path+".id", DatasetDuplicateTeamID, "duplicate team id %q", t.ID)
		}
		if strings.TrimSpace(t.Name) == "" {
			return nil, dsErr(path+".name", DatasetRequired, "required")
		}
		if prev, dup := teamNames[strings.ToLower(t.Name)]; dup {
			return nil, dsErr(path+".name", DatasetDuplicateTeamName, "duplicate team name %q (also %s)", t.Name, prev)
		}
		teams[t.ID] = true
		teamNames[strings.ToLower(t.Name)] = path
		v.teams = append(v.teams, crm.Team{ID: t.ID, Name: t.Name})
	}

	users := map[string]crm.User{}
	tokens := map[string]string{}
	for i, raw := range ds.Users {
		path := fmt.Sprintf("users[%d]", i)
		var u dsUser
		if err := decodeStrict(raw, path, &u); err != nil {
			return nil, err
		}
		if err := checkID(path+".id", u.ID); err != nil {
			return nil, err
		}
		if _, dup := users[u.ID]; dup {
			return nil, dsErr(path+".id", DatasetDuplicateUserID, "duplicate user id %q", u.ID)
		}
		if strings.TrimSpace(u.Name) == "" {
			return nil, dsErr(path+".name", DatasetRequired, "required")
		}
		if len(u.Token) < 16 {
			return nil, dsErr(path+".token", DatasetShortToken, "a bearer token of at least 16 characters is required")
		}
		if prev, dup := tokens[u.Token]; dup {
			return nil, dsErr(path+".token", DatasetDuplicateToken, "duplicate token (also %s)", prev)
		}
		tokens[u.Token] = path
		for j, r := range u.Roles {
			switch r {
			case crm.RoleSeller, crm.RoleManager, crm.RoleAdmin:
			default:
				return nil, dsErr(fmt.Sprintf("%s.roles[%d]", path, j), DatasetUnknownRole, "unknown role %q (seller, manager, admin)", r)
			}
		}
		for j, t := range u.Teams {
			if !teams[t] {
				return nil, dsErr(fmt.Sprintf("%s.teams[%d]", path, j), DatasetUnknownTeam, "unknown team %q", t)
			}
		}
		cu := crm.User{ID: u.ID, Name: u.Name, FirstName: u.FirstName, LastName: u.LastName,
			Teams: u.Teams, Roles: u.Roles, Language: u.Language}
		if cu.Language == "" {
			cu.Language = "en"
		}
		h := sha256.Sum256([]byte(u.Token))
		users[u.ID] = cu
		v.users = append(v.users, storedUser{User: cu, TokenHash: h[:]})
	}

	ownerOK := func(path string, o dsOwner) (crm.Owner, error) {
		switch o.Kind {
		case crm.OwnerUser:
			if _, ok := users[o.ID]; !ok {
				return crm.Owner{}, dsErr(path+".id", DatasetUnknownUser, "unknown user %q", o.ID)
			}
		case crm.OwnerTeam:
			if !teams[o.ID] {
				return crm.Owner{}, dsErr(path+".id", DatasetUnknownTeam, "unknown team %q", o.ID)
			}
		default:
			return crm.Owner{}, dsErr(path+".kind", DatasetBadOwnerKind, "must be \"user\" or \"team\", not %q", o.Kind)
		}
		return crm.Owner{Kind: o.Kind, ID: o.ID}, nil
	}

	numbers := map[string]bool{}
	numberNames := map[string]string{}
	for i, raw := range ds.Numbers {
		path := fmt.Sprintf("numbers[%d]", i)
		var n dsNumber
		if err := decodeStrict(raw, path, &n); err != nil {
			return nil, err
		}
		e164, err := crm.NormalizePhone(n.Number, "")
		if err != nil {
			return nil, phoneErr(path+".number", n.Number, err)
		}
		if numbers[e164] {
			return nil, dsErr(path+".number", DatasetDuplicateNumber, "duplicate business number %s", e164)
		}
		if strings.TrimSpace(n.Name) == "" {
			return nil, dsErr(path+".name", DatasetRequired, "required")
		}
		if prev, dup := numberNames[strings.ToLower(n.Name)]; dup {
			return nil, dsErr(path+".name", DatasetDuplicateNumberName, "duplicate number name %q (also %s)", n.Name, prev)
		}
		owner, err := ownerOK(path+".owner", n.Owner)
		if err != nil {
			return nil, err
		}
		switch n.Type {
		case "":
			n.Type = crm.NumberGeo
		case crm.NumberGeo, crm.NumberShortCode, crm.NumberTollFree:
		default:
			return nil, dsErr(path+".type", DatasetUnknownNumberType, "unknown number type %q (geo, short_code, toll_free)", n.Type)
		}
		numbers[e164] = true
		numberNames[strings.ToLower(n.Name)] = path
		v.numbers = append(v.numbers, crm.BusinessNumber{Number: e164, Name: n.Name, Owner: owner, Type: n.Type, Removed: n.Removed})
	}

	records := map[string]*crm.Record{}
	recPaths := map[string]string{}
	for i, raw := range ds.Records {
		path := fmt.Sprintf("records[%d]", i)
		var r dsRecord
		if err := decodeStrict(raw, path, &r); err != nil {
			return nil, err
		}
		if err := checkID(path+".id", r.ID); err != nil {
			return nil, err
		}
		if _, dup := records[r.ID]; dup {
			return nil, dsErr(path+".id", DatasetDuplicateRecordID, "duplicate record id %q (also %s)", r.ID, recPaths[r.ID])
		}
		switch r.Type {
		case crm.RecordContact, crm.RecordAccount, crm.RecordOpportunity, crm.RecordLead:
		default:
			return nil, dsErr(path+".type", DatasetUnknownRecordType, "unknown record type %q (contact, account, opportunity, lead)", r.Type)
		}
		if strings.TrimSpace(r.Name) == "" {
			return nil, dsErr(path+".name", DatasetRequired, "required")
		}
		owner, err := ownerOK(path+".owner", r.Owner)
		if err != nil {
			return nil, err
		}
		rec := &crm.Record{ID: r.ID, Type: r.Type, Name: r.Name, Owner: owner, Active: true, UpdatedAt: now,
			Fields: r.Fields, AccountID: r.AccountID, ContactID: r.ContactID}
		if r.Active != nil {
			rec.Active = *r.Active
		}
		if r.UpdatedAt != nil {
			rec.UpdatedAt = r.UpdatedAt.UTC()
		}
		fields := make([]string, 0, len(r.Phones))
		for f := range r.Phones {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			fpath := path + ".phones." + f
			switch crm.PhoneField(f) {
			case crm.PhoneBusiness, crm.PhoneMobile:
			case crm.PhoneMain:
				if r.Type != crm.RecordAccount {
					return nil, dsErr(fpath, DatasetMainPhoneAccountsOnly, "only accounts have a main phone")
				}
			default:
				return nil, dsErr(fpath, DatasetUnknownPhoneField, "unknown phone field (business, mobile, main)")
			}
			if r.Phones[f] == "" {
				continue
			}
			e164, err := crm.NormalizePhone(r.Phones[f], "")
			if err != nil {
				return nil, phoneErr(fpath, r.Phones[f], err)
			}
			if rec.Phones == nil {
				rec.Phones = map[crm.PhoneField]string{}
			}
			rec.Phones[crm.PhoneField(f)] = e164
		}
		records[r.ID] = rec
		recPaths[r.ID] = path
		v.records = append(v.records, *rec)
	}
	// Links are checked once every record is known, so order in the file
	// does not matter.
	for i, r := range v.records {
		path := fmt.Sprintf("records[%d]", i)
		if err := checkLink(path+".account_id", r.AccountID, crm.RecordAccount, records); err != nil {
			return nil, err
		}
		if err := checkLink(path+".contact_id", r.ContactID, crm.RecordContact, records); err != nil {
			return nil, err
		}
		if r.ContactID != "" && r.Type != crm.RecordOpportunity {
			return nil, dsErr(path+".contact_id", DatasetContactLink, "only opportunities link to a contact")
		}
		if r.AccountID != "" && r.Type != crm.RecordOpportunity && r.Type != crm.RecordContact {
			return nil, dsErr(path+".account_id", DatasetAccountLink, "only contacts and opportunities link to an account")
		}
	}

	if err := s.validateMessages(ds.Messages, v, users, records, numbers); err != nil {
		return nil, err
	}

	templates := map[string]bool{}
	for i, raw := range ds.Templates {
		path := fmt.Sprintf("templates[%d]", i)
		var t dsTemplate
		if err := decodeStrict(raw, path, &t); err != nil {
			return nil, err
		}
		if err := checkID(path+".id", t.ID); err != nil {
			return nil, err
		}
		if templates[t.ID] {
			return nil, dsErr(path+".id", DatasetDuplicateTemplateID, "duplicate template id %q", t.ID)
		}
		if t.Team != "" && !teams[t.Team] {
			return nil, dsErr(path+".team", DatasetUnknownTeam, "unknown team %q", t.Team)
		}
		if _, ok := users[t.CreatedBy]; t.CreatedBy != "" && !ok {
			return nil, dsErr(path+".created_by", DatasetUnknownUser, "unknown user %q", t.CreatedBy)
		}
		ct := crm.Template{ID: t.ID, Name: t.Name, Category: t.Category, Language: t.Language, Body: t.Body,
			Placeholders: t.Placeholders, Team: t.Team, CreatedBy: t.CreatedBy, UpdatedAt: now}
		if ct.Language == "" {
			ct.Language = "en"
		}
		if err := crm.ValidateTemplate(ct); err != nil {
			return nil, templateErr(path, ct.Category, err)
		}
		templates[t.ID] = true
		v.templates = append(v.templates, ct)
	}

	items := map[string]bool{}
	for i, raw := range ds.Worklist {
		path := fmt.Sprintf("worklist[%d]", i)
		var w dsWorkItem
		if err := decodeStrict(raw, path, &w); err != nil {
			return nil, err
		}
		if err := checkID(path+".id", w.ID); err != nil {
			return nil, err
		}
		if items[w.ID] {
			return nil, dsErr(path+".id", DatasetDuplicateWorkItemID, "duplicate work item id %q", w.ID)
		}
		rec, ok := records[w.Record]
		if !ok {
			return nil, dsErr(path+".record", DatasetUnknownRecord, "unknown record %q", w.Record)
		}
		if w.Step == "" {
			w.Step = "text"
		}
		if w.Step != "text" {
			return nil, dsErr(path+".step", DatasetUnknownStep, "unknown step %q (only \"text\")", w.Step)
		}
		if w.Template != "" && !templates[w.Template] {
			return nil, dsErr(path+".template", DatasetUnknownTemplate, "unknown template %q", w.Template)
		}
		if _, ok := users[w.Owner]; !ok {
			return nil, dsErr(path+".owner", DatasetUnknownUser, "unknown user %q", w.Owner)
		}
		if w.Due.IsZero() {
			return nil, dsErr(path+".due", DatasetRequiredTime, "required (RFC 3339)")
		}
		items[w.ID] = true
		v.workItems = append(v.workItems, crm.WorkItem{ID: w.ID, Record: rec.Ref(), Step: w.Step,
			TemplateID: w.Template, Due: w.Due.UTC(), Owner: w.Owner})
	}

	if err := validateOptOuts(ds.OptOuts, v); err != nil {
		return nil, err
	}
	if err := validateReadMarks(ds.ReadMarks, v, users); err != nil {
		return nil, err
	}
	return v, nil
}

// validateOptOuts checks the customers who replied STOP and marks their
// conversations opted out, as a live STOP does: clients show the flag,
// while the send path refuses on the opt-out itself.
func validateOptOuts(raws []json.RawMessage, v *validated) error {
	seen := map[string]string{}
	for i, raw := range raws {
		path := fmt.Sprintf("opt_outs[%d]", i)
		var o dsOptOut
		if err := decodeStrict(raw, path, &o); err != nil {
			return err
		}
		if strings.TrimSpace(o.Customer) == "" {
			return dsErr(path+".customer", DatasetRequired, "required")
		}
		cust, err := crm.NormalizePhone(o.Customer, "")
		if err != nil {
			return phoneErr(path+".customer", o.Customer, err)
		}
		if prev, dup := seen[cust]; dup {
			return dsErr(path+".customer", DatasetDuplicateOptOut, "duplicate opt-out of %s (also %s)", cust, prev)
		}
		if strings.TrimSpace(o.Keyword) == "" {
			return dsErr(path+".keyword", DatasetRequired, "required")
		}
		if crm.ClassifyKeyword(o.Keyword) != crm.KeywordOptOut {
			return dsErr(path+".keyword", DatasetNotOptOutKeyword, "%q is not an opt-out keyword (%s)",
				o.Keyword, strings.Join(crm.OptOutKeywords(), ", "))
		}
		at, err := datasetTime(path+".at", o.At)
		if err != nil {
			return err
		}
		seen[cust] = path
		// The keyword is kept as the customer wrote it, as a live STOP
		// stores it: an export then imports byte for byte.
		v.optOuts = append(v.optOuts, optOut{Customer: cust, Keyword: o.Keyword, At: at.Format(timeFormat)})
	}
	for i := range v.convs {
		if _, out := seen[v.convs[i].CustomerNumber]; out {
			v.convs[i].OptedOut = true
		}
	}
	return nil
}

// validateReadMarks checks how far each user has read each conversation.
// A mark must name a conversation id that the messages section names: an
// id the importer makes up for the others is not known to the file.
// Visibility is not checked, as a live mark outlives the user's sight of
// the conversation.
func validateReadMarks(raws []json.RawMessage, v *validated, users map[string]crm.User) error {
	convs := make(map[string]bool, len(v.convs))
	for _, c := range v.convs {
		convs[c.ID] = true
	}
	seen := map[string]string{}
	for i, raw := range raws {
		path := fmt.Sprintf("read_marks[%d]", i)
		var m dsReadMark
		if err := decodeStrict(raw, path, &m); err != nil {
			return err
		}
		if strings.TrimSpace(m.User) == "" {
			return dsErr(path+".user", DatasetRequired, "required")
		}
		if _, ok := users[m.User]; !ok {
			return dsErr(path+".user", DatasetUnknownUser, "unknown user %q", m.User)
		}
		if strings.TrimSpace(m.Conversation) == "" {
			return dsErr(path+".conversation", DatasetRequired, "required")
		}
		if !convs[m.Conversation] {
			return dsErr(path+".conversation", DatasetUnknownConversation, "unknown conversation %q", m.Conversation)
		}
		key := m.User + "\x00" + m.Conversation
		if prev, dup := seen[key]; dup {
			return dsErr(path, DatasetDuplicateReadMark, "duplicate read mark of %q on %q (also %s)", m.User, m.Conversation, prev)
		}
		at, err := datasetTime(path+".at", m.At)
		if err != nil {
			return err
		}
		seen[key] = path
		v.readMarks = append(v.readMarks, readMark{user: m.User, conv: m.Conversation, at: at})
	}
	return nil
}

// datasetTime parses a required RFC 3339 time held as text, in UTC like
// every other time the importer stores.
func datasetTime(path, raw string) (time.Time, error) {
	if strings.TrimSpace(raw) == "" {
		return time.Time{}, dsErr(path, DatasetRequiredTime, "required (RFC 3339)")
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		return time.Time{}, dsErr(path, DatasetBadTime, "time %q is not RFC 3339 (2026-01-31T09:00:00Z)", raw)
	}
	return t.UTC(), nil
}

// validateMessages checks the history and groups it into conversations,
// one per (record, business number, customer number) unless a message
// names its conversation id.
func (s *Service) validateMessages(raws []json.RawMessage, v *validated, users map[string]crm.User, records map[string]*crm.Record, numbers map[string]bool) error {
	convs := map[string]*crm.Conversation{}
	byTriple := map[string]string{}
	ids := map[string]bool{}
	for i, raw := range raws {
		path := fmt.Sprintf("messages[%d]", i)
		var m dsMessage
		if err := decodeStrict(raw, path, &m); err != nil {
			return err
		}
		rec, ok := records[m.Record]
		if !ok {
			return dsErr(path+".record", DatasetUnknownRecord, "unknown record %q", m.Record)
		}
		biz, err := crm.NormalizePhone(m.BusinessNumber, "")
		if err != nil {
			return phoneErr(path+".business_number", m.BusinessNumber, err)
		}
		if !numbers[biz] {
			return dsErr(path+".business_number", DatasetForeignNumber, "%s is not one of the numbers", biz)
		}
		cust, err := crm.NormalizePhone(m.CustomerNumber, "")
		refusedSend := false
		kind := crm.SenderPhone
		if err != nil && m.Direction == crm.Inbound {
			// A short code or an alphanumeric sender, as the live server
			// stores one (ReceiveSMS).
			if c, k, serr := crm.NormalizeSender(m.CustomerNumber); serr == nil {
				cust, kind, err = c, k, nil
			}
		}
		if err != nil {
			if !isRefusedSend(m) {
				return phoneErr(path+".customer_number", m.CustomerNumber, err)
			}
			// The live server keeps a send to a mistyped number, failed, under
			// the number as typed, and exports it so; refusing it here would
			// make the export of a working server unimportable.
			cust, refusedSend = strings.TrimSpace(m.CustomerNumber), true
		}
		if strings.TrimSpace(m.Body) == "" && len(m.Media) == 0 {
			// A picture-only MMS has media and no body; nothing else may be empty.
			return dsErr(path+".body", DatasetRequired, "required")
		}
		if err := datasetMedia(path, m); err != nil {
			return err
		}
		if m.At.IsZero() {
			return dsErr(path+".at", DatasetRequiredTime, "required (RFC 3339)")
		}
		switch m.Direction {
		case crm.Inbound:
			if m.Author != "" {
				return dsErr(path+".author", DatasetInboundAuthor, "inbound messages have no author")
			}
			if m.Status == "" {
				m.Status = crm.StatusReceived
			}
		case crm.Outbound:
			if _, ok := users[m.Author]; !ok {
				return dsErr(path+".author", DatasetUnknownUser, "unknown user %q", m.Author)
			}
			if m.Status == "" {
				m.Status = crm.StatusDelivered
			}
		default:
			return dsErr(path+".direction", DatasetBadDirection, "must be \"inbound\" or \"outbound\", not %q", m.Direction)
		}
		if crm.StatusRank(m.Status) < 0 || m.Status == crm.StatusPending {
			return dsErr(path+".status", DatasetUnknownStatus, "unknown status %q", m.Status)
		}
		if m.ID == "" {
			m.ID = fmt.Sprintf("msg_import_%06d", i)
		}
		if err := checkID(path+".id", m.ID); err != nil {
			return err
		}
		if ids[m.ID] {
			return dsErr(path+".id", DatasetDuplicateMessageID, "duplicate message id %q", m.ID)
		}
		ids[m.ID] = true

		triple := m.Record + "\x00" + biz + "\x00" + cust
		convID := m.Conversation
		if convID == "" {
			convID = byTriple[triple]
		}
		if convID == "" {
			convID = s.newID("cv")
		}
		if err := checkID(path+".conversation", convID); err != nil {
			return err
		}
		c, ok := convs[convID]
		if !ok {
			c = &crm.Conversation{ID: convID, Record: rec.Ref(), RecordName: rec.Name, BusinessNumber: biz, CustomerNumber: cust, CreatedAt: m.At.UTC()}
			convs[convID] = c
			byTriple[triple] = convID
			v.convs = append(v.convs, crm.Conversation{ID: convID})
		} else if c.Record.ID != m.Record || c.BusinessNumber != biz || c.CustomerNumber != cust {
			return dsErr(path+".conversation", DatasetConversationConflict, "conversation %q already holds another record or pair of numbers", convID)
		}
		if kind != crm.SenderPhone {
			c.SenderKind = kind
		}
		at := m.At.UTC()
		msg := crm.Message{ID: m.ID, ConversationID: convID, Direction: m.Direction, Body: m.Body, Author: m.Author,
			From: biz, To: cust, CreatedAt: at, Status: m.Status, StatusAt: at, ErrorCode: m.ErrorCode,
			Segments: crm.CountSegments(m.Body).Segments, Media: m.Media}
		if m.Direction == crm.Inbound {
			msg.From, msg.To = cust, biz
			msg.Routing = &crm.RoutingDecision{Record: rec.Ref(), Rule: crm.RuleOnlyCandidate, Candidates: 1, ConversationID: convID}
		}
		if crm.IsFailure(m.Status) {
			msg.FailureReason = crm.ReasonForTwilioCode(m.ErrorCode)
			if msg.FailureReason == "" {
				msg.FailureReason = crm.ReasonUnknown
			}
		}
		if refusedSend {
			// The number is why it failed, as the live refusal records it;
			// with no error code the reason would otherwise come back Unknown.
			msg.FailureReason = crm.ReasonInvalidSendingParameters
		}
		if !at.Before(c.LastMessageAt) {
			mm := msg
			c.LastMessageAt = at
			c.LastMessage = &mm
			if msg.Routing != nil {
				c.LastRouting = msg.Routing
			}
		}
		v.messages = append(v.messages, msg)
	}
	for i := range v.convs {
		v.convs[i] = *convs[v.convs[i].ID]
	}
	return nil
}

// datasetMedia checks a message's attachments with crm.ValidateMedia, at
// the path of the field at fault. Only inbound messages carry media:
// smsdesk sends SMS only, so an outbound one with media could not have
// happened.
func datasetMedia(path string, m dsMessage) error {
	if len(m.Media) == 0 {
		return nil
	}
	if m.Direction == crm.Outbound {
		return dsErr(path+".media", DatasetOutboundMedia, "outbound messages carry no media")
	}
	err := crm.ValidateMedia(m.Media)
	var me *crm.MediaError
	if !errors.As(err, &me) {
		return nil
	}
	de := dsErr(path+"."+me.Path, DatasetBadMedia, "%s", me.Reason)
	de.Err = err
	return de
}

// isRefusedSend reports whether m has the shape the live server gives a
// send to a customer number that does not normalise (applySend): outbound,
// failed, and with no provider error code, since it never reached the
// provider. Only such a message may keep a number that is not E.164; a
// delivered message, a reply or a provider failure to that number could
// not have happened, so a file holding one is mistaken.
func isRefusedSend(m dsMessage) bool {
	return m.Direction == crm.Outbound && m.Status == crm.StatusFailed && m.ErrorCode == "" &&
		strings.TrimSpace(m.CustomerNumber) != ""
}

// templateErr is crm.ValidateTemplate's refusal of the template at path,
// at the path of the field at fault. Its Msg is the refusal's own text;
// the code says which refusal it is, and a refusal worded in a way this
// function does not know (or a new one) keeps its text under
// DatasetTemplateInvalid.
func templateErr(path string, category crm.RecordType, err error) *DatasetError {
	var te *crm.TemplateError
	if !errors.As(err, &te) {
		de := dsErr(path, DatasetTemplateInvalid, "%s", err.Error())
		de.Err = err
		return de
	}
	p := path
	if te.Field != "" {
		p += "." + te.Field
	}
	var de *DatasetError
	switch {
	case te.Field == "name" && te.Placeholder == "":
		de = dsErr(p, DatasetTemplateNameRequired, "template name: required")
	case te.Field == "body" && te.Placeholder == "":
		de = dsErr(p, DatasetTemplateBodyRequired, "template body: required")
	case te.Field == "category":
		de = dsErr(p, DatasetTemplateCategory, "template category: unknown category %q (want contact, account, opportunity or lead)", string(category))
	case strings.HasPrefix(te.Reason, "unterminated"):
		de = dsErr(p, DatasetTemplateUnterminated, "template body: placeholder %q: unterminated {{ (missing }})", te.Placeholder)
	case strings.HasPrefix(te.Reason, "malformed"):
		de = dsErr(p, DatasetTemplateMalformed, "template body: placeholder %q: malformed placeholder (want {{FieldName}})", te.Placeholder)
	case strings.HasPrefix(te.Reason, "not a field"):
		de = dsErr(p, DatasetTemplateNotAField, "template %s: placeholder %q: not a field of %s templates", te.Field, te.Placeholder, string(category))
	}
	if de == nil || de.Msg != err.Error() {
		de = dsErr(p, DatasetTemplateInvalid, "%s", err.Error())
	}
	de.Err = err
	return de
}

func checkID(path, id string) error {
	if strings.TrimSpace(id) == "" {
		return dsErr(path, DatasetRequired, "required")
	}
	if crm.CheckClientID(path, id) != nil {
		return dsErr(path, DatasetBadID, "%q: ids are 1 to 128 ASCII letters, digits and _ - . : @, starting with a letter or digit", id)
	}
	return nil
}

func checkLink(path, id string, want crm.RecordType, records map[string]*crm.Record) error {
	if id == "" {
		return nil
	}
	r, ok := records[id]
	if !ok {
		return dsErr(path, DatasetUnknownRecord, "unknown record %q", id)
	}
	if r.Type != want {
		return dsErr(path, DatasetWrongRecordType, "record %q is of type %s, not %s", id, r.Type, want)
	}
	return nil
}

// write stores a validated dataset in tx. The data itself is not in the
// event log (clients of a freshly seeded server start from a snapshot);
// ImportDataset adds the one event that starts the log.
func (v *validated) write(tx *bolt.Tx) error {
	if err := bumpDirGen(tx); err != nil {
		return err
	}
	if err := putJSON(tx.Bucket(bOrg), []byte("org"), v.org); err != nil {
		return err
	}
	for _, t := range v.teams {
		if err := putJSON(tx.Bucket(bTeams), []byte(t.ID), t); err != nil {
			return err
		}
	}
	for _, u := range v.users {
		if err := putJSON(tx.Bucket(bUsers), []byte(u.ID), u); err != nil {
			return err
		}
		if err := tx.Bucket(bTokens).Put(u.TokenHash, []byte(u.ID)); err != nil {
			return err
		}
	}
	for _, n := range v.numbers {
		if err := putJSON(tx.Bucket(bNumbers), []byte(n.Number), n); err != nil {
			return err
		}
	}
	for _, r := range v.records {
		if err := putJSON(tx.Bucket(bRecords), []byte(r.ID), r); err != nil {
			return err
		}
	}
	for _, c := range v.convs {
		if err := putConversation(txKV{tx}, c, ""); err != nil {
			return err
		}
	}
	for _, m := range v.messages {
		if _, err := putMessage(txKV{tx}, m); err != nil {
			return err
		}
	}
	for _, t := range v.templates {
		if err := putJSON(tx.Bucket(bTemplates), []byte(t.ID), t); err != nil {
			return err
		}
	}
	for _, w := range v.workItems {
		if err := putJSON(tx.Bucket(bWorkItems), []byte(w.ID), w); err != nil {
			return err
		}
	}
	for _, o := range v.optOuts {
		if err := putJSON(tx.Bucket(bOptOuts), []byte(o.Customer), o); err != nil {
			return fmt.Errorf("store opt-out: %w", err)
		}
	}
	for _, m := range v.readMarks {
		if err := tx.Bucket(bReadMarks).Put(joinKey(m.user, m.conv), []byte(m.at.Format(timeFormat))); err != nil {
			return fmt.Errorf("store read mark: %w", err)
		}
	}
	return nil
}
