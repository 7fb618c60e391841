package backend

// Dataset problem codes. DatasetError.Code is always one of these: a stable
// identifier a client looks up in its message catalog (the i18n package has
// an entry for each, in every language), with DatasetError.Args as the
// message's arguments. DatasetError.Msg is the English rendering of the same
// message, for logs and REST.
const (
	// Decoding: JSON syntax and types.
	DatasetInvalidJSON  = "dataset.invalid_json" // %s: encoding/json's own description
	DatasetTruncated    = "dataset.truncated"    // %s: "EOF" or "unexpected EOF"
	DatasetTrailingData = "dataset.trailing_data"
	DatasetUnknownField = "dataset.unknown_field"
	DatasetWantArray    = "dataset.want_array"  // %s: the JSON kind found
	DatasetWantObject   = "dataset.want_object" // %s: the JSON kind found
	DatasetWantBool     = "dataset.want_bool"   // %s: the JSON kind found
	DatasetWantString   = "dataset.want_string" // %s: the JSON kind found
	DatasetWantNumber   = "dataset.want_number" // %s: the JSON kind found
	DatasetWantType     = "dataset.want_type"   // %s: Go type, %s: the JSON kind found
	DatasetBadTime      = "dataset.bad_time"    // %q: the value

	// Values.
	DatasetRequired     = "dataset.required"
	DatasetRequiredTime = "dataset.required_time"
	DatasetBadID        = "dataset.bad_id"        // %q: the id
	DatasetInvalidPhone = "dataset.invalid_phone" // %q: the value, %s: the failure reason code
	DatasetShortToken   = "dataset.short_token"

	// Duplicates.
	DatasetDuplicateTeamID     = "dataset.duplicate_team_id"      // %q: id
	DatasetDuplicateTeamName   = "dataset.duplicate_team_name"    // %q: name, %s: path of the other
	DatasetDuplicateUserID     = "dataset.duplicate_user_id"      // %q: id
	DatasetDuplicateToken      = "dataset.duplicate_token"        // %s: path of the other
	DatasetDuplicateNumber     = "dataset.duplicate_number"       // %s: E.164 number
	DatasetDuplicateNumberName = "dataset.duplicate_number_name"  // %q: name, %s: path of the other
	DatasetDuplicateRecordID   = "dataset.duplicate_record_id"    // %q: id, %s: path of the other
	DatasetDuplicateTemplateID = "dataset.duplicate_template_id"  // %q: id
	DatasetDuplicateWorkItemID = "dataset.duplicate_work_item_id" // %q: id
	DatasetDuplicateMessageID  = "dataset.duplicate_message_id"   // %q: id

	// References to something the dataset does not hold.
	DatasetUnknownRole       = "dataset.unknown_role"        // %q: role
	DatasetUnknownTeam       = "dataset.unknown_team"        // %q: id
	DatasetUnknownUser       = "dataset.unknown_user"        // %q: id
	DatasetUnknownRecord     = "dataset.unknown_record"      // %q: id
	DatasetUnknownTemplate   = "dataset.unknown_template"    // %q: id
	DatasetUnknownNumberType = "dataset.unknown_number_type" // %q: type
	DatasetUnknownRecordType = "dataset.unknown_record_type" // %q: type
	DatasetUnknownPhoneField = "dataset.unknown_phone_field"
	DatasetUnknownStep       = "dataset.unknown_step"   // %q: step
	DatasetUnknownStatus     = "dataset.unknown_status" // %q: status
	DatasetBadOwnerKind      = "dataset.bad_owner_kind" // %q: kind
	DatasetBadDirection      = "dataset.bad_direction"  // %q: direction
	DatasetForeignNumber     = "dataset.foreign_number" // %s: E.164 number

	// Relations between records, numbers and messages.
	DatasetMainPhoneAccountsOnly = "dataset.main_phone_accounts_only"
	DatasetContactLink           = "dataset.contact_link"
	DatasetAccountLink           = "dataset.account_link"
	DatasetWrongRecordType       = "dataset.wrong_record_type" // %q: id, %s: its type, %s: the type wanted
	DatasetInboundAuthor         = "dataset.inbound_author"
	DatasetConversationConflict  = "dataset.conversation_conflict" // %q: conversation id
	DatasetBadMedia              = "dataset.bad_media"             // %s: crm.ValidateMedia's description
	DatasetOutboundMedia         = "dataset.outbound_media"

	// Templates (crm.ValidateTemplate's refusals).
	DatasetTemplateNameRequired = "dataset.template_name_required"
	DatasetTemplateBodyRequired = "dataset.template_body_required"
	DatasetTemplateCategory     = "dataset.template_category"     // %q: category
	DatasetTemplateUnterminated = "dataset.template_unterminated" // %q: the text from "{{"
	DatasetTemplateMalformed    = "dataset.template_malformed"    // %q: the "{{...}}"
	DatasetTemplateNotAField    = "dataset.template_not_a_field"  // %s: field, %q: placeholder, %s: category
	DatasetTemplateInvalid      = "dataset.template_invalid"      // %s: crm's own description

	// Opt-outs and read marks.
	DatasetNotOptOutKeyword    = "dataset.not_opt_out_keyword"  // %q: the keyword, %s: the opt-out keywords
	DatasetDuplicateOptOut     = "dataset.duplicate_opt_out"    // %s: E.164 number, %s: path of the other
	DatasetUnknownConversation = "dataset.unknown_conversation" // %q: id
	DatasetDuplicateReadMark   = "dataset.duplicate_read_mark"  // %q: user id, %q: conversation id, %s: path of the other
)

// DatasetCodes lists every code a DatasetError can carry;
// TestDatasetCodesAreListed keeps it in step with the constants above and
// with the dsErr calls, and a test in the same file checks the catalog
// has each in every language.
func DatasetCodes() []string {
	return []string{
		DatasetInvalidJSON, DatasetTruncated, DatasetTrailingData, DatasetUnknownField,
		DatasetWantArray, DatasetWantObject, DatasetWantBool, DatasetWantString, DatasetWantNumber, DatasetWantType,
		DatasetBadTime,
		DatasetRequired, DatasetRequiredTime, DatasetBadID, DatasetInvalidPhone, DatasetShortToken,
		DatasetDuplicateTeamID, DatasetDuplicateTeamName, DatasetDuplicateUserID, DatasetDuplicateToken,
		DatasetDuplicateNumber, DatasetDuplicateNumberName, DatasetDuplicateRecordID, DatasetDuplicateTemplateID,
		DatasetDuplicateWorkItemID, DatasetDuplicateMessageID,
		DatasetUnknownRole, DatasetUnknownTeam, DatasetUnknownUser, DatasetUnknownRecord, DatasetUnknownTemplate,
		DatasetUnknownNumberType, DatasetUnknownRecordType, DatasetUnknownPhoneField, DatasetUnknownStep,
		DatasetUnknownStatus, DatasetBadOwnerKind, DatasetBadDirection, DatasetForeignNumber,
		DatasetMainPhoneAccountsOnly, DatasetContactLink, DatasetAccountLink, DatasetWrongRecordType,
		DatasetInboundAuthor, DatasetConversationConflict, DatasetBadMedia, DatasetOutboundMedia,
		DatasetTemplateNameRequired, DatasetTemplateBodyRequired, DatasetTemplateCategory,
		DatasetTemplateUnterminated, DatasetTemplateMalformed, DatasetTemplateNotAField, DatasetTemplateInvalid,
		DatasetNotOptOutKeyword, DatasetDuplicateOptOut, DatasetUnknownConversation, DatasetDuplicateReadMark,
	}
}
