package i18n

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"

	"chitieu/internal/chitieu"
)

// text is one message in both languages.
type text struct{ vi, en catalog.Message }

// s is a message without plural forms; arguments go in with fmt's verbs.
func s(vi, en string) text { return text{catalog.String(vi), catalog.String(en)} }

// count is a message whose argument n is a count: Vietnamese has one form, English chooses
// between the singular one and the plural other.
func count(n int, vi, one, other string) text {
	return text{catalog.String(vi), plural.Selectf(n, "%d", "one", one, "other", other)}
}

// texts holds the words of every rule (keyed by its chitieu.Rule) and of the few messages that
// are not rules.
var texts = map[string]text{
	"internal": s("lỗi nội bộ", "internal error"),

	string(chitieu.RuleRequired):               s("bắt buộc", "is required"),
	string(chitieu.RuleCodeFormat):             s("chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, 1 đến 63 ký tự, không bắt đầu bằng dấu gạch ngang", "must be lower-case letters, digits and hyphens, 1 to 63 characters, not starting with a hyphen"),
	string(chitieu.RuleUsernameFormat):         s("chỉ gồm chữ thường không dấu, chữ số, '.', '_' hoặc '-', 1 đến 63 ký tự", "must be lower-case letters, digits, '.', '_' or '-', 1 to 63 characters"),
	string(chitieu.RuleNotSelf):                s("không được là chính đơn vị này", "cannot be the unit itself"),
	string(chitieu.RuleBetween):                s("phải từ %d đến %d", "must be between %d and %d"),
	string(chitieu.RuleAtLeast):                s("phải từ %d trở lên", "must be at least %d"),
	string(chitieu.RuleAtMost):                 s("không được quá %d", "must be at most %d"),
	string(chitieu.RuleNotNegative):            s("không được âm", "must not be negative"),
	string(chitieu.RuleDaysBetween):            s("phải là số ngày từ %d đến %d", "must be a number of days from %d to %d"),
	string(chitieu.RuleRatioPositive):          s("phải lớn hơn 0% và không quá 100%", "must be a ratio greater than 0 and at most 1"),
	string(chitieu.RuleRatio):                  s("phải từ 0% đến 100%", "must be a ratio from 0 to 1"),
	string(chitieu.RuleRatioBelowOne):          s("phải từ 0% đến dưới 100%", "must be a ratio from 0 to less than 1"),
	string(chitieu.RuleDateRange):              s("phải là ngày trong khoảng từ %v đến %v", "must be a date from %v to %v"),
	string(chitieu.RuleNotInFuture):            s("không được sau ngày hôm nay", "must not be in the future"),
	string(chitieu.RuleAfter):                  s("phải sau %v", "must be after %v"),
	string(chitieu.RuleNotBefore):              s("không được trước %v", "must not be before %v"),
	string(chitieu.RuleNotBeforeBirth):         s("không được trước ngày sinh của cán bộ", "must not be before the cadre's birth_date"),
	string(chitieu.RuleJoiningAge):             s("phải để cán bộ từ %d đến %d tuổi vào ngày vào công tác", "must make the cadre %d to %d years old on joined_on"),
	string(chitieu.RuleRequiredWhen):           s("bắt buộc khi %v là %v", "is required when %v is %v"),
	string(chitieu.RuleEmptyUnless):            s("chỉ ghi khi %v là %v", "must be empty unless %v is %v"),
	string(chitieu.RuleEmptyForKind):           s("để trống với %v", "must be empty for kind %v"),
	string(chitieu.RuleUtf8):                   s("phải là văn bản UTF-8 hợp lệ", "must be valid UTF-8 text"),
	string(chitieu.RuleHiddenChar):             s("không được chứa ký tự điều khiển hoặc ký tự ẩn %s", "must not hold the control or invisible character %s"),
	string(chitieu.RuleMaxLength):              s("không được dài quá %d ký tự", "must be at most %d characters"),
	string(chitieu.RuleMinLength):              s("phải có ít nhất %d ký tự", "must be at least %d characters"),
	string(chitieu.RuleGender):                 s("phải là nam, nữ hoặc để trống", `must be "male", "female" or empty`),
	string(chitieu.RuleRecruitmentCheck):       s(`chỉ nhận "failing" (cán bộ tuyển dụng trái quy định) hoặc để trống`, `must be "failing" or empty`),
	string(chitieu.RuleHistoryStep):            s("phải là ngày, tuần hoặc tháng", `must be "day", "week" or "month"`),
	string(chitieu.RuleTooManyPoints):          s("cho hơn %d điểm từ ngày bắt đầu đến ngày kết thúc: hãy chọn bước dài hơn hoặc khoảng thời gian ngắn hơn", "gives more than %d points between from and to: choose a longer step or a shorter span"),
	string(chitieu.RuleRecruitment):            s("phải là thi tuyển, điều động/luân chuyển, bầu cử, hình thức khác, hoặc để trống khi chưa ghi nhận", `must be one of "exam", "transfer", "election", "other", or empty when not recorded`),
	string(chitieu.RuleExamResult):             s("phải là đạt hoặc không đạt", `must be "passed" or "failed"`),
	string(chitieu.RuleExamResultRequired):     s("bắt buộc khi hình thức tuyển dụng là thi tuyển: đạt hoặc không đạt", `is required when recruitment is exam: "passed" or "failed"`),
	string(chitieu.RuleExamBeforeJoining):      s("không được sau ngày vào công tác (thi tuyển trước rồi mới tuyển dụng)", "must not be after joined_on (the exam comes before the contract)"),
	string(chitieu.RuleExemptExam):             s("không được gồm thi tuyển: quy định yêu cầu thi tuyển", `cannot hold "exam": the rule asks for an exam`),
	string(chitieu.RuleExemptValues):           s("chỉ được gồm điều động/luân chuyển, bầu cử hoặc hình thức khác", `must hold only "transfer", "election" or "other"`),
	string(chitieu.RuleTargetKind):             s("phải là lý luận chính trị, chuyên môn, tập hợp thanh niên hoặc bồi dưỡng nghiệp vụ", `must be one of "political_theory", "education", "youth_gathering", "professional_training"`),
	string(chitieu.RuleTrainingKind):           s("phải là lý luận chính trị, chuyên môn hoặc bồi dưỡng nghiệp vụ", `must be one of "political_theory", "education", "professional"`),
	string(chitieu.RuleTrainingStatus):         s("phải là dự kiến, đang học, hoàn thành hoặc bỏ học", `must be one of "planned", "in_progress", "completed", "dropped"`),
	string(chitieu.RulePoliticalLevel):         s("phải là một trình độ lý luận chính trị: sơ cấp, trung cấp, cao cấp hoặc cử nhân chính trị", `must be one of "so_cap", "trung_cap", "cao_cap", "cu_nhan" for kind political_theory`),
	string(chitieu.RuleEducationLevel):         s("phải là một trình độ chuyên môn: trung cấp, cao đẳng, đại học, thạc sĩ hoặc tiến sĩ", `must be one of "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si" for kind education`),
	string(chitieu.RulePoliticalLevelRequired): s("bắt buộc với lý luận chính trị: sơ cấp, trung cấp, cao cấp hoặc cử nhân chính trị", `is required for kind political_theory: one of "so_cap", "trung_cap", "cao_cap", "cu_nhan"`),
	string(chitieu.RuleEducationLevelRequired): s("bắt buộc với chuyên môn: trung cấp, cao đẳng, đại học, thạc sĩ hoặc tiến sĩ", `is required for kind education: one of "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"`),
	string(chitieu.RuleComparator):             s("phải là “từ” hoặc “trên”", `must be ">=" or ">"`),
	string(chitieu.RuleRole):                   s("phải là xem, cập nhật hoặc quản trị", `must be one of "admin", "editor", "viewer"`),
	string(chitieu.RuleEditorOnlyUnit):         s("chỉ tài khoản cập nhật mới được giới hạn theo đơn vị", "only an editor can be limited to a unit"),
	string(chitieu.RuleGatheredAtLeast):        s("không được nhỏ hơn số đoàn viên và số hội viên", "must be at least union_members and at least association_members"),
	string(chitieu.RuleGatheredSum):            s("không được lớn hơn tổng số đoàn viên và hội viên", "must not exceed union_members + association_members"),
	string(chitieu.RuleGatheredPopulation):     s("không được lớn hơn số thanh niên", "must not exceed youth_population"),
	string(chitieu.RuleUnitNotFound):           s("không có đơn vị %q", "unit %q does not exist"),
	string(chitieu.RuleUnitExists):             s("đã có đơn vị mã %q", "unit %q already exists"),
	string(chitieu.RuleUnitCodeDeleted):        s("mã %q thuộc một đơn vị đã xóa; mã đơn vị không được dùng lại", "unit %q was deleted, and a unit code is never given again"),
	string(chitieu.RuleUnitCodeFixed):          s("không được thay đổi (đó là nhãn của đơn vị trong số liệu giám sát); hãy tạo đơn vị mới", "cannot be changed (it is the unit's label in the metrics); create a new unit instead"),
	string(chitieu.RuleUnitCycle):              s("sẽ tạo vòng lặp: đơn vị %q nằm dưới đơn vị %q", "would make a cycle: unit %q is below %q"),
	string(chitieu.RuleUnitHasChildren): count(2, "đơn vị %[1]q còn %[2]d đơn vị trực thuộc; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d child unit; move or delete it first",
		"unit %[1]q has %[2]d child units; move or delete them first"),
	string(chitieu.RuleUnitHasCadres): count(2, "đơn vị %[1]q còn %[2]d cán bộ; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d cadre; move or delete it first",
		"unit %[1]q has %[2]d cadres; move or delete them first"),
	string(chitieu.RuleUnitHasReports): count(2, "đơn vị %[1]q còn %[2]d báo cáo thanh niên; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d youth report; move or delete it first",
		"unit %[1]q has %[2]d youth reports; move or delete them first"),
	string(chitieu.RuleUnitHasTargets): count(2, "đơn vị %[1]q còn %[2]d chỉ tiêu có phạm vi là đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d target scoped to it; move or delete it first",
		"unit %[1]q has %[2]d targets scoped to it; move or delete them first"),
	string(chitieu.RuleUnitHasUsers): count(2, "đơn vị %[1]q còn %[2]d tài khoản giới hạn trong đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d user limited to it; move or delete it first",
		"unit %[1]q has %[2]d users limited to it; move or delete them first"),
	string(chitieu.RuleUnitHasPositions): count(2, "đơn vị %[1]q còn %[2]d chức danh lãnh đạo; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d leadership position; move or delete it first",
		"unit %[1]q has %[2]d leadership positions; move or delete them first"),
	string(chitieu.RuleUnitHasRecruitment): count(2, "đơn vị %[1]q còn %[2]d quy định tuyển dụng có phạm vi là đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d recruitment rule scoped to it; move or delete it first",
		"unit %[1]q has %[2]d recruitment rules scoped to it; move or delete them first"),
}

// terms words the domain's terms in Vietnamese; in English a term is written as the API spells it.
var terms = map[chitieu.Term]string{
	"joined_on":             "ngày vào công tác",
	"started_on":            "ngày bắt đầu",
	"baseline_date":         "ngày mốc",
	"from":                  "ngày bắt đầu",
	"recruitment":           "hình thức tuyển dụng",
	"exam":                  "thi tuyển",
	"status":                "tình trạng",
	"completed":             "hoàn thành",
	"kind":                  "loại",
	"professional":          "bồi dưỡng nghiệp vụ",
	"professional_training": "chỉ tiêu bồi dưỡng nghiệp vụ",
	"youth_gathering":       "chỉ tiêu tập hợp thanh niên",
}
