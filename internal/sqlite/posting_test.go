package sqlite_test

import (
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// postingsDB has units p, a, b and one cadre in a from 2010-01-01.
func postingsDB(tb testing.TB) (*sqlite.DB, *chitieu.Cadre) {
	tb.Helper()
	db := MustOpenDB(tb)
	units := sqlite.NewUnitService(db)
	for _, u := range []chitieu.Unit{{Code: "p", Name: "P"}, {Code: "a", Name: "A", Parent: "p"}, {Code: "b", Name: "B", Parent: "p"}} {
		if err := units.CreateUnit(system, &u); err != nil {
			tb.Fatal(err)
		}
	}
	c := &chitieu.Cadre{FullName: "Trần Thị B", Unit: "a", FullTime: true, JoinedOn: day(tb, "2010-01-01")}
	if err := sqlite.NewCadreService(db).CreateCadre(system, c); err != nil {
		tb.Fatal(err)
	}
	return db, c
}

// TestPostings: a cadre's first posting is made with it; a move adds one and makes the cadre's
// own fields its; a correction (PATCH) changes the latest only; joined_on moves the first; and
// the days that would leave a posting outside the cadre's time in post are refused.
func TestPostings(t *testing.T) {
	db, c := postingsDB(t)
	postings, cadres := sqlite.NewPostingService(db), sqlite.NewCadreService(db)
	list := func() []chitieu.Posting {
		t.Helper()
		ps, err := postings.FindPostings(system, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	if ps := list(); len(ps) != 1 || ps[0].Unit != "a" || ps[0].From != c.JoinedOn || !ps[0].FullTime {
		t.Fatalf("first posting: %+v", ps)
	}
	move := chitieu.Posting{CadreID: c.ID, Unit: "b", FullTime: true, Position: "Phó Bí thư", From: day(t, "2012-05-01")}
	if err := postings.CreatePosting(system, &move); err != nil {
		t.Fatal(err)
	}
	if got, _ := cadres.FindCadreByID(system, c.ID); got.Unit != "b" || got.Position != "Phó Bí thư" {
		t.Errorf("after the move the cadre is %+v", got)
	}
	part := false
	if _, err := cadres.UpdateCadre(system, c.ID, chitieu.CadreUpdate{FullTime: &part}); err != nil {
		t.Fatal(err)
	}
	joined := day(t, "2009-06-01")
	if _, err := cadres.UpdateCadre(system, c.ID, chitieu.CadreUpdate{JoinedOn: &joined}); err != nil {
		t.Fatal(err)
	}
	if ps := list(); len(ps) != 2 || !ps[0].FullTime || ps[1].FullTime || ps[0].From != joined || ps[1].Unit != "b" {
		t.Errorf("postings after the corrections: %+v", ps)
	}
	for _, tc := range []struct {
		name string
		upd  chitieu.CadreUpdate
		rule chitieu.Rule
	}{
		{"joined after the move", chitieu.CadreUpdate{JoinedOn: ptr(day(t, "2013-01-01"))}, chitieu.RuleJoinedAfterPosting},
		{"left before the move", chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2012-05-01")}}, chitieu.RuleLeftBeforePosting},
	} {
		_, err := cadres.UpdateCadre(system, c.ID, tc.upd)
		if e, ok := err.(*chitieu.Error); !ok || e.Rule != tc.rule {
			t.Errorf("%s: %v, want rule %s", tc.name, err, tc.rule)
		}
	}
	twice := move
	if err := postings.CreatePosting(system, &twice); err == nil {
		t.Error("a second posting on the same day was taken")
	}
	ds, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.Cadre(c.ID).PostingList(); len(got) != 2 || got[1].Unit != "b" {
		t.Errorf("loaded postings: %+v", got)
	}
}

// BenchmarkCadreWrite is the cost a posting adds to a write: creating a cadre (which writes its
// first posting), the same with the postings' triggers dropped, and a move (a posting and the
// cadre's own fields), each one transaction.
func BenchmarkCadreWrite(b *testing.B) {
	for _, name := range []string{"create-cadre", "create-cadre-without-posting", "move"} {
		b.Run(name, func(b *testing.B) {
			db, c := postingsDB(b)
			if name == "create-cadre-without-posting" {
				tx, err := db.BeginTx(system)
				if err != nil {
					b.Fatal(err)
				}
				for _, trigger := range []string{"cadres_first_posting", "cadres_current_posting", "cadres_first_posting_day"} {
					if _, err := tx.ExecContext(system, `DROP TRIGGER `+trigger); err != nil {
						b.Fatal(err)
					}
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			cadres, postings := sqlite.NewCadreService(db), sqlite.NewPostingService(db)
			units := []string{"a", "b"}
			i := 0
			for b.Loop() {
				i++
				if name == "move" {
					p := chitieu.Posting{CadreID: c.ID, Unit: units[i%2], FullTime: true, From: c.JoinedOn.AddDays(i)}
					if err := postings.CreatePosting(system, &p); err != nil {
						b.Fatal(err)
					}
					continue
				}
				n := chitieu.Cadre{FullName: "Lê Văn C", Unit: units[i%2], FullTime: true, JoinedOn: c.JoinedOn}
				if err := cadres.CreateCadre(system, &n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCadreInsertSQL is the same cost without the commit's fsync: inserts of a cadre in
// one transaction, with its first posting written by the trigger and without.
func BenchmarkCadreInsertSQL(b *testing.B) {
	for _, withPosting := range []bool{true, false} {
		b.Run(map[bool]string{true: "with-posting", false: "without-posting"}[withPosting], func(b *testing.B) {
			db, _ := postingsDB(b)
			tx, err := db.BeginTx(system)
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Rollback()
			if !withPosting {
				if _, err := tx.ExecContext(system, `DROP TRIGGER cadres_first_posting`); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := tx.ExecContext(system, `INSERT INTO cadres (full_name, search_key, unit, position, full_time, joined_on, gender, created_at, updated_at)
					VALUES ('Lê Văn C', 'le van c', 'a', '', 1, '2010-01-01', '', '2014-01-01T00:00:00Z', '2014-01-01T00:00:00Z')`); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
