package demo

import (
	"math/rand/v2"
	"strings"
)

// weighted is a choice with its weight.
type weighted struct {
	s string
	w int
}

// pick draws one of the choices in proportion to its weight.
func pick(r *rand.Rand, choices []weighted) string {
	total := 0
	for _, c := range choices {
		total += c.w
	}
	n := r.IntN(total)
	for _, c := range choices {
		if n < c.w {
			return c.s
		}
		n -= c.w
	}
	return choices[len(choices)-1].s
}

// Family names about as common as in the Mekong delta; Danh, Thạch and Lâm are frequent among
// the Khmer and Hoa families of Kiên Giang.
var familyNames = []weighted{
	{"Nguyễn", 30}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 6}, {"Huỳnh", 6}, {"Võ", 5}, {"Phan", 4},
	{"Trương", 3}, {"Đặng", 3}, {"Danh", 3}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 2}, {"Ngô", 2},
	{"Dương", 2}, {"Lâm", 2}, {"Lý", 2}, {"Thạch", 1}, {"Châu", 1}, {"Đoàn", 1}, {"Tô", 1},
	{"Mai", 1}, {"La", 1}, {"Quách", 1}, {"Tăng", 1},
}

var middleNames = map[bool][]weighted{
	false: { // men
		{"Văn", 30}, {"Minh", 10}, {"Thanh", 8}, {"Quốc", 8}, {"Hoàng", 6}, {"Hữu", 6},
		{"Công", 4}, {"Tấn", 4}, {"Trung", 4}, {"Phước", 3}, {"Ngọc", 3}, {"Đức", 3}, {"Chí", 3},
		{"Thành", 2}, {"Duy", 2}, {"Anh", 2},
	},
	true: { // women
		{"Thị", 36}, {"Ngọc", 10}, {"Thanh", 8}, {"Thu", 6}, {"Kim", 6}, {"Mỹ", 5}, {"Hồng", 5},
		{"Bích", 4}, {"Diễm", 3}, {"Huỳnh", 3}, {"Cẩm", 3}, {"Phương", 3}, {"Thùy", 3},
	},
}

var givenNames = map[bool][]string{
	false: {
		"Hùng", "Dũng", "Tuấn", "Khánh", "Phong", "Trí", "Nghĩa", "Lợi", "Tâm", "Hải", "Sơn",
		"Long", "Phúc", "Thành", "Vinh", "Toàn", "Hiếu", "Nhân", "Quang", "Duy", "Bảo", "Tài",
		"Thịnh", "Khoa", "Lộc", "Đạt", "Huy", "Kiệt", "Nam", "Thắng", "Trung", "Việt", "Cường",
		"Hậu", "Phương", "Thuận", "Tiến", "Tùng", "Vũ", "Hòa", "Luân", "Triều", "Nguyên", "An",
	},
	true: {
		"Lan", "Hương", "Trang", "Thảo", "Nhung", "Hạnh", "Linh", "Ngân", "Diễm", "Yến", "Phương",
		"Thủy", "Vân", "Loan", "Quyên", "Tuyết", "Hằng", "Mai", "Trinh", "Nga", "Xuân", "Huyền",
		"Oanh", "Tâm", "Hà", "Ánh", "Nhi", "Uyên", "Thư", "Duyên", "Thanh", "My", "Ngọc", "Hồng",
		"Liên", "Phượng", "Thắm", "Kiều",
	},
}

// names draws full names, never the same one twice.
type names struct {
	r    *rand.Rand
	used map[string]bool
}

func newNames(r *rand.Rand) *names { return &names{r: r, used: map[string]bool{}} }

// next returns a new full name for a woman or a man: family, middle and given name.
func (n *names) next(female bool) string {
	for {
		given := givenNames[female][n.r.IntN(len(givenNames[female]))]
		middle := pick(n.r, middleNames[female])
		if middle == given {
			continue
		}
		name := strings.Join([]string{pick(n.r, familyNames), middle, given}, " ")
		if !n.used[name] {
			n.used[name] = true
			return name
		}
	}
}
