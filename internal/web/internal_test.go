package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/password"
)

func mustLocales(t *testing.T) map[string]*Locale {
	t.Helper()
	ls, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestLocale_T: a message with its argument, and a missing key that shows itself. (The formats
// are i18n's, tested there.)
func TestLocale_T(t *testing.T) {
	vi := mustLocales(t)["vi"]
	if got := vi.T("card.days_left", 765); got != "còn 765 ngày" {
		t.Errorf("T = %q", got)
	}
	if got := vi.T("no.such.key"); got != "«no.such.key»" {
		t.Errorf("missing key = %q", got)
	}
}

func TestParseDay(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want chitieu.Date
		ok   bool
	}{
		{"31/12/2015", chitieu.NewDate(2015, 12, 31), true},
		{"5/9/2014", chitieu.NewDate(2014, 9, 5), true},
		{" 05/09/2014 ", chitieu.NewDate(2014, 9, 5), true},
		{"2015-12-31", chitieu.NewDate(2015, 12, 31), true},
		{"", 0, true},
		{"31/02/2015", 0, false},
		{"12/31/2015", 0, false},
		{"hôm nay", 0, false},
		{"15/06/0000", 0, false},
		{"31/12/0000", 0, false}, // day 0, which would be "no date"
		{"0000-12-31", 0, false},
		{"1/1/9999", 0, false},
		{"31/12/2100", chitieu.NewDate(2100, 12, 31), true},
	} {
		got, err := parseDay(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDay(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestNegotiate(t *testing.T) {
	for _, tt := range []struct {
		header, cookie, want string
	}{
		{"", "", "vi"},
		{"en-US,en;q=0.9", "", "en"},
		{"vi-VN,vi;q=0.9,en;q=0.8", "", "vi"},
		{"fr-FR, en;q=0.5, vi;q=0.7", "", "vi"},
		{"fr-FR, de", "", "vi"},
		{"en", "vi", "vi"},
		{"", "en", "en"},
		{"en", "xx", "en"},
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		if tt.header != "" {
			r.Header.Set("Accept-Language", tt.header)
		}
		if tt.cookie != "" {
			r.AddCookie(&http.Cookie{Name: langCookie, Value: tt.cookie})
		}
		if got := negotiate(r); got != tt.want {
			t.Errorf("Accept-Language %q, cookie %q: %s, want %s", tt.header, tt.cookie, got, tt.want)
		}
	}
}

// TestLocale_Rules checks that every rule a form can break is in Vietnamese: the messages are
// the domain's own, produced here by its Validate methods.
func TestLocale_Rules(t *testing.T) {
	vi, en := mustLocales(t)["vi"], mustLocales(t)["en"]
	day := chitieu.NewDate
	ratio := func(r float64) *float64 { return &r }
	okTarget := func(f func(*chitieu.Target)) error {
		tg := chitieu.NewTarget()
		tg.Code, tg.Name, tg.Kind, tg.MinLevel, tg.ScopeUnit = "t", "T", chitieu.TargetPoliticalTheory, "trung_cap", "u"
		tg.Threshold, tg.BaselineDate, tg.Deadline = 0.8, day(2013, 1, 1), day(2015, 12, 31)
		f(&tg)
		return tg.Validate()
	}
	training := func(f func(*chitieu.Training)) error {
		tr := chitieu.Training{CadreID: 1, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Planned}
		f(&tr)
		return tr.Validate()
	}
	youth := func(pop, union, assoc, gathered int64) error {
		r := chitieu.YouthReport{Unit: "u", ReportedOn: day(2015, 1, 1), YouthPopulation: pop, UnionMembers: union, AssociationMembers: assoc, Gathered: gathered}
		return r.Validate()
	}
	errs := []error{
		(&chitieu.Cadre{}).Validate(),
		(&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: day(2014, 1, 1), LeftOn: day(2013, 1, 1)}).Validate(),
		(&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: day(2014, 1, 1), BirthDate: day(2015, 1, 1)}).Validate(),
		training(func(t *chitieu.Training) { t.Level = "" }),
		training(func(t *chitieu.Training) { t.Kind, t.Level = chitieu.Education, "" }),
		training(func(t *chitieu.Training) { t.Level = "dai_hoc" }),
		training(func(t *chitieu.Training) { t.Kind, t.Level = chitieu.Education, "cao_cap" }),
		training(func(t *chitieu.Training) { t.Kind = chitieu.Professional }),
		training(func(t *chitieu.Training) { t.Status = chitieu.Completed }),
		training(func(t *chitieu.Training) { t.CompletedOn = day(2014, 1, 1) }),
		training(func(t *chitieu.Training) {
			t.Status, t.StartedOn, t.CompletedOn = chitieu.Completed, day(2014, 1, 1), day(2013, 1, 1)
		}),
		training(func(t *chitieu.Training) { t.StartedOn, t.ExpectedOn = day(2014, 1, 1), day(2013, 1, 1) }),
		youth(-1, 0, 0, 0), youth(10, 5, 3, 4), youth(10, 5, 3, 9), youth(10, 8, 8, 12),
		okTarget(func(t *chitieu.Target) { t.Code = "Mã" }),
		okTarget(func(t *chitieu.Target) { t.Name = "" }),
		okTarget(func(t *chitieu.Target) { t.MinLevel = "" }),
		okTarget(func(t *chitieu.Target) { t.Kind, t.MinLevel = chitieu.TargetEducation, "cao_cap" }),
		okTarget(func(t *chitieu.Target) { t.Kind = chitieu.TargetYouthGathering }),
		okTarget(func(t *chitieu.Target) { t.Threshold = 1.2 }),
		okTarget(func(t *chitieu.Target) { t.BaselineRatio = ratio(-0.1) }),
		okTarget(func(t *chitieu.Target) { t.Deadline = t.BaselineDate }),
		okTarget(func(t *chitieu.Target) { t.Tolerance = 1 }),
		(&chitieu.User{Username: "Tên", Role: chitieu.RoleViewer}).Validate(),
		(&chitieu.User{Username: "an", Role: chitieu.RoleViewer, Unit: "u"}).Validate(),
		chitieu.ValidatePassword("ngắn"),
		password.Validate("nguyen.van.an", "nguyen.van.an"),
		password.Validate("an", "aaaaaaaaaaaa"),
		password.Validate("an", "qwertyuiop"),
	}
	for _, err := range errs {
		if err == nil {
			t.Fatal("a case of the table broke no rule")
		}
		field, rule := vi.Refusal(err)
		if _, english := en.Refusal(err); rule == english {
			t.Errorf("%v: the rule has no Vietnamese words", err)
		}
		if !vi.Has("field." + field) {
			t.Errorf("%v: field %q has no name in the catalogue", err, field)
		}
	}
	for _, tt := range []struct {
		err  error
		want string
	}{
		{chitieu.NewError(chitieu.ECONFLICT, "username", chitieu.RuleUserExists, "an"), `đã có tài khoản "an"`},
		{chitieu.NewError(chitieu.ECONFLICT, "reported_on", chitieu.RuleReportExists, "rach-gia", chitieu.NewDate(2014, 6, 30)),
			"đơn vị này đã có báo cáo vào ngày này (mỗi đơn vị một báo cáo một ngày)"},
		{chitieu.NewError(chitieu.ECONFLICT, "created_on", chitieu.RuleAssignmentBeforePosition, int64(3), int64(2), chitieu.NewDate(2014, 3, 1), chitieu.NewDate(2014, 6, 30)),
			"một việc bố trí cán bộ vào chức danh này bắt đầu ngày 01/03/2014, trước ngày 30/06/2014"},
		{chitieu.NewError(chitieu.ECONFLICT, "unit", chitieu.RuleUnitHasCadres, "rach-gia", 12), `đơn vị "rach-gia" còn 12 cán bộ; hãy chuyển hoặc xóa trước`},
		{chitieu.Invalid("role", chitieu.RuleRole), "phải là xem, cập nhật hoặc quản trị"},
	} {
		if _, got := vi.Refusal(tt.err); got != tt.want {
			t.Errorf("vi Refusal(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// TestSameWords: the pages, the importer's row error and the API say the same words for a rule,
// in each language: all three ask the one catalogue.
func TestSameWords(t *testing.T) {
	locales, err := loadLocales()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		chitieu.Invalid("gathered", chitieu.RuleGatheredPopulation),
		chitieu.Invalid("left_on", chitieu.RuleAfter, chitieu.Term("joined_on")),
		chitieu.Invalid("full_name", chitieu.RuleMaxLength, chitieu.MaxNameLength),
		chitieu.Invalid("unit", chitieu.RuleUnitNotFound, "khong-co"),
		chitieu.NewError(chitieu.EFORBIDDEN, "unit", chitieu.RuleOutsideUnitWrite, "rg", "rach-gia", "tinh"),
	} {
		for _, lang := range i18n.Languages {
			field, page := locales[lang].Refusal(err)
			api := i18n.Message(lang, err)
			if api != field+": "+page {
				t.Errorf("%s %v: page %q, API %q", lang, err, page, api)
			}
			_, row := i18n.Problem(err)
			if row.In(lang) != page && row.In(lang) != api {
				t.Errorf("%s %v: page %q, import row %q", lang, err, page, row.In(lang))
			}
		}
	}
}

func TestLineChart(t *testing.T) {
	ch := &lineChart{From: chitieu.NewDate(2013, 1, 1), To: chitieu.NewDate(2013, 1, 1).AddDays(100)}
	// x runs from padL to padL+plotW over the span, y from the bottom of the plot (0) to its top (1).
	if got := ch.x(ch.From.AddDays(50)); got != padL+plotW/2 {
		t.Errorf("x(middle) = %v", got)
	}
	if ch.y(0) != padT+plotH || ch.y(1) != padT || ch.y(1.5) != padT || ch.y(-1) != padT+plotH {
		t.Errorf("y: %v %v %v %v", ch.y(0), ch.y(1), ch.y(1.5), ch.y(-1))
	}
	pts := []chartPoint{
		{Day: ch.From, Ratio: 0.5, Defined: true},
		{Day: ch.From.AddDays(25), Ratio: 0.75, Defined: true},
		{Day: ch.From.AddDays(50), Defined: false},
		{Day: ch.From.AddDays(100), Ratio: 1, Defined: true},
	}
	// plotW = 480-52-12 = 416, plotH = 220-14-30 = 176: day 25 of 100 is at 52+104, 0.5 at
	// 14+88 = 102, 0.75 at 58, 1 at 14.
	want := "M52.0 102.0 L156.0 58.0 M468.0 14.0"
	if got := ch.path(pts); got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	ch.ID, ch.Title, ch.Threshold, ch.Actual = "c1", "Tỷ lệ <chính trị>", 0.8, pts
	svg := string(ch.SVG())
	for _, s := range []string{`<title id="c1-t">Tỷ lệ &lt;chính trị&gt;</title>`, `aria-labelledby="c1-t c1-d"`, `d="` + want + `"`, ">80%<"} {
		if !strings.Contains(svg, s) {
			t.Errorf("SVG lacks %s", s)
		}
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
		t.Error("the SVG has inline style or script, which the CSP refuses")
	}

	r := 0.5
	bar := string(progressBar(chitieu.OnTrack, &r, 0.8, 0.6, "x"))
	for _, s := range []string{`class="bar-fill st-on_track" x="0" y="3" width="100.00"`, `class="bar-expected" x="119.00"`, `class="bar-threshold" x="159.40"`} {
		if !strings.Contains(bar, s) {
			t.Errorf("bar lacks %s: %s", s, bar)
		}
	}
	if strings.Contains(string(progressBar(chitieu.Behind, nil, 0.8, 0.6, "x")), "bar-fill") {
		t.Error("an undefined ratio drew a bar")
	}
}

func TestSubtreeSums(t *testing.T) {
	tree := &unitTree{byCode: map[string]*chitieu.Unit{}}
	for _, u := range []chitieu.Unit{{Code: "tinh"}, {Code: "co-quan", Parent: "tinh"}, {Code: "ban", Parent: "co-quan"}, {Code: "huyen", Parent: "tinh"}} {
		tree.units = append(tree.units, &u)
		tree.byCode[u.Code] = &u
	}
	own := map[string]chitieu.Counts{"co-quan": {Numerator: 3, Denominator: 4}, "ban": {Numerator: 1, Denominator: 2}, "huyen": {Numerator: 0, Denominator: 5}}
	got := subtreeSums(tree, own)
	want := map[string]chitieu.Counts{"tinh": {Numerator: 4, Denominator: 11}, "co-quan": {Numerator: 4, Denominator: 6}, "ban": {Numerator: 1, Denominator: 2}, "huyen": {Numerator: 0, Denominator: 5}}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("%s: %+v, want %+v", code, got[code], w)
		}
	}
	if !tree.within("co-quan", "ban") || tree.within("co-quan", "huyen") || !tree.within("", "huyen") || tree.within("ban", "co-quan") {
		t.Error("within")
	}
}

func TestLocalPath(t *testing.T) {
	refused := []string{
		"", "cadres", "evil.example", "//evil.example", "///evil.example", "////evil.example/x",
		`/\evil.example`, `\\evil.example`, `\/evil.example`, `/\/evil.example`, `/x\..\..\\evil.example`,
		"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
		"/\t\t/evil.example", "/\x00/evil.example", "/\x7f/evil.example", "/\x0b/evil.example",
		"https://evil.example", "HTTPS://evil.example/", "https:evil.example", "//evil.example/%2F..",
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x",
		"//user@evil.example", "https://chitieu.example@evil.example/", "/" + strings.Repeat("a", maxNextBytes),
	}
	kept := []string{
		"/", "/cadres?q=an", "/cadres?q=%2F%2Fevil.example", "/%09/evil.example", "/%2F%2Fevil.example", "/%5Cevil.example",
		"/@evil.example", "/cadres/7#trainings", "/cadres?next=//evil.example", "/..//evil.example",
	}
	for _, in := range refused {
		if got := localPath(in); got != "/" {
			t.Errorf("localPath(%q) = %q, want the overview", in, got)
		}
	}
	for _, in := range kept {
		if got := localPath(in); got != in {
			t.Errorf("localPath(%q) = %q, want it kept", in, got)
		}
	}
	// Whatever comes out, sent as a redirect, a browser follows to this site.
	for _, in := range append(refused, kept...) {
		w := httptest.NewRecorder()
		http.Redirect(w, httptest.NewRequest("GET", "/lang/en", nil), localPath(in), http.StatusSeeOther)
		if host := browserHost(w.Header().Get("Location")); host != "chitieu.example" {
			t.Errorf("next %q: a browser goes to %q", in, host)
		}
	}
}

// browserHost is the host a browser on https://chitieu.example/lang/en goes to for a Location,
// after the URL standard's clean-up: C0 controls and spaces trimmed, tabs and newlines dropped,
// a backslash read as a slash.
func browserHost(location string) string {
	s := strings.TrimFunc(location, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(s)
	base, _ := url.Parse("https://chitieu.example/lang/en")
	u, err := base.Parse(s)
	if err != nil || u.Scheme != "https" {
		return "(not followed)"
	}
	return u.Host
}

func TestThin(t *testing.T) {
	days := func(n int) []chitieu.Date {
		out := make([]chitieu.Date, n)
		for i := range out {
			out[i] = chitieu.Date(i + 1)
		}
		return out
	}
	for _, tt := range []struct {
		n, max int
		want   []chitieu.Date
	}{
		{3, 5, []chitieu.Date{1, 2, 3}},
		{5, 5, []chitieu.Date{1, 2, 3, 4, 5}},
		{6, 5, []chitieu.Date{1, 3, 5, 6}},   // k = 2
		{10, 3, []chitieu.Date{1, 5, 9, 10}}, // k = 4
		{167, 60, nil},                       // checked by its length below
	} {
		got := thin(days(tt.n), tt.max)
		if tt.want == nil {
			// 167 months with k = 3: 56 points and the last.
			if len(got) != 57 || got[0] != 1 || got[len(got)-1] != 167 {
				t.Errorf("thin(%d, %d) has %d points from %v to %v", tt.n, tt.max, len(got), got[0], got[len(got)-1])
			}
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("thin(%d, %d) = %v, want %v", tt.n, tt.max, got, tt.want)
		}
	}
}
