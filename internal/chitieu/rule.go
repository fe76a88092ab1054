package chitieu

// Rule names a rule a request or a record can break: a stable identifier for programs (the API
// gives it as "rule") and the key of its words in internal/i18n.
type Rule string

// Term is a word of the domain given as a rule's argument (a field, a kind, a value): internal/i18n
// words it in each language.
type Term string

// The rules, each with the arguments its Error carries.
const (
	RuleRequired                 Rule = "required"        // the field has no value
	RuleCodeFormat               Rule = "code_format"     // a unit's or target's code
	RuleUsernameFormat           Rule = "username_format" // a user's name
	RuleNotSelf                  Rule = "not_self"        // a unit cannot be its own parent
	RuleBetween                  Rule = "between"         // min, max
	RuleAtLeast                  Rule = "at_least"        // min
	RuleAtMost                   Rule = "at_most"         // max
	RuleNotNegative              Rule = "not_negative"
	RuleDaysBetween              Rule = "days_between" // min, max
	RuleRatioPositive            Rule = "ratio_positive"
	RuleRatio                    Rule = "ratio"
	RuleRatioBelowOne            Rule = "ratio_below_one"
	RuleDateRange                Rule = "date_range" // first day, last day
	RuleNotInFuture              Rule = "not_in_future"
	RuleAfter                    Rule = "after"      // the other field (a Term)
	RuleNotBefore                Rule = "not_before" // the other field (a Term)
	RuleNotBeforeBirth           Rule = "not_before_birth"
	RuleJoiningAge               Rule = "joining_age"    // youngest, oldest age
	RuleRequiredWhen             Rule = "required_when"  // the other field, its value (Terms)
	RuleEmptyUnless              Rule = "empty_unless"   // the other field, its value (Terms)
	RuleEmptyForKind             Rule = "empty_for_kind" // the kind (a Term)
	RuleUtf8                     Rule = "utf8"
	RuleHiddenChar               Rule = "hidden_char" // the character as U+XXXX
	RuleMaxLength                Rule = "max_length"  // the most characters
	RuleMinLength                Rule = "min_length"  // the fewest characters
	RuleGender                   Rule = "gender"
	RuleRecruitmentCheck         Rule = "recruitment_check"
	RuleHistoryStep              Rule = "history_step"
	RuleTooManyPoints            Rule = "too_many_points" // the most points
	RuleRecruitment              Rule = "recruitment"
	RuleExamResult               Rule = "exam_result"
	RuleExamResultRequired       Rule = "exam_result_required"
	RuleExamBeforeJoining        Rule = "exam_before_joining"
	RuleExemptExam               Rule = "exempt_exam"
	RuleExemptValues             Rule = "exempt_values"
	RuleTargetKind               Rule = "target_kind"
	RuleTrainingKind             Rule = "training_kind"
	RuleTrainingStatus           Rule = "training_status"
	RulePoliticalLevel           Rule = "political_level"
	RuleEducationLevel           Rule = "education_level"
	RulePoliticalLevelRequired   Rule = "political_level_required"
	RuleEducationLevelRequired   Rule = "education_level_required"
	RuleComparator               Rule = "comparator"
	RuleRole                     Rule = "role"
	RuleEditorOnlyUnit           Rule = "editor_only_unit"
	RuleGatheredAtLeast          Rule = "gathered_at_least"
	RuleGatheredSum              Rule = "gathered_sum"
	RuleGatheredPopulation       Rule = "gathered_population"
	RuleUnitNotFound             Rule = "unit_not_found"       // unit code
	RuleUnitExists               Rule = "unit_exists"          // unit code
	RuleUnitCodeDeleted          Rule = "unit_code_deleted"    // unit code
	RuleUnitCodeFixed            Rule = "unit_code_fixed"      // the code is the unit's metrics label
	RuleUnitCycle                Rule = "unit_cycle"           // new parent, unit
	RuleUnitHasChildren          Rule = "unit_has_children"    // unit code, count
	RuleUnitHasCadres            Rule = "unit_has_cadres"      // unit code, count
	RuleUnitHasReports           Rule = "unit_has_reports"     // unit code, count
	RuleUnitHasTargets           Rule = "unit_has_targets"     // unit code, count
	RuleUnitHasUsers             Rule = "unit_has_users"       // unit code, count
	RuleUnitHasPositions         Rule = "unit_has_positions"   // unit code, count
	RuleUnitHasRecruitment       Rule = "unit_has_recruitment" // unit code, count
	RuleAdminOnly                Rule = "admin_only"           // the user's role, what they tried (Terms)
	RuleRecordWriterOnly         Rule = "record_writer_only"   // the user's role (a Term)
	RuleOutsideUnitWrite         Rule = "outside_unit_write"   // user, user's unit, the record's unit
	RuleOutsideUnitRead          Rule = "outside_unit_read"    // user, user's unit, the record's unit
	RuleOutsideUnitSeat          Rule = "outside_unit_seat"    // user, user's unit, cadre id, the cadre's unit
	RuleDatabaseClosed           Rule = "database_closed"
	RuleWriteRolledBack          Rule = "write_rolled_back"
	RuleFixed                    Rule = "fixed"
	RuleCadreNotFound            Rule = "cadre_not_found"            // cadre id
	RuleTrainingNotFound         Rule = "training_not_found"         // record id
	RuleReportNotFound           Rule = "report_not_found"           // report id
	RulePositionNotFound         Rule = "position_not_found"         // position id
	RuleAssignmentNotFound       Rule = "assignment_not_found"       // assignment id
	RuleTargetNotFound           Rule = "target_not_found"           // target code
	RuleUserNotFound             Rule = "user_not_found"             // username
	RulePositionExists           Rule = "position_exists"            // unit, title
	RuleNotBeforePosition        Rule = "not_before_position"        // the position's first day
	RuleNotBeforeJoining         Rule = "not_before_joining"         // the cadre's joined_on
	RuleBeforeLeaving            Rule = "before_leaving"             // the cadre's left_on
	RuleAssignmentOverlap        Rule = "assignment_overlap"         // cadre, position, the other assignment
	RuleAssignmentBeforePosition Rule = "assignment_before_position" // assignment, position, its first day, the position's created_on
	RuleOverSeats                Rule = "over_seats"                 // title, unit, holders, day, seats
	RuleHoldsAfterLeaving        Rule = "holds_after_leaving"        // position, first day, assignment, left_on
	RuleSheetKind                Rule = "sheet_kind"
	RuleImportTimeout            Rule = "import_timeout" // the time limit
	RuleSessionExpired           Rule = "session_expired"
	RuleSessionUserDisabled      Rule = "session_user_disabled"
	RuleSessionUnknown           Rule = "session_unknown"
	RuleTargetCodeFixed          Rule = "target_code_fixed"
	RuleTargetCodeDeleted        Rule = "target_code_deleted" // target code
	RuleTargetExists             Rule = "target_exists"       // target code
	RuleBadCredentials           Rule = "bad_credentials"
	RuleSeeOnlySelf              Rule = "see_only_self"    // the user's role (a Term)
	RuleTokensOnlySelf           Rule = "tokens_only_self" // the user's role (a Term)
	RuleTokenFormat              Rule = "token_format"
	RuleTokenUnknown             Rule = "token_unknown"
	RuleTokenUserDisabled        Rule = "token_user_disabled"
	RuleUserExists               Rule = "user_exists"               // username
	RuleLastAdmin                Rule = "last_admin"                // username
	RuleUserDisabled             Rule = "user_disabled"             // username
	RuleBirthAfterTraining       Rule = "birth_after_training"      // the first training day
	RuleReportExists             Rule = "report_exists"             // unit, day
	RuleImportUnitUnknown        Rule = "import_unit_unknown"       // the file's text
	RuleImportUnitAmbiguous      Rule = "import_unit_ambiguous"     // the file's text, the units
	RuleImportCadreAmbiguous     Rule = "import_cadre_ambiguous"    // name, unit, the ids
	RuleImportCadreID            Rule = "import_cadre_id"           // cadre id
	RuleImportCadreName          Rule = "import_cadre_name"         // name, unit
	RuleImportTrainingID         Rule = "import_training_id"        // record id
	RuleImportTrainingCadre      Rule = "import_training_cadre"     // record, its cadre, the row's cadre
	RuleImportTrainingAmbiguous  Rule = "import_training_ambiguous" // the ids
	RuleNotUsername              Rule = "not_username"
	RuleRepeatedChar             Rule = "repeated_char"
	RuleCommonPassword           Rule = "common_password"
	RuleTooManySignIns           Rule = "too_many_sign_ins" // minutes to wait
	RuleTooManyChecks            Rule = "too_many_checks"
	RuleBodyTrailing             Rule = "body_trailing"
	RuleBodyNotObject            Rule = "body_not_object" // the start of the value
	RuleBodyTooLarge             Rule = "body_too_large"  // the most bytes
	RuleBodyEmpty                Rule = "body_empty"
	RuleJSONTruncated            Rule = "json_truncated"
	RuleJSONSyntax               Rule = "json_syntax"  // the byte, encoding/json's words
	RuleJSONInvalid              Rule = "json_invalid" // encoding/json's words
	RuleDateFormat               Rule = "date_format"  // first day, last day
	RuleDateType                 Rule = "date_type"    // the value given
	RuleJSONType                 Rule = "json_type"    // the JSON type wanted (a Term), the value given
	RuleUnknownField             Rule = "unknown_field"
	RuleUnknownFieldCase         Rule = "unknown_field_case" // the field meant
	RuleDuplicateKey             Rule = "duplicate_key"
	RuleReadOnly                 Rule = "read_only"
	RuleContentType              Rule = "content_type"     // the type given
	RuleInteger                  Rule = "integer"          // the value given
	RulePositiveInteger          Rule = "positive_integer" // the value given
	RulePositiveID               Rule = "positive_id"      // the value given
	RuleBoolean                  Rule = "boolean"          // the value given
	RuleQueryDate                Rule = "query_date"       // the value given
	RuleIntegerBetween           Rule = "integer_between"  // min, max
	RuleBearerEmpty              Rule = "bearer_empty"
	RuleCredentialsRequired      Rule = "credentials_required"
	RuleAuthScheme               Rule = "auth_scheme"
	RuleInvalidCredentials       Rule = "invalid_credentials"
	RuleCrossOrigin              Rule = "cross_origin"           // the method
	RuleRoleRoute                Rule = "role_route"             // role (a Term), method, route, who may (a Term)
	RuleUnitRequiredLimited      Rule = "unit_required_limited"  // the user's unit
	RuleCadreRequiredLimited     Rule = "cadre_required_limited" // the user's unit
	RuleNoRoute                  Rule = "no_route"               // the path
	RuleNotReady                 Rule = "not_ready"              // the reason
	RuleMetricsToken             Rule = "metrics_token"
	RuleSheetKindPath            Rule = "sheet_kind_path" // the kind given
	RuleExportFile               Rule = "export_file"     // the file given
	RuleNoFile                   Rule = "no_file"
	RuleURLNamesTarget           Rule = "url_names_target" // the target code
	RuleURLNamesUnit             Rule = "url_names_unit"   // the unit code
	RuleSessionNone              Rule = "session_none"
	RuleDatabaseUnreadable       Rule = "database_unreadable"
	RuleDatabaseUnwritable       Rule = "database_unwritable"
	RuleWriteNotSaved            Rule = "write_not_saved"
	RuleWritesPaused             Rule = "writes_paused"       // the reason
	RuleWritesPausedUntil        Rule = "writes_paused_until" // the reason, when writes are tried again
	RuleUnreadable               Rule = "unreadable"          // table, id, field, problem
	RuleDemoNotEmpty             Rule = "demo_not_empty"      // the units there are
	RuleRecordNotFound           Rule = "record_not_found"    // what (a Term), id
	RuleSheetFormat              Rule = "sheet_format"
	RuleImportBusy               Rule = "import_busy" // the most at once
)

// Rules lists every rule, for the test that the catalogue words each in every language.
var Rules = []Rule{
	RuleRequired,
	RuleCodeFormat,
	RuleUsernameFormat,
	RuleNotSelf,
	RuleBetween,
	RuleAtLeast,
	RuleAtMost,
	RuleNotNegative,
	RuleDaysBetween,
	RuleRatioPositive,
	RuleRatio,
	RuleRatioBelowOne,
	RuleDateRange,
	RuleNotInFuture,
	RuleAfter,
	RuleNotBefore,
	RuleNotBeforeBirth,
	RuleJoiningAge,
	RuleRequiredWhen,
	RuleEmptyUnless,
	RuleEmptyForKind,
	RuleUtf8,
	RuleHiddenChar,
	RuleMaxLength,
	RuleMinLength,
	RuleGender,
	RuleRecruitmentCheck,
	RuleHistoryStep,
	RuleTooManyPoints,
	RuleRecruitment,
	RuleExamResult,
	RuleExamResultRequired,
	RuleExamBeforeJoining,
	RuleExemptExam,
	RuleExemptValues,
	RuleTargetKind,
	RuleTrainingKind,
	RuleTrainingStatus,
	RulePoliticalLevel,
	RuleEducationLevel,
	RulePoliticalLevelRequired,
	RuleEducationLevelRequired,
	RuleComparator,
	RuleRole,
	RuleEditorOnlyUnit,
	RuleGatheredAtLeast,
	RuleGatheredSum,
	RuleGatheredPopulation,
	RuleUnitNotFound,
	RuleUnitExists,
	RuleUnitCodeDeleted,
	RuleUnitCodeFixed,
	RuleUnitCycle,
	RuleUnitHasChildren,
	RuleUnitHasCadres,
	RuleUnitHasReports,
	RuleUnitHasTargets,
	RuleUnitHasUsers,
	RuleUnitHasPositions,
	RuleUnitHasRecruitment,
	RuleAdminOnly,
	RuleRecordWriterOnly,
	RuleOutsideUnitWrite,
	RuleOutsideUnitRead,
	RuleOutsideUnitSeat,
	RuleDatabaseClosed,
	RuleWriteRolledBack,
	RuleFixed,
	RuleCadreNotFound,
	RuleTrainingNotFound,
	RuleReportNotFound,
	RulePositionNotFound,
	RuleAssignmentNotFound,
	RuleTargetNotFound,
	RuleUserNotFound,
	RulePositionExists,
	RuleNotBeforePosition,
	RuleNotBeforeJoining,
	RuleBeforeLeaving,
	RuleAssignmentOverlap,
	RuleAssignmentBeforePosition,
	RuleOverSeats,
	RuleHoldsAfterLeaving,
	RuleSheetKind,
	RuleImportTimeout,
	RuleSessionExpired,
	RuleSessionUserDisabled,
	RuleSessionUnknown,
	RuleTargetCodeFixed,
	RuleTargetCodeDeleted,
	RuleTargetExists,
	RuleBadCredentials,
	RuleSeeOnlySelf,
	RuleTokensOnlySelf,
	RuleTokenFormat,
	RuleTokenUnknown,
	RuleTokenUserDisabled,
	RuleUserExists,
	RuleLastAdmin,
	RuleUserDisabled,
	RuleBirthAfterTraining,
	RuleReportExists,
	RuleImportUnitUnknown,
	RuleImportUnitAmbiguous,
	RuleImportCadreAmbiguous,
	RuleImportCadreID,
	RuleImportCadreName,
	RuleImportTrainingID,
	RuleImportTrainingCadre,
	RuleImportTrainingAmbiguous,
	RuleNotUsername,
	RuleRepeatedChar,
	RuleCommonPassword,
	RuleTooManySignIns,
	RuleTooManyChecks,
	RuleBodyTrailing,
	RuleBodyNotObject,
	RuleBodyTooLarge,
	RuleBodyEmpty,
	RuleJSONTruncated,
	RuleJSONSyntax,
	RuleJSONInvalid,
	RuleDateFormat,
	RuleDateType,
	RuleJSONType,
	RuleUnknownField,
	RuleUnknownFieldCase,
	RuleDuplicateKey,
	RuleReadOnly,
	RuleContentType,
	RuleInteger,
	RulePositiveInteger,
	RulePositiveID,
	RuleBoolean,
	RuleQueryDate,
	RuleIntegerBetween,
	RuleBearerEmpty,
	RuleCredentialsRequired,
	RuleAuthScheme,
	RuleInvalidCredentials,
	RuleCrossOrigin,
	RuleRoleRoute,
	RuleUnitRequiredLimited,
	RuleCadreRequiredLimited,
	RuleNoRoute,
	RuleNotReady,
	RuleMetricsToken,
	RuleSheetKindPath,
	RuleExportFile,
	RuleNoFile,
	RuleURLNamesTarget,
	RuleURLNamesUnit,
	RuleSessionNone,
	RuleDatabaseUnreadable,
	RuleDatabaseUnwritable,
	RuleWriteNotSaved,
	RuleWritesPaused,
	RuleWritesPausedUntil,
	RuleUnreadable,
	RuleDemoNotEmpty,
	RuleRecordNotFound,
	RuleSheetFormat,
	RuleImportBusy,
}
