package chitieu

// Rule names a rule a request or a record can break: a stable identifier for programs (the API
// gives it as "rule") and the key of its words in internal/i18n.
type Rule string

// The rules, each with the arguments its Error carries.
const (
	RuleRequired    Rule = "required"    // the field has no value
	RuleCodeFormat  Rule = "code_format" // a unit's or target's code: lower-case letters, digits, hyphens
	RuleNotSelf     Rule = "not_self"    // a unit cannot be its own parent
	RuleBetween     Rule = "between"     // min, max
	RuleNotNegative Rule = "not_negative"

	RuleUnitNotFound      Rule = "unit_not_found"       // unit code
	RuleUnitExists        Rule = "unit_exists"          // unit code
	RuleUnitCodeDeleted   Rule = "unit_code_deleted"    // unit code
	RuleUnitCodeFixed     Rule = "unit_code_fixed"      // none: the code is the unit's metrics label
	RuleUnitCycle         Rule = "unit_cycle"           // new parent, unit
	RuleUnitHasChildren   Rule = "unit_has_children"    // unit code, count
	RuleUnitHasCadres     Rule = "unit_has_cadres"      // unit code, count
	RuleUnitHasReports    Rule = "unit_has_reports"     // unit code, count
	RuleUnitHasTargets    Rule = "unit_has_targets"     // unit code, count
	RuleUnitHasUsers      Rule = "unit_has_users"       // unit code, count
	RuleUnitHasPositions  Rule = "unit_has_positions"   // unit code, count
	RuleUnitHasRecruiting Rule = "unit_has_recruitment" // unit code, count
)

// Rules lists every rule, for the test that the catalogue words each in every language.
var Rules = []Rule{
	RuleRequired, RuleCodeFormat, RuleNotSelf, RuleBetween, RuleNotNegative,
	RuleUnitNotFound, RuleUnitExists, RuleUnitCodeDeleted, RuleUnitCodeFixed, RuleUnitCycle,
	RuleUnitHasChildren, RuleUnitHasCadres, RuleUnitHasReports, RuleUnitHasTargets, RuleUnitHasUsers,
	RuleUnitHasPositions, RuleUnitHasRecruiting,
}
