package chitieu_test

import (
	"fmt"
	"slices"
	"testing"

	"chitieu/internal/chitieu"
)

func TestPositionValidate(t *testing.T) {
	ok := chitieu.Position{Unit: "u", Title: "Trưởng ban", Seats: 1, CreatedOn: day("2014-01-01")}
	wantField(t, ok.Validate(), "")
	for field, p := range map[string]chitieu.Position{
		"unit":       {Title: "T", Seats: 1, CreatedOn: day("2014-01-01")},
		"title":      {Unit: "u", Seats: 1, CreatedOn: day("2014-01-01")},
		"seats":      {Unit: "u", Title: "T", CreatedOn: day("2014-01-01")},
		"created_on": {Unit: "u", Title: "T", Seats: 1},
	} {
		wantField(t, p.Validate(), field)
	}
	d := day("2014-01-01")
	wantField(t, (&chitieu.Assignment{StartedOn: d}).Validate(), "cadre_id")
	wantField(t, (&chitieu.Assignment{CadreID: 1}).Validate(), "started_on")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: d, EndedOn: d}).Validate(), "ended_on")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: d, EndedOn: d + 1}).Validate(), "")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: 5}).Validate(), "started_on")
}

// TestVacancy works a position with two seats created on 2014-01-01 through 2015:
//
//	cadre 1 holds a seat from 2014-03-01, open;
//	cadre 2 holds a seat from 2014-06-01, open, but leaves the office on 2014-10-01;
//	cadre 3 holds a seat from 2015-01-01 to 2015-03-01 (the assignment ends on that day).
func TestVacancy(t *testing.T) {
	p := &chitieu.Position{ID: 1, Unit: "u", Title: "Phó Trưởng ban", Seats: 2, CreatedOn: day("2014-01-01")}
	cadres := map[int64]*chitieu.Cadre{
		1: {ID: 1, JoinedOn: day("2013-01-01")},
		2: {ID: 2, JoinedOn: day("2013-01-01"), LeftOn: day("2014-10-01")},
		3: {ID: 3, JoinedOn: day("2013-01-01")},
	}
	assignments := []*chitieu.Assignment{
		{ID: 1, PositionID: 1, CadreID: 1, StartedOn: day("2014-03-01")},
		{ID: 2, PositionID: 1, CadreID: 2, StartedOn: day("2014-06-01")},
		{ID: 3, PositionID: 1, CadreID: 3, StartedOn: day("2015-01-01"), EndedOn: day("2015-03-01")},
	}
	var hs []chitieu.Holding
	for _, a := range assignments {
		hs = append(hs, chitieu.HoldingOf(a, cadres[a.CadreID]))
	}
	for _, tc := range []struct {
		on     string
		seats  int
		vacant int
		since  string
	}{
		{"2013-12-31", 0, 0, ""},           // the seats do not exist yet
		{"2014-01-01", 2, 2, "2014-01-01"}, // both vacant from creation
		{"2014-02-28", 2, 2, "2014-01-01"}, // still
		{"2014-03-01", 2, 1, "2014-01-01"}, // one filled; the other vacant since creation
		{"2014-05-31", 2, 1, "2014-01-01"}, // 150 days on
		{"2014-06-01", 2, 0, ""},           // both filled
		{"2014-09-30", 2, 0, ""},           // the day before cadre 2 leaves
		{"2014-10-01", 2, 1, "2014-10-01"}, // seat held by a cadre who left: vacant
		{"2014-12-31", 2, 1, "2014-10-01"}, //
		{"2015-01-01", 2, 0, ""},           // cadre 3 fills it
		{"2015-02-28", 2, 0, ""},           // last day of cadre 3's assignment
		{"2015-03-01", 2, 1, "2015-03-01"}, // an assignment ending on D does not hold D
		{"2016-01-01", 2, 1, "2015-03-01"}, //
	} {
		d := day(tc.on)
		if got := p.SeatsOn(d); got != tc.seats {
			t.Errorf("%s: seats %d, want %d", tc.on, got, tc.seats)
		}
		if got := chitieu.VacantSeats(p, hs, d); got != tc.vacant {
			t.Errorf("%s: vacant %d, want %d", tc.on, got, tc.vacant)
		}
		since, ok := chitieu.VacantSince(p, hs, d)
		if ok != (tc.since != "") || (ok && since != day(tc.since)) {
			t.Errorf("%s: vacant since %s (%v), want %q", tc.on, since, ok, tc.since)
		}
	}
	if d, over := chitieu.OverFilled(p, hs); over {
		t.Errorf("over-filled on %s", d)
	}

	// The Dataset gives the same figures.
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "u", Name: "U"})
	for _, c := range cadres {
		c.Unit, c.FullName = "u", "x"
		ds.PutCadre(*c)
	}
	ds.Apply(chitieu.Change{Position: p})
	for _, a := range assignments {
		ds.Apply(chitieu.Change{Assignment: a})
	}
	want := []chitieu.SeatFigures{{Unit: "u", Title: "Phó Trưởng ban", Seats: 2, Vacant: 1, VacantSince: day("2014-10-01")}}
	if got := ds.Leadership(day("2014-12-31")); !slices.Equal(got, want) {
		t.Errorf("Leadership = %+v, want %+v", got, want)
	}
	// A deleted holder holds nothing: on 2014-07-01 one seat has then been vacant since creation.
	ds.RemoveCadre(1)
	if got := ds.Leadership(day("2014-07-01")); got[0].Vacant != 1 || got[0].VacantSince != day("2014-01-01") {
		t.Errorf("without cadre 1: %+v, want 1 vacant since 2014-01-01", got)
	}
	ds.Apply(chitieu.Change{Position: p, Deleted: true})
	if got := ds.Leadership(day("2014-07-01")); len(got) != 0 {
		t.Errorf("deleted position still has figures: %+v", got)
	}
}

func TestOverFilled(t *testing.T) {
	p := &chitieu.Position{Seats: 2, CreatedOn: day("2014-01-01")}
	h := func(from, until string) chitieu.Holding {
		var u chitieu.Date
		if until != "" {
			u = day(until)
		}
		return chitieu.Holding{From: day(from), Until: u}
	}
	for _, tc := range []struct {
		name string
		hs   []chitieu.Holding
		want string
	}{
		{"two seats, two holders", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "")}, ""},
		{"third from 2014-07-01", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", ""), h("2014-07-01", "")}, "2014-07-01"},
		{"third starts the day the second ends", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "2014-07-01"), h("2014-07-01", "")}, ""},
		{"third starts the day before the second ends", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "2014-07-01"), h("2014-06-30", "")}, "2014-06-30"},
		{"held before the seats exist", []chitieu.Holding{h("2013-12-01", "")}, "2013-12-01"},
		{"an empty holding (cadre left before it started)", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", ""), h("2014-05-01", "2014-04-01")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, over := chitieu.OverFilled(p, tc.hs)
			if over != (tc.want != "") || (over && d != day(tc.want)) {
				t.Errorf("OverFilled = %s, %v; want %q", d, over, tc.want)
			}
		})
	}
	if got := chitieu.HoldingOf(&chitieu.Assignment{StartedOn: day("2014-01-01")}, nil); got.On(day("2014-06-01")) {
		t.Error("an assignment of an unknown cadre holds a seat")
	}
}

// TestSummarizeSeats works the overview's leadership figures out by hand on 2014-07-01: seats
// that exist, vacant seats, and the vacancies longest first, equal ones in the order given.
func TestSummarizeSeats(t *testing.T) {
	on := day("2014-07-01")
	held := chitieu.SeatFigures{Unit: "co-quan", Title: "Bí thư", Seats: 1}
	deputies := chitieu.SeatFigures{Unit: "co-quan", Title: "Phó Bí thư", Seats: 2, Vacant: 1, VacantSince: day("2014-05-15")}
	secretary := chitieu.SeatFigures{Unit: "rach-gia", Title: "Bí thư", Seats: 1, Vacant: 1, VacantSince: day("2014-01-01")}
	chief := chitieu.SeatFigures{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, Vacant: 1, VacantSince: day("2014-05-15")}
	notYet := chitieu.SeatFigures{Unit: "van-phong", Title: "Phó Chánh Văn phòng"} // created after the day: no seat yet
	today := chitieu.SeatFigures{Unit: "van-phong", Title: "Trưởng ban", Seats: 1, Vacant: 1, VacantSince: on}
	for _, tc := range []struct {
		name                  string
		figs                  []chitieu.SeatFigures
		positions, seats, vac int
		vacancies             []chitieu.SeatFigures
		longestDays           int // of the longest vacancy; -1 when there is none
	}{
		{"no position", nil, 0, 0, 0, nil, -1},
		{"every seat held", []chitieu.SeatFigures{held, notYet}, 2, 1, 0, nil, -1},
		// 1 + 2 + 1 + 1 + 0 seats; Rạch Giá's since 1 January (31+28+31+30+31+30 = 181 days), then
		// the two of 15 May (17+30 = 47 days) in the order given.
		{"vacancies", []chitieu.SeatFigures{held, deputies, secretary, chief, notYet}, 5, 5, 3,
			[]chitieu.SeatFigures{secretary, deputies, chief}, 181},
		{"a vacancy that began today", []chitieu.SeatFigures{today, held}, 2, 2, 1, []chitieu.SeatFigures{today}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := chitieu.SummarizeSeats(tc.figs)
			if s.Positions != tc.positions || s.Seats != tc.seats || s.Vacant != tc.vac || !slices.Equal(s.Vacancies, tc.vacancies) {
				t.Fatalf("SummarizeSeats = %+v, want %d positions, %d seats, %d vacant, vacancies %+v", s, tc.positions, tc.seats, tc.vac, tc.vacancies)
			}
			longest := s.Longest()
			if (longest == nil) != (tc.longestDays < 0) || (longest != nil && longest.VacantDays(on) != tc.longestDays) {
				t.Fatalf("longest vacancy %+v, want %d days", longest, tc.longestDays)
			}
		})
	}
	if d := deputies.VacantDays(on); d != 47 {
		t.Errorf("VacantDays = %d, want 47", d)
	}
	if d := held.VacantDays(on); d != 0 {
		t.Errorf("VacantDays of a held position = %d, want 0", d)
	}
	// A position read as of a day before it was created has no seat on that day.
	p := chitieu.Position{Unit: "u", Title: "Trưởng ban", Seats: 2, CreatedOn: day("2014-08-01"), AsOf: on}
	if f := p.Figures(); f.Seats != 0 || f.Unit != "u" || f.Title != "Trưởng ban" {
		t.Errorf("Figures before created_on = %+v, want no seat", f)
	}
	p.AsOf, p.VacantSeats, p.VacantSince = day("2014-09-01"), 2, day("2014-08-01")
	if f := p.Figures(); f.Seats != 2 || f.Vacant != 2 || f.VacantDays(p.AsOf) != 31 {
		t.Errorf("Figures = %+v, want 2 seats vacant for 31 days", f)
	}
}

func TestLeadershipInTheYear(t *testing.T) {
	type holder struct{ joined, left, started, ended string }
	type run struct{ from, until string }
	for _, tc := range []struct {
		name    string
		seats   int
		created string
		holders []holder
		on      string
		runs    []run
		want    chitieu.PositionReport // Seats, Vacant, VacantSince, DaysVacant, Longest*
	}{
		{
			// Held until the assignment ended on 2014-10-01, filled again on 2015-02-01: 31 days
			// of 2015 (January), and a vacancy of 123 days (October 31, November 30, December
			// 31, January 31) counted from its start in 2014.
			name: "a vacancy running over 1 January", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-01", "2014-10-01"}, {"2010-01-01", "", "2015-02-01", ""}},
			on:      "2015-06-30",
			runs:    []run{{"2014-10-01", "2015-02-01"}},
			want:    chitieu.PositionReport{Seats: 1, DaysVacant: 31, LongestFrom: day("2014-10-01"), LongestTo: day("2015-01-31"), LongestDays: 123},
		},
		{
			// Never filled: 90 days of 2015 (31 + 28 + 31); 365 + 90 days in all, still going.
			name: "vacant since creation the year before", seats: 1, created: "2014-01-01",
			on:   "2015-03-31",
			runs: []run{{"2014-01-01", ""}},
			want: chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2014-01-01"), DaysVacant: 90, LongestFrom: day("2014-01-01"), LongestDays: 455},
		},
		{
			// The holder's assignment is open but they left on 2015-03-15: vacant from that day,
			// 17 days of March and 275 of April to December.
			name: "a seat held by a cadre who left", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "2015-03-15", "2014-01-01", ""}},
			on:      "2015-12-31",
			runs:    []run{{"2015-03-15", ""}},
			want:    chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2015-03-15"), DaysVacant: 292, LongestFrom: day("2015-03-15"), LongestDays: 292},
		},
		{
			// An assignment that ends on D no longer holds D: vacant one day.
			name: "an assignment ending on the report's day", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-01", "2015-12-31"}},
			on:      "2015-12-31",
			runs:    []run{{"2015-12-31", ""}},
			want:    chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2015-12-31"), DaysVacant: 1, LongestFrom: day("2015-12-31"), LongestDays: 1},
		},
		{
			// Two seats from 2015-05-01: both vacant in May, one from June to August (123 days
			// with a seat vacant), both held in September and October, one vacant again from
			// November (61 days). Nothing before May counts: the seats did not exist.
			name: "a position created mid-year", seats: 2, created: "2015-05-01",
			holders: []holder{{"2010-01-01", "", "2015-06-01", ""}, {"2010-01-01", "", "2015-09-01", "2015-11-01"}},
			on:      "2015-12-31",
			runs:    []run{{"2015-05-01", "2015-09-01"}, {"2015-11-01", ""}},
			want:    chitieu.PositionReport{Seats: 2, Vacant: 1, VacantSince: day("2015-11-01"), DaysVacant: 184, LongestFrom: day("2015-05-01"), LongestTo: day("2015-08-31"), LongestDays: 123},
		},
		{
			// Vacant for 20 days in 2014 only: nothing in 2015.
			name: "vacant only the year before", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-21", ""}},
			on:      "2015-12-31",
			want:    chitieu.PositionReport{Seats: 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := chitieu.NewDataset()
			ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban Tổ chức"})
			p := chitieu.Position{ID: 1, Unit: "ban", Title: "Phó Trưởng ban", Seats: tc.seats, CreatedOn: day(tc.created)}
			ds.Apply(chitieu.Change{Position: &p})
			optional := func(s string) chitieu.Date {
				if s == "" {
					return 0
				}
				return day(s)
			}
			var hs []chitieu.Holding
			for i, h := range tc.holders {
				id := int64(i + 1)
				c := chitieu.Cadre{ID: id, FullName: "x", Unit: "ban", FullTime: true, JoinedOn: day(h.joined), LeftOn: optional(h.left)}
				a := chitieu.Assignment{ID: id, PositionID: 1, CadreID: id, StartedOn: day(h.started), EndedOn: optional(h.ended)}
				ds.PutCadre(c)
				ds.Apply(chitieu.Change{Assignment: &a})
				hs = append(hs, chitieu.HoldingOf(&a, &c))
			}
			on := day(tc.on)
			var runs []run
			for _, v := range chitieu.Vacancies(&p, hs, day("2015-01-01"), on) {
				runs = append(runs, run{from: v.From.String(), until: v.Until.String()})
			}
			if !slices.Equal(runs, tc.runs) {
				t.Errorf("Vacancies = %v, want %v", runs, tc.runs)
			}
			r := ds.AnnualReport(on)
			if len(r.Leadership) != 1 {
				t.Fatalf("leadership = %+v, want one position", r.Leadership)
			}
			want := tc.want
			want.Unit, want.UnitName, want.Title, want.CreatedOn = "ban", "Ban Tổ chức", "Phó Trưởng ban", day(tc.created)
			if got := r.Leadership[0]; got != want {
				t.Errorf("report\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestAnnualReportLeadershipPositions: a position created after the report's day is not in
// it; the others come by unit and title.
func TestAnnualReportLeadershipPositions(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng"})
	ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban Tổ chức"})
	for _, p := range []chitieu.Position{
		{ID: 1, Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: day("2014-01-01")},
		{ID: 2, Unit: "ban", Title: "Trưởng ban", Seats: 1, CreatedOn: day("2014-01-01")},
		{ID: 3, Unit: "ban", Title: "Phó Trưởng ban", Seats: 2, CreatedOn: day("2015-12-31")},
		{ID: 4, Unit: "ban", Title: "Ủy viên", Seats: 1, CreatedOn: day("2016-01-01")},
	} {
		ds.Apply(chitieu.Change{Position: &p})
	}
	var got []string
	for _, p := range ds.AnnualReport(day("2015-12-31")).Leadership {
		got = append(got, fmt.Sprintf("%s/%s %d/%d", p.Unit, p.Title, p.Vacant, p.Seats))
	}
	want := []string{"ban/Phó Trưởng ban 2/2", "ban/Trưởng ban 1/1", "van-phong/Chánh Văn phòng 1/1"}
	if !slices.Equal(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
}

// TestAnnualReportRecruitment: the rule covers the office's subtree from 2014; on 2015-12-31
// four cadres break it, in two units.
