package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"chitieu/internal/testenv"
)

func TestAlertmanagerConfigRoutesBySeverity(t *testing.T) {
	amtool := testenv.Command(t, "prometheus-alertmanager", "amtool")
	config := repoFile(t, "deploy/alertmanager/alertmanager.yml")
	run(t, amtool, "check-config", config)
	for _, c := range []struct {
		labels   []string
		receiver string
	}{
		{[]string{"alertname=ChitieuTargetMissedDeadline", "severity=critical", "target=chinh-tri"}, "khan-cap"},
		{[]string{"alertname=ChitieuDown", "severity=critical"}, "khan-cap"},
		{[]string{"alertname=ChitieuTargetBehindSchedule", "severity=warning", "target=chinh-tri"}, "canh-bao"},
		{[]string{"alertname=ChitieuYouthReportStale", "severity=warning", "unit=kien-hai"}, "canh-bao"},
		{[]string{"alertname=AlertmanagerFailedToSendAlerts", "severity=critical", "integration=email"}, "khan-cap"},
		{[]string{"alertname=Watchdog", "severity=none"}, "dead-mans-switch"},
		{[]string{"alertname=Other"}, "webhook"},
	} {
		got := strings.TrimSpace(run(t, amtool, append([]string{"config", "routes", "test", "--config.file=" + config}, c.labels...)...))
		if got != c.receiver {
			t.Errorf("%v goes to %q, want %q", c.labels, got, c.receiver)
		}
	}
}

// TestAlertmanagerNotifiesAndInhibits sends alerts straight to a real Alertmanager running the
// repository's configuration and checks what reaches the webhook and the mailboxes: each
// severity its receiver, and once a target has missed its deadline, its "behind" and
// "projected to miss" alerts are held back, while another target's are not. Two alerts of the
// same instance without a target or unit label come in two e-mails, not folded into one.
func TestAlertmanagerNotifiesAndInhibits(t *testing.T) {
	hook, smtp := newWebhook(t), newSMTPSink(t)
	am := startAlertmanager(t, hook.URL, smtp.Addr)
	alert := func(name, severity, target string) map[string]any {
		labels := map[string]string{"alertname": name, "severity": severity, "instance": "chitieu:8080", "job": "chitieu"}
		summary := "Dịch vụ " + name
		if target != "" {
			labels["target"], summary = target, "Chỉ tiêu "+target
		}
		return map[string]any{
			"labels":      labels,
			"annotations": map[string]string{"summary": summary},
			// No startsAt: an alert that started longer ago than group_wait would leave at
			// once, before Alertmanager's inhibitor has seen the others of the same request.
		}
	}
	body, err := json.Marshal([]map[string]any{
		alert("ChitieuTargetMissedDeadline", "critical", "dai-hoc"),
		alert("ChitieuTargetBehindSchedule", "warning", "dai-hoc"),
		alert("ChitieuTargetProjectedToMiss", "warning", "dai-hoc"),
		alert("ChitieuTargetBehindSchedule", "warning", "chinh-tri"),
		alert("ChitieuDown", "critical", ""),
		alert("ChitieuBackupStale", "critical", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post("http://"+am+"/api/v2/alerts", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("posting alerts: %s", resp.Status)
	}
	want := []receivedAlert{
		{Receiver: "khan-cap", Labels: map[string]string{"alertname": "ChitieuTargetMissedDeadline", "target": "dai-hoc"}},
		{Receiver: "canh-bao", Labels: map[string]string{"alertname": "ChitieuTargetBehindSchedule", "target": "chinh-tri"}},
	}
	waitFor(t, 20*time.Second, "the notifications", func() error {
		got := hook.firing()
		for _, w := range want {
			a, ok := find(got, w.Labels)
			if !ok {
				return fmt.Errorf("no notification of %v yet", w.Labels)
			}
			if a.Receiver != w.Receiver {
				t.Fatalf("%v went to %q, want %q", w.Labels, a.Receiver, w.Receiver)
			}
		}
		return nil
	})
	mails := map[string]string{ // subject: recipients
		"[chitieu] 1 cảnh báo: Chỉ tiêu dai-hoc":           "lanh-dao@example.invalid it@example.invalid",
		"[chitieu] 1 cảnh báo: Chỉ tiêu chinh-tri":         "ban-to-chuc@example.invalid",
		"[chitieu] 1 cảnh báo: Dịch vụ ChitieuDown":        "lanh-dao@example.invalid it@example.invalid",
		"[chitieu] 1 cảnh báo: Dịch vụ ChitieuBackupStale": "lanh-dao@example.invalid it@example.invalid",
	}
	waitFor(t, 20*time.Second, "the e-mails", func() error {
		got := smtp.mails()
		for subject, to := range mails {
			i := slices.IndexFunc(got, func(m mail) bool { return m.Subject == subject })
			if i < 0 {
				return fmt.Errorf("no e-mail %q yet; got %v", subject, got)
			}
			if strings.Join(got[i].To, " ") != to {
				t.Fatalf("e-mail %q went to %v, want %s", subject, got[i].To, to)
			}
		}
		return nil
	})
	// The held-back alerts would have left with the other target's, in the same second: give
	// them a few more.
	time.Sleep(3 * time.Second)
	if n := len(smtp.mails()); n != len(mails) {
		t.Errorf("%d e-mails, want %d: %v", n, len(mails), smtp.mails())
	}
	for _, name := range []string{"ChitieuTargetBehindSchedule", "ChitieuTargetProjectedToMiss"} {
		if a, ok := find(hook.firing(), map[string]string{"alertname": name, "target": "dai-hoc"}); ok {
			t.Errorf("%s of a missed target reached %s", name, a.Receiver)
		}
	}
}
