package web

import (
	"strings"
	"testing"

	"chitieu/internal/chitieu"
)

// TestChartAfterDeadline checks what tells the lines apart once a target's deadline has passed:
// the trajectory ends at the deadline while the threshold runs on, labelled; the span after the
// deadline is shaded; each actual point carries its values for a pointer resting on it.
func TestChartAfterDeadline(t *testing.T) {
	from, deadline := chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2013, 1, 1).AddDays(50)
	ch := &lineChart{ID: "c", From: from, To: from.AddDays(100), Deadline: deadline, Threshold: 0.5,
		Labels: chartLabels{Actual: "Thực tế", Expected: "Lộ trình", Threshold: "Chỉ tiêu", ThresholdValue: "≥ 50%", Deadline: "Sau thời hạn"}}
	ch.Expected = []chartPoint{{Day: from, Ratio: 0, Defined: true}, {Day: deadline, Ratio: 0.5, Defined: true}, {Day: from.AddDays(100), Ratio: 0.5, Defined: true}}
	ch.Actual = []chartPoint{{Day: from, Ratio: 0.25, Defined: true, Tip: "01/01/2013: 25% <1/4>"}, {Day: from.AddDays(100), Ratio: 0.5, Defined: true, Tip: "x"}}
	svg := string(ch.SVG())
	// x(deadline) = 52 + 416/2 = 260; 0.5 is at y 14+88 = 102, 0 at 190.
	for _, s := range []string{
		`<path class="expected" d="M52.0 190.0 L260.0 102.0"/>`,
		`<rect class="after-deadline" x="260.0"`,
		`<line class="deadline" x1="260.0"`,
		`<title>Chỉ tiêu ≥ 50%</title>`,
		`<circle class="pt" cx="52.0" cy="146.0" r="5"><title>01/01/2013: 25% &lt;1/4&gt;</title></circle>`,
	} {
		if !strings.Contains(svg, s) {
			t.Errorf("SVG lacks %s:\n%s", s, svg)
		}
	}
	legend := string(ch.Legend())
	for _, s := range []string{`<line class="actual"`, `Lộ trình</li>`, `Chỉ tiêu ≥ 50%</li>`} {
		if !strings.Contains(legend, s) {
			t.Errorf("legend lacks %s: %s", s, legend)
		}
	}
}

// TestByUrgency checks the overview's order: missed, behind, at risk, on track, not started,
// achieved; among equals, the nearest deadline first.
func TestByUrgency(t *testing.T) {
	card := func(code string, st chitieu.Status, deadline int) targetCard {
		return targetCard{Target: &chitieu.Target{Code: code, Deadline: chitieu.NewDate(2027, 1, deadline)}, Progress: chitieu.Progress{Status: st}}
	}
	cards := []targetCard{card("a", chitieu.Achieved, 1), card("b", chitieu.OnTrack, 9), card("c", chitieu.OnTrack, 2),
		card("d", chitieu.Missed, 5), card("e", chitieu.NotStarted, 1), card("f", chitieu.AtRisk, 1), card("g", chitieu.Behind, 1)}
	sortCards(cards)
	var got []string
	for _, c := range cards {
		got = append(got, c.Target.Code)
	}
	if strings.Join(got, "") != "dgfcbea" {
		t.Errorf("order %v, want d g f c b e a", got)
	}
}
