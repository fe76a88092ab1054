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

// count is a message with a count as argument n: Vietnamese has one form, English chooses
// between the singular one and the plural other.
func count(n int, vi, one, other string) text {
	return text{catalog.String(vi), plural.Selectf(n, "%d", "one", one, "other", other)}
}

// texts holds the words of every rule (keyed by its chitieu.Rule) and of the few messages that
// are not rules.
var texts = map[string]text{
	"internal": s("lỗi nội bộ", "internal error"),

	string(chitieu.RuleRequired):    s("bắt buộc", "is required"),
	string(chitieu.RuleCodeFormat):  s("chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, 1 đến 63 ký tự, không bắt đầu bằng dấu gạch ngang", "must be lower-case letters, digits and hyphens, 1 to 63 characters, not starting with a hyphen"),
	string(chitieu.RuleNotSelf):     s("không được là chính đơn vị này", "cannot be the unit itself"),
	string(chitieu.RuleBetween):     s("phải từ %d đến %d", "must be between %d and %d"),
	string(chitieu.RuleNotNegative): s("không được âm", "must not be negative"),

	string(chitieu.RuleUnitNotFound):    s("không có đơn vị %q", "unit %q does not exist"),
	string(chitieu.RuleUnitExists):      s("đã có đơn vị mã %q", "unit %q already exists"),
	string(chitieu.RuleUnitCodeDeleted): s("mã %q thuộc một đơn vị đã xóa; mã đơn vị không được dùng lại", "unit %q was deleted, and a unit code is never given again"),
	string(chitieu.RuleUnitCodeFixed):   s("không được thay đổi (đó là nhãn của đơn vị trong số liệu giám sát); hãy tạo đơn vị mới", "cannot be changed (it is the unit's label in the metrics); create a new unit instead"),
	string(chitieu.RuleUnitCycle):       s("sẽ tạo vòng lặp: đơn vị %q nằm dưới đơn vị %q", "would make a cycle: unit %q is below %q"),
	string(chitieu.RuleUnitHasChildren): count(2, "đơn vị %[1]q còn %[2]d đơn vị trực thuộc; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d child unit; move or delete it first", "unit %[1]q has %[2]d child units; move or delete them first"),
	string(chitieu.RuleUnitHasCadres): count(2, "đơn vị %[1]q còn %[2]d cán bộ; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d cadre; move or delete it first", "unit %[1]q has %[2]d cadres; move or delete them first"),
	string(chitieu.RuleUnitHasReports): count(2, "đơn vị %[1]q còn %[2]d báo cáo thanh niên; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d youth report; move or delete it first", "unit %[1]q has %[2]d youth reports; move or delete them first"),
	string(chitieu.RuleUnitHasTargets): count(2, "đơn vị %[1]q còn %[2]d chỉ tiêu có phạm vi là đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d target scoped to it; move or delete it first", "unit %[1]q has %[2]d targets scoped to it; move or delete them first"),
	string(chitieu.RuleUnitHasUsers): count(2, "đơn vị %[1]q còn %[2]d tài khoản giới hạn trong đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d user limited to it; move or delete it first", "unit %[1]q has %[2]d users limited to it; move or delete them first"),
	string(chitieu.RuleUnitHasPositions): count(2, "đơn vị %[1]q còn %[2]d chức danh lãnh đạo; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d leadership position; move or delete it first", "unit %[1]q has %[2]d leadership positions; move or delete them first"),
	string(chitieu.RuleUnitHasRecruiting): count(2, "đơn vị %[1]q còn %[2]d quy định tuyển dụng có phạm vi là đơn vị này; hãy chuyển hoặc xóa trước",
		"unit %[1]q has %[2]d recruitment rule scoped to it; move or delete it first", "unit %[1]q has %[2]d recruitment rules scoped to it; move or delete them first"),
}
