package chitieu

// Rule names a rule a request or a record can break: a stable identifier for programs (the API
// gives it as "rule") and the key of its words in internal/i18n.
type Rule string

// Term is a word of the domain given as a rule's argument (a field, a kind, a value): internal/i18n
// words it in each language.
type Term string

// The rules, each with the arguments its Error carries. Each is declared through rule, so that
// Rules lists them all.
var (
	RuleRequired                 = rule("required")        // the field has no value
	RuleCodeFormat               = rule("code_format")     // a unit's or target's code
	RuleUsernameFormat           = rule("username_format") // a user's name
	RuleNotSelf                  = rule("not_self")        // a unit cannot be its own parent
	RuleBetween                  = rule("between")         // min, max
	RuleAtLeast                  = rule("at_least")        // min
	RuleAtMost                   = rule("at_most")         // max
	RuleNotNegative              = rule("not_negative")
	RuleDaysBetween              = rule("days_between") // min, max
	RuleRatioPositive            = rule("ratio_positive")
	RuleRatio                    = rule("ratio")
	RuleRatioBelowOne            = rule("ratio_below_one")
	RuleDateRange                = rule("date_range") // first day, last day
	RuleNotInFuture              = rule("not_in_future")
	RuleAfter                    = rule("after")      // the other field (a Term)
	RuleNotBefore                = rule("not_before") // the other field (a Term)
	RuleNotBeforeBirth           = rule("not_before_birth")
	RuleJoiningAge               = rule("joining_age")    // youngest, oldest age
	RuleRequiredWhen             = rule("required_when")  // the other field, its value (Terms)
	RuleEmptyUnless              = rule("empty_unless")   // the other field, its value (Terms)
	RuleEmptyForKind             = rule("empty_for_kind") // the kind (a Term)
	RuleUtf8                     = rule("utf8")
	RuleHiddenChar               = rule("hidden_char") // the character as U+XXXX
	RuleMaxLength                = rule("max_length")  // the most characters
	RuleMinLength                = rule("min_length")  // the fewest characters
	RuleGender                   = rule("gender")
	RuleRecruitmentCheck         = rule("recruitment_check")
	RuleHistoryStep              = rule("history_step")
	RuleTooManyPoints            = rule("too_many_points") // the most points
	RuleRecruitment              = rule("recruitment")
	RuleExamResult               = rule("exam_result")
	RuleExamResultRequired       = rule("exam_result_required")
	RuleExamBeforeJoining        = rule("exam_before_joining")
	RuleExemptExam               = rule("exempt_exam")
	RuleExemptValues             = rule("exempt_values")
	RuleTargetKind               = rule("target_kind")
	RuleTrainingKind             = rule("training_kind")
	RuleTrainingStatus           = rule("training_status")
	RulePoliticalLevel           = rule("political_level")
	RuleEducationLevel           = rule("education_level")
	RulePoliticalLevelRequired   = rule("political_level_required")
	RuleEducationLevelRequired   = rule("education_level_required")
	RuleComparator               = rule("comparator")
	RuleRole                     = rule("role")
	RuleEditorOnlyUnit           = rule("editor_only_unit")
	RuleGatheredAtLeast          = rule("gathered_at_least")
	RuleGatheredSum              = rule("gathered_sum")
	RuleGatheredPopulation       = rule("gathered_population")
	RuleUnitNotFound             = rule("unit_not_found")       // unit code
	RuleUnitExists               = rule("unit_exists")          // unit code
	RuleUnitCodeDeleted          = rule("unit_code_deleted")    // unit code
	RuleUnitCodeFixed            = rule("unit_code_fixed")      // the code is the unit's metrics label
	RuleUnitCycle                = rule("unit_cycle")           // new parent, unit
	RuleUnitHasChildren          = rule("unit_has_children")    // unit code, count
	RuleUnitHasCadres            = rule("unit_has_cadres")      // unit code, count
	RuleUnitHasReports           = rule("unit_has_reports")     // unit code, count
	RuleUnitHasTargets           = rule("unit_has_targets")     // unit code, count
	RuleUnitHasUsers             = rule("unit_has_users")       // unit code, count
	RuleUnitHasPositions         = rule("unit_has_positions")   // unit code, count
	RuleUnitHasRecruitment       = rule("unit_has_recruitment") // unit code, count
	RuleAdminOnly                = rule("admin_only")           // the user's role, what they tried (Terms)
	RuleRecordWriterOnly         = rule("record_writer_only")   // the user's role (a Term)
	RuleOutsideUnitWrite         = rule("outside_unit_write")   // user, user's unit, the record's unit
	RuleOutsideUnitRead          = rule("outside_unit_read")    // user, user's unit, the record's unit
	RuleOutsideUnitSeat          = rule("outside_unit_seat")    // user, user's unit, cadre id, the cadre's unit
	RuleDatabaseClosed           = rule("database_closed")
	RuleWriteRolledBack          = rule("write_rolled_back")
	RuleFixed                    = rule("fixed")
	RuleCadreNotFound            = rule("cadre_not_found")            // cadre id
	RuleTrainingNotFound         = rule("training_not_found")         // record id
	RuleReportNotFound           = rule("report_not_found")           // report id
	RulePositionNotFound         = rule("position_not_found")         // position id
	RuleAssignmentNotFound       = rule("assignment_not_found")       // assignment id
	RuleTargetNotFound           = rule("target_not_found")           // target code
	RuleUserNotFound             = rule("user_not_found")             // username
	RulePositionExists           = rule("position_exists")            // unit, title
	RuleNotBeforePosition        = rule("not_before_position")        // the position's first day
	RuleNotBeforeJoining         = rule("not_before_joining")         // the cadre's joined_on
	RuleBeforeLeaving            = rule("before_leaving")             // the cadre's left_on
	RuleAssignmentOverlap        = rule("assignment_overlap")         // cadre, position, the other assignment
	RuleAssignmentBeforePosition = rule("assignment_before_position") // assignment, position, its first day, the position's created_on
	RuleOverSeats                = rule("over_seats")                 // title, unit, holders, day, seats
	RuleHoldsAfterLeaving        = rule("holds_after_leaving")        // position, first day, assignment, left_on
	RuleSheetKind                = rule("sheet_kind")
	RuleImportTimeout            = rule("import_timeout") // the time limit
	RuleSessionExpired           = rule("session_expired")
	RuleSessionUserDisabled      = rule("session_user_disabled")
	RuleSessionUnknown           = rule("session_unknown")
	RuleTargetCodeFixed          = rule("target_code_fixed")
	RuleTargetCodeDeleted        = rule("target_code_deleted") // target code
	RuleTargetExists             = rule("target_exists")       // target code
	RuleBadCredentials           = rule("bad_credentials")
	RuleSeeOnlySelf              = rule("see_only_self")    // the user's role (a Term)
	RuleTokensOnlySelf           = rule("tokens_only_self") // the user's role (a Term)
	RuleTokenFormat              = rule("token_format")
	RuleTokenUnknown             = rule("token_unknown")
	RuleTokenUserDisabled        = rule("token_user_disabled")
	RuleUserExists               = rule("user_exists")               // username
	RuleLastAdmin                = rule("last_admin")                // username
	RuleUserDisabled             = rule("user_disabled")             // username
	RuleBirthAfterTraining       = rule("birth_after_training")      // the first training day
	RuleReportExists             = rule("report_exists")             // unit, day
	RuleImportUnitUnknown        = rule("import_unit_unknown")       // the file's text
	RuleImportUnitAmbiguous      = rule("import_unit_ambiguous")     // the file's text, the units
	RuleImportCadreAmbiguous     = rule("import_cadre_ambiguous")    // name, unit, the ids
	RuleImportCadreID            = rule("import_cadre_id")           // cadre id
	RuleImportCadreName          = rule("import_cadre_name")         // name, unit
	RuleImportTrainingID         = rule("import_training_id")        // record id
	RuleImportTrainingCadre      = rule("import_training_cadre")     // record, its cadre, the row's cadre
	RuleImportTrainingAmbiguous  = rule("import_training_ambiguous") // the ids
	RuleImportMoveCadre          = rule("import_move_cadre")         // name
	RuleNotUsername              = rule("not_username")
	RuleRepeatedChar             = rule("repeated_char")
	RuleCommonPassword           = rule("common_password")
	RuleTooManySignIns           = rule("too_many_sign_ins") // minutes to wait
	RuleTooManyChecks            = rule("too_many_checks")
	RuleBodyTrailing             = rule("body_trailing")
	RuleBodyNotObject            = rule("body_not_object") // the start of the value
	RuleBodyTooLarge             = rule("body_too_large")  // the most bytes
	RuleBodyEmpty                = rule("body_empty")
	RuleJSONTruncated            = rule("json_truncated")
	RuleJSONSyntax               = rule("json_syntax")  // the byte, encoding/json's words
	RuleJSONInvalid              = rule("json_invalid") // encoding/json's words
	RuleDateFormat               = rule("date_format")  // first day, last day
	RuleDateType                 = rule("date_type")    // the value given
	RuleJSONType                 = rule("json_type")    // the JSON type wanted (a Term), the value given
	RuleUnknownField             = rule("unknown_field")
	RuleUnknownFieldCase         = rule("unknown_field_case") // the field meant
	RuleDuplicateKey             = rule("duplicate_key")
	RuleReadOnly                 = rule("read_only")
	RuleContentType              = rule("content_type")     // the type given
	RuleInteger                  = rule("integer")          // the value given
	RulePositiveInteger          = rule("positive_integer") // the value given
	RulePositiveID               = rule("positive_id")      // the value given
	RuleBoolean                  = rule("boolean")          // the value given
	RuleQueryDate                = rule("query_date")       // the value given
	RuleIntegerBetween           = rule("integer_between")  // min, max
	RuleBearerEmpty              = rule("bearer_empty")
	RuleCredentialsRequired      = rule("credentials_required")
	RuleAuthScheme               = rule("auth_scheme")
	RuleInvalidCredentials       = rule("invalid_credentials")
	RuleCrossOrigin              = rule("cross_origin")           // the method
	RuleRoleRoute                = rule("role_route")             // role (a Term), method, route, who may (a Term)
	RuleUnitRequiredLimited      = rule("unit_required_limited")  // the user's unit
	RuleCadreRequiredLimited     = rule("cadre_required_limited") // the user's unit
	RuleNoRoute                  = rule("no_route")               // the path
	RuleNotReady                 = rule("not_ready")              // the reason
	RuleMetricsToken             = rule("metrics_token")
	RuleSheetKindPath            = rule("sheet_kind_path") // the kind given
	RuleExportFile               = rule("export_file")     // the file given
	RuleNoFile                   = rule("no_file")
	RuleURLNamesTarget           = rule("url_names_target") // the target code
	RuleURLNamesUnit             = rule("url_names_unit")   // the unit code
	RuleSessionNone              = rule("session_none")
	RuleDatabaseUnreadable       = rule("database_unreadable")
	RuleDatabaseUnwritable       = rule("database_unwritable")
	RuleWriteNotSaved            = rule("write_not_saved")
	RuleWritesPaused             = rule("writes_paused")       // the reason
	RuleWritesPausedUntil        = rule("writes_paused_until") // the reason, when writes are tried again
	RuleUnreadable               = rule("unreadable")          // table, id, field, problem
	RuleDemoNotEmpty             = rule("demo_not_empty")      // the units there are
	RuleRecordNotFound           = rule("record_not_found")    // what (a Term), id
	RuleSheetFormat              = rule("sheet_format")
	RuleImportBusy               = rule("import_busy") // the most at once
	// Plans (issue 16).
	RulePlanNotFound      = rule("plan_not_found")      // plan code
	RulePlanExists        = rule("plan_exists")         // plan code
	RulePlanCodeFixed     = rule("plan_code_fixed")     // the code is the plan's metrics label
	RuleTargetInPlan      = rule("target_in_plan")      // plan code, its first day, its last day
	RuleTargetPlanScope   = rule("target_plan_scope")   // the target's scope unit, the plan's scope unit
	RulePlanTargetOutside = rule("plan_target_outside") // target code: it would no longer fit the plan

	// A spreadsheet that cannot be read at all (field "file"); the file's name comes first.
	RuleFileTooLarge       = rule("file_too_large")        // the limit
	RuleFileEmpty          = rule("file_empty")            // name
	RuleFileEncrypted      = rule("file_encrypted")        // name
	RuleFileOtherType      = rule("file_other_type")       // name, the type found (PDF, PNG...)
	RuleFileNotZip         = rule("file_not_zip")          // name, its extension
	RuleFileCorrupt        = rule("file_corrupt")          // name, the reader's problem
	RuleFileNotUTF8        = rule("file_not_utf8")         // name, line
	RuleFileBinary         = rule("file_binary")           // name
	RuleFileBadCSV         = rule("file_bad_csv")          // name, the reader's problem
	RuleFileTooManyRows    = rule("file_too_many_rows")    // name, the most data rows
	RuleFileNoHeader       = rule("file_no_header")        // name
	RuleFileZipNotXLSX     = rule("file_zip_not_xlsx")     // name
	RuleFileNoSheet        = rule("file_no_sheet")         // name
	RuleFileTokenTooLong   = rule("file_token_too_long")   // name, part, limit
	RuleFileUnzipsTooLarge = rule("file_unzips_too_large") // name, part, limit
	RuleFileCellTooLong    = rule("file_cell_too_long")    // cell, name, the most characters
	RuleFileSheetTooLong   = rule("file_sheet_too_long")   // name, row
	RuleFileColumnTwice    = rule("file_column_twice")     // header, other header, the column
	RuleFileUnknownColumns = rule("file_unknown_columns")  // the headers, those accepted in Vietnamese, in English
	RuleFileMissingColumns = rule("file_missing_columns")  // the columns

	// A cell of a spreadsheet's row that cannot be read; the cell's text comes first.
	RuleCellID             = rule("cell_id")
	RuleCellDate           = rule("cell_date")
	RuleCellCount          = rule("cell_count")
	RuleCellLevel          = rule("cell_level") // the text, the levels of the column's kind
	RuleCellYearOrDate     = rule("cell_year_or_date")
	RuleCellYesNo          = rule("cell_yes_no")
	RuleCellGender         = rule("cell_gender")
	RuleCellRecruitment    = rule("cell_recruitment") // the text, the template's choices
	RuleCellExamResult     = rule("cell_exam_result")
	RuleCellTrainingKind   = rule("cell_training_kind")
	RuleCellTrainingStatus = rule("cell_training_status")
	RuleLevelWithYear      = rule("level_with_year")  // a year obtained without its level
	RuleCadreIdentified    = rule("cadre_identified") // a training row that names no cadre
	// Postings and reorganisations.
	RulePostingSameDay     = rule("posting_same_day")     // cadre id, the day
	RuleUnitNotAliveOn     = rule("unit_not_alive_on")    // unit code, the day
	RuleReorgOp            = rule("reorg_op")             // the op given
	RuleReorgLaterVersion  = rule("reorg_later_version")  // unit code, the day of its later change
	RuleReorgNoHeir        = rule("reorg_no_heir")        // unit code, its children, its cadres in post
	RuleReorgUnitTwice     = rule("reorg_unit_twice")     // unit code
	RuleReorgLaterPosting  = rule("reorg_later_posting")  // unit code, cadre id, the posting's day
	RuleJoinedAfterPosting = rule("joined_after_posting") // the second posting's day
	RuleLeftBeforePosting  = rule("left_before_posting")  // the latest posting's day
)

// Rules lists every rule in the order declared, for the test that the catalogue words each in
// every language.
var Rules []Rule

// rule declares a rule: its identifier, added to Rules.
func rule(id string) Rule {
	r := Rule(id)
	Rules = append(Rules, r)
	return r
}
