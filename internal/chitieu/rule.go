package chitieu

// Rule names a rule a request or a record can break: a stable identifier for programs (the API
// gives it as "rule") and the key of its words in internal/i18n.
type Rule string

// Term is a word of the domain given as a rule's argument (a field, a kind, a value): internal/i18n
// words it in each language.
type Term string

// The rules, each with the arguments its Error carries.
const (
	RuleRequired               Rule = "required"        // the field has no value
	RuleCodeFormat             Rule = "code_format"     // a unit's or target's code
	RuleUsernameFormat         Rule = "username_format" // a user's name
	RuleNotSelf                Rule = "not_self"        // a unit cannot be its own parent
	RuleBetween                Rule = "between"         // min, max
	RuleAtLeast                Rule = "at_least"        // min
	RuleAtMost                 Rule = "at_most"         // max
	RuleNotNegative            Rule = "not_negative"
	RuleDaysBetween            Rule = "days_between" // min, max
	RuleRatioPositive          Rule = "ratio_positive"
	RuleRatio                  Rule = "ratio"
	RuleRatioBelowOne          Rule = "ratio_below_one"
	RuleDateRange              Rule = "date_range" // first day, last day
	RuleNotInFuture            Rule = "not_in_future"
	RuleAfter                  Rule = "after"      // the other field (a Term)
	RuleNotBefore              Rule = "not_before" // the other field (a Term)
	RuleNotBeforeBirth         Rule = "not_before_birth"
	RuleJoiningAge             Rule = "joining_age"    // youngest, oldest age
	RuleRequiredWhen           Rule = "required_when"  // the other field, its value (Terms)
	RuleEmptyUnless            Rule = "empty_unless"   // the other field, its value (Terms)
	RuleEmptyForKind           Rule = "empty_for_kind" // the kind (a Term)
	RuleUtf8                   Rule = "utf8"
	RuleHiddenChar             Rule = "hidden_char" // the character as U+XXXX
	RuleMaxLength              Rule = "max_length"  // the most characters
	RuleMinLength              Rule = "min_length"  // the fewest characters
	RuleGender                 Rule = "gender"
	RuleRecruitmentCheck       Rule = "recruitment_check"
	RuleHistoryStep            Rule = "history_step"
	RuleTooManyPoints          Rule = "too_many_points" // the most points
	RuleRecruitment            Rule = "recruitment"
	RuleExamResult             Rule = "exam_result"
	RuleExamResultRequired     Rule = "exam_result_required"
	RuleExamBeforeJoining      Rule = "exam_before_joining"
	RuleExemptExam             Rule = "exempt_exam"
	RuleExemptValues           Rule = "exempt_values"
	RuleTargetKind             Rule = "target_kind"
	RuleTrainingKind           Rule = "training_kind"
	RuleTrainingStatus         Rule = "training_status"
	RulePoliticalLevel         Rule = "political_level"
	RuleEducationLevel         Rule = "education_level"
	RulePoliticalLevelRequired Rule = "political_level_required"
	RuleEducationLevelRequired Rule = "education_level_required"
	RuleComparator             Rule = "comparator"
	RuleRole                   Rule = "role"
	RuleEditorOnlyUnit         Rule = "editor_only_unit"
	RuleGatheredAtLeast        Rule = "gathered_at_least"
	RuleGatheredSum            Rule = "gathered_sum"
	RuleGatheredPopulation     Rule = "gathered_population"
	RuleUnitNotFound           Rule = "unit_not_found"       // unit code
	RuleUnitExists             Rule = "unit_exists"          // unit code
	RuleUnitCodeDeleted        Rule = "unit_code_deleted"    // unit code
	RuleUnitCodeFixed          Rule = "unit_code_fixed"      // the code is the unit's metrics label
	RuleUnitCycle              Rule = "unit_cycle"           // new parent, unit
	RuleUnitHasChildren        Rule = "unit_has_children"    // unit code, count
	RuleUnitHasCadres          Rule = "unit_has_cadres"      // unit code, count
	RuleUnitHasReports         Rule = "unit_has_reports"     // unit code, count
	RuleUnitHasTargets         Rule = "unit_has_targets"     // unit code, count
	RuleUnitHasUsers           Rule = "unit_has_users"       // unit code, count
	RuleUnitHasPositions       Rule = "unit_has_positions"   // unit code, count
	RuleUnitHasRecruitment     Rule = "unit_has_recruitment" // unit code, count
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
}
