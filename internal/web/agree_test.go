package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// TestSurfacesAgree: the pages, the importer, the API and the annual review (page and
// workbook) say the same words for the same rule, in each language, for a sample of rules.
func TestSurfacesAgree(t *testing.T) {
	e := newEnv(t)
	for _, lang := range i18n.Languages {
		c := e.signedIn("admin")
		c.lang = lang
		c.get("/lang/" + lang + "?next=/")

		// A cadre without a name: the domain's "required", on full_name.
		want := i18n.Text(lang, string(chitieu.RuleRequired))
		api := e.apiError(t, lang, http.MethodPost, "/api/v1/cadres", `{"unit":"co-quan","joined_on":"2014-01-01","full_time":true}`)
		form := c.post("/cadres/new", map[string][]string{"unit": {"co-quan"}, "joined_on": {"01/01/2014"}, "full_time": {"true"}})
		row := c.upload("/import/cadres", "x.csv", []byte("Họ và tên;Đơn vị;Ngày vào\n;co-quan;01/01/2013\n"))
		for surface, got := range map[string]string{
			"API":      strings.TrimPrefix(api, "full_name: "),
			"page":     errorBeside(t, form, "full_name"),
			"importer": rowProblem(t, row),
		} {
			if got != want {
				t.Errorf("%s: required on the %s is %q, want %q", lang, surface, got, want)
			}
		}

		// A PDF sent as a spreadsheet: the file's rule.
		pdf := []byte("%PDF-1.7\n\x00\x01\x02 obj")
		want = i18n.Text(lang, string(chitieu.RuleFileOtherType), "bao-cao.pdf", "PDF")
		api = e.apiUpload(t, lang, "/api/v1/import/cadres?dry_run=true", "bao-cao.pdf", pdf)
		page := c.upload("/import/cadres", "bao-cao.pdf", pdf)
		if got := strings.TrimPrefix(api, "file: "); got != want {
			t.Errorf("%s: the API says %q, want %q", lang, got, want)
		}
		if !strings.Contains(page.body, html.EscapeString(want)) {
			t.Errorf("%s: the import page lacks %q", lang, want)
		}

		// The annual review: the target's status and the way of recruitment, on the page and
		// in the workbook.
		review := c.get("/reports/annual?date=2014-07-01")
		x := c.get("/reports/annual.xlsx?date=2014-07-01")
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := wb.GetRows("ly-luan")
		status := ""
		for _, r := range rows {
			if len(r) == 2 && r[0] == i18n.Text(lang, "annual.status") {
				status = r[1]
			}
		}
		badge := regexp.MustCompile(`<span class="badge st-[a-z_]+">([^<]+)</span>`).FindStringSubmatch(review.body)
		if badge == nil || status == "" || badge[1] != status {
			t.Errorf("%s: the review's page says %q, its workbook %q", lang, badge, status)
		}
	}
}

// apiError sends a JSON request as admin and returns the refusal's words.
func (e *env) apiError(t *testing.T, lang, method, path, body string) string {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return e.apiSend(t, lang, req)
}

// apiUpload sends a file to the API's import as admin and returns the refusal's words.
func (e *env) apiUpload(t *testing.T, lang, path, name string, data []byte) string {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return e.apiSend(t, lang, req)
}

func (e *env) apiSend(t *testing.T, lang string, req *http.Request) string {
	t.Helper()
	req.SetBasicAuth("admin", password)
	req.Header.Set("Accept-Language", lang)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Error == "" {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	return out.Error
}

// errorBeside is the error the form shows beside a field.
func errorBeside(t *testing.T, p page, field string) string {
	t.Helper()
	m := regexp.MustCompile(`<small class="error" id="e-` + field + `">([^<]*)</small>`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no error beside %s:\n%s", field, p.body)
	}
	return html.UnescapeString(m[1])
}

// rowProblem is the only problem the import page lists.
func rowProblem(t *testing.T, p page) string {
	t.Helper()
	rows := regexp.MustCompile(`<tr><td class="num">\d+</td><td>[^<]*</td><td>([^<]*)</td></tr>`).FindAllStringSubmatch(p.body, -1)
	if len(rows) != 1 {
		t.Fatalf("problems %q:\n%s", rows, p.body)
	}
	return html.UnescapeString(rows[0][1])
}
