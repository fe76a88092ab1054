package main_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/internal/spreadsheet/spreadsheettest"
	"chitieu/internal/testenv"
)

// guardCall sends a request as user with password (Basic; none when user is ""), and returns the
// answer with its body read.
func guardCall(t testing.TB, method, url, user, password, contentType string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, password)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept-Language", "en")
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

func addViewer(t *testing.T, base, username, password string) {
	t.Helper()
	body := `{"username": "` + username + `", "role": "viewer", "password": "` + password + `"}`
	if resp, raw := guardCall(t, "POST", base+"/api/v1/users", "admin", testenv.AdminPassword, "application/json", strings.NewReader(body)); resp.StatusCode != http.StatusCreated {
		t.Fatalf("create %s: %d %s", username, resp.StatusCode, raw)
	}
}

// Twenty simultaneous wrong guesses over the API check at most five passwords: the others are
// refused at once with 429 (or 503 while four hashes run), each with a Retry-After; then the right
// password is refused too, over the API and on the sign-in page; the admin's reads go on. A user
// locked on the sign-in page is locked over the API.
func TestGuard_PasswordGuessing(t *testing.T) {
	srv := testenv.Start(t, "")
	const good = "một mật khẩu đủ dài 2014"
	addViewer(t, srv.URL, "xem", good)
	addViewer(t, srv.URL, "bien", good)

	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := guardCall(t, "GET", srv.URL+"/api/v1/targets", "xem", "sai mật khẩu "+strings.Repeat("x", i), "", nil)
			if resp.StatusCode != http.StatusUnauthorized && resp.Header.Get("Retry-After") == "" {
				t.Errorf("a refused guess without Retry-After: %d", resp.StatusCode)
			}
			mu.Lock()
			statuses[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusUnauthorized] > 5 || statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests]+statuses[http.StatusServiceUnavailable] != 20 {
		t.Fatalf("20 simultaneous guesses answered %v: more than 5 checked, or another answer", statuses)
	}
	// Four more, one after the other: every try left is used, then 429.
	for range 4 {
		guardCall(t, "GET", srv.URL+"/api/v1/targets", "xem", "sai nữa rồi 1234", "", nil)
	}
	resp, raw := guardCall(t, "GET", srv.URL+"/api/v1/targets", "xem", good, "", nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(raw, "too many failed sign-ins") {
		t.Fatalf("the right password after the guesses: %d (Retry-After %q) %s", resp.StatusCode, resp.Header.Get("Retry-After"), raw)
	}
	if p := signInPage(t, srv.URL, "xem", good); p != http.StatusTooManyRequests {
		t.Fatalf("the sign-in page of a user locked over the API: %d", p)
	}
	if resp, raw := guardCall(t, "GET", srv.URL+"/api/v1/targets", "admin", testenv.AdminPassword, "", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("the admin's read while xem is locked: %d %s", resp.StatusCode, raw)
	}

	for range 5 {
		if p := signInPage(t, srv.URL, "bien", "sai mật khẩu trang"); p != http.StatusUnauthorized {
			t.Fatalf("a wrong password on the sign-in page: %d", p)
		}
	}
	if resp, raw := guardCall(t, "GET", srv.URL+"/api/v1/targets", "bien", good, "", nil); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the API for a user locked on the sign-in page: %d %s", resp.StatusCode, raw)
	}
}

// signInPage posts the sign-in form and returns the status.
func signInPage(t *testing.T, base, username, password string) int {
	t.Helper()
	resp, err := noRedirects.PostForm(base+"/sign-in", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Two uploads under way hold the gate: one more, through the API or the pages, is answered 503
// with a Retry-After at once; once they end, imports run again.
func TestGuard_ImportGate(t *testing.T) {
	srv := testenv.Start(t, "", "--demo")
	csv := "Đơn vị,Ngày báo cáo,Số thanh niên,Đoàn viên,Hội viên,Số tập hợp\nkhong-co,31/12/2013,1,1,1,1\n"
	body, contentType := multipartFile("a.csv", []byte(csv))
	type answer struct {
		status     int
		retryAfter string
		body       string
	}
	type heldUpload struct {
		pw     *io.PipeWriter
		answer chan answer
	}
	// hold sends an upload whose body stops after its first bytes: in the handler, it holds a
	// place of the gate until released; refused, it is answered at once.
	hold := func() heldUpload {
		pr, pw := io.Pipe()
		h := heldUpload{pw: pw, answer: make(chan answer, 1)}
		go func() {
			resp, raw := guardCall(t, "POST", srv.URL+"/api/v1/import/youth-reports?dry_run=true", "admin", testenv.AdminPassword, contentType, pr)
			pr.Close()
			h.answer <- answer{resp.StatusCode, resp.Header.Get("Retry-After"), raw}
		}()
		pw.Write([]byte(body[:100]))
		return h
	}
	guardCall(t, "GET", srv.URL+"/api/v1/units", "admin", testenv.AdminPassword, "", nil) // the credentials remembered
	// Uploads are held one after the other until one is refused: the two before it hold the gate.
	var held []heldUpload
	var refused *answer
	for len(held) < 10 && refused == nil {
		held = append(held, hold())
		time.Sleep(100 * time.Millisecond)
		for _, h := range held {
			select {
			case a := <-h.answer:
				refused = &a
			default:
			}
		}
	}
	if refused == nil || refused.status != http.StatusServiceUnavailable || refused.retryAfter == "" || !strings.Contains(refused.body, "at most 2 at a time") || len(held) != 3 {
		t.Fatalf("%d uploads held, the refusal: %+v", len(held), refused)
	}
	// The pages share the gate.
	jar, _ := cookiejar.New(nil)
	page := &http.Client{Jar: jar, CheckRedirect: noRedirects.CheckRedirect}
	if resp, err := page.PostForm(srv.URL+"/sign-in", url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}}); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v %v", err, resp)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/import/youth-reports", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	presp, err := page.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	praw, _ := io.ReadAll(presp.Body)
	presp.Body.Close()
	if presp.StatusCode != http.StatusServiceUnavailable || presp.Header.Get("Retry-After") == "" || !strings.Contains(string(praw), "mức tối đa") {
		t.Fatalf("a third import from the pages: %d (Retry-After %q)", presp.StatusCode, presp.Header.Get("Retry-After"))
	}
	for _, h := range held {
		h.pw.Write([]byte(body[100:]))
		h.pw.Close()
	}
	for _, h := range held[:2] {
		if a := <-h.answer; a.status != http.StatusOK {
			t.Errorf("a held upload, once sent: %+v", a)
		}
	}
	if resp, raw := guardCall(t, "POST", srv.URL+"/api/v1/import/youth-reports?dry_run=true", "admin", testenv.AdminPassword, contentType, strings.NewReader(body)); resp.StatusCode != http.StatusOK {
		t.Fatalf("an import after the others ended: %d %s", resp.StatusCode, raw)
	}
}

// The uploads that inflate to hundreds of MiB: within the bounds they are read (the parts not
// needed never inflated), past them refused with 422 naming the bound.
func TestGuard_HostileUploads(t *testing.T) {
	srv := testenv.Start(t, "", "--demo")
	for _, tt := range []struct {
		name string
		data []byte
		want int
		text string
	}{
		{"shared strings inflating to 50 MiB", spreadsheettest.Workbook(youthHeader, spreadsheettest.SharedStringsBomb(50<<20)), http.StatusOK, `"rows":0`},
		{"shared strings inflating to 70 MiB", spreadsheettest.Workbook(youthHeader, spreadsheettest.SharedStringsBomb(70<<20)), http.StatusUnprocessableEntity, "more than 64 MiB"},
		{"an extra part of 250 MiB", spreadsheettest.Workbook(youthHeader, "", spreadsheettest.Part{Name: "xl/media/image1.bin", Size: 250 << 20}), http.StatusOK, `"rows":0`},
		{"a sheet of 257 MiB", spreadsheettest.Workbook(youthHeader, "", spreadsheettest.Part{Name: "xl/worksheets/sheet1.xml", Size: 257 << 20, Fill: ' '}), http.StatusUnprocessableEntity, "it may be a zip bomb"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, contentType := multipartFile("bom.xlsx", tt.data)
			resp, raw := guardCall(t, "POST", srv.URL+"/api/v1/import/youth-reports?dry_run=true", "admin", testenv.AdminPassword, contentType, strings.NewReader(body))
			if resp.StatusCode != tt.want || !strings.Contains(raw, tt.text) {
				t.Fatalf("%d KiB: %d %.300s; want %d with %q", len(tt.data)>>10, resp.StatusCode, raw, tt.want, tt.text)
			}
		})
	}
}
