package sqlite_test

import (
	"encoding/json"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestYouthReportService_CreateYouthReport(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewYouthReportService(db)
		r := &chitieu.YouthReport{Unit: " rach-gia ", ReportedOn: day(t, "2014-06-30"), YouthPopulation: 1000, UnionMembers: 400,
			AssociationMembers: 300, Gathered: 550}
		if err := s.CreateYouthReport(editorOfRG, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindYouthReportByID(viewerCtx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.YouthReport{ID: r.ID, Unit: "rach-gia", ReportedOn: day(t, "2014-06-30"), YouthPopulation: 1000,
			UnionMembers: 400, AssociationMembers: 300, Gathered: 550}
		if *got != want {
			t.Fatalf("FindYouthReportByID = %+v, want %+v", *got, want)
		}
		e := lastAudit(t, db)
		var after chitieu.YouthReport
		json.Unmarshal(e.After, &after)
		if e.Actor != "rach.gia" || e.Entity != "youth_report" || after != want {
			t.Fatalf("audit = %+v %s", e, e.After)
		}
	})

	report := func(unit, on string, pop, union, assoc, gathered int64) chitieu.YouthReport {
		d, _ := chitieu.ParseDate(on)
		return chitieu.YouthReport{Unit: unit, ReportedOn: d, YouthPopulation: pop, UnionMembers: union, AssociationMembers: assoc, Gathered: gathered}
	}
	for _, tt := range []struct {
		name    string
		r       chitieu.YouthReport
		code    string
		message string
	}{
		{"ErrSameUnitAndDay", report("rach-gia", "2014-01-01", 10, 1, 1, 1), chitieu.ECONFLICT,
			`reported_on: unit "rach-gia" already has a youth report on 2014-01-01`},
		{"ErrUnitMissing", report("abc", "2014-01-01", 10, 1, 1, 1), chitieu.EINVALID, `unit: unit "abc" does not exist`},
		{"ErrGatheredOverPopulation", report("rach-gia", "2014-02-01", 10, 8, 5, 11), chitieu.EINVALID,
			"gathered: must not exceed youth_population"},
		{"ErrGatheredUnderMembers", report("rach-gia", "2014-02-01", 100, 50, 20, 40), chitieu.EINVALID,
			"gathered: must be at least union_members and at least association_members"},
		{"ErrGatheredOverSum", report("rach-gia", "2014-02-01", 100, 50, 20, 71), chitieu.EINVALID,
			"gathered: must not exceed union_members + association_members"},
		{"ErrNegative", report("rach-gia", "2014-02-01", -1, 0, 0, 0), chitieu.EINVALID, "youth_population: must not be negative"},
		{"ErrEditorOutside", report("ha-tien", "2014-02-01", 10, 1, 1, 1), chitieu.EFORBIDDEN,
			`unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
			r := tt.r
			wantError(t, sqlite.NewYouthReportService(db).CreateYouthReport(editorOfRG, &r), tt.code, tt.message)
		})
	}

	t.Run("SameDayOtherUnit", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		MustCreateYouthReport(t, db, "ha-tien", "2014-01-01", 100, 50, 20, 60)
		MustCreateYouthReport(t, db, "rach-gia", "2014-01-02", 100, 50, 20, 60)
	})

	t.Run("SameDayAfterDelete", func(t *testing.T) {
		// One live report per unit and day: a deleted one does not count.
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		old := MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		if err := sqlite.NewYouthReportService(db).DeleteYouthReport(system, old.ID); err != nil {
			t.Fatal(err)
		}
		MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 120, 50, 20, 60)
	})
}

func TestYouthReportService_UpdateYouthReport(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		r := MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		s := sqlite.NewYouthReportService(db)
		upd := chitieu.YouthReport{Unit: "vinh-thanh-van", ReportedOn: day(t, "2014-01-02"), YouthPopulation: 90, UnionMembers: 40,
			AssociationMembers: 30, Gathered: 50}
		got, err := s.UpdateYouthReport(editorOfRG, r.ID, &upd)
		if err != nil {
			t.Fatal(err)
		}
		upd.ID = r.ID
		if *got != upd {
			t.Fatalf("UpdateYouthReport = %+v, want %+v", *got, upd)
		}
		if found, _ := s.FindYouthReportByID(system, r.ID); *found != upd {
			t.Fatalf("FindYouthReportByID = %+v, want %+v", *found, upd)
		}
		e := lastAudit(t, db)
		var before chitieu.YouthReport
		json.Unmarshal(e.Before, &before)
		if e.Action != chitieu.ActionUpdate || before != *r {
			t.Fatalf("audit before = %s, want %+v", e.Before, *r)
		}
	})

	t.Run("ErrOntoAnotherReportsDay", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		r := MustCreateYouthReport(t, db, "rach-gia", "2014-02-01", 100, 50, 20, 60)
		upd := *r
		upd.ReportedOn = day(t, "2014-01-01")
		_, err := sqlite.NewYouthReportService(db).UpdateYouthReport(system, r.ID, &upd)
		wantError(t, err, chitieu.ECONFLICT, `reported_on: unit "rach-gia" already has a youth report on 2014-01-01`)
	})

	t.Run("ErrEditorMovesOut", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		r := MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		upd := *r
		upd.Unit = "ha-tien"
		_, err := sqlite.NewYouthReportService(db).UpdateYouthReport(editorOfRG, r.ID, &upd)
		wantError(t, err, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`)
	})

	t.Run("ErrEditorOutside", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		r := MustCreateYouthReport(t, db, "ha-tien", "2014-01-01", 100, 50, 20, 60)
		upd := *r
		upd.Unit = "rach-gia"
		_, err := sqlite.NewYouthReportService(db).UpdateYouthReport(editorOfRG, r.ID, &upd)
		wantError(t, err, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`)
		wantError(t, sqlite.NewYouthReportService(db).DeleteYouthReport(editorOfRG, r.ID), chitieu.EFORBIDDEN,
			`unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`)
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		upd := chitieu.YouthReport{Unit: "rach-gia", ReportedOn: day(t, "2014-01-01")}
		_, err := sqlite.NewYouthReportService(db).UpdateYouthReport(system, 7, &upd)
		wantError(t, err, chitieu.ENOTFOUND, "youth report 7 does not exist")
	})
}

func TestYouthReportService_FindYouthReports(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	b := MustCreateYouthReport(t, db, "rach-gia", "2014-06-30", 100, 50, 20, 60)
	a := MustCreateYouthReport(t, db, "rach-gia", "2013-12-31", 100, 40, 20, 50)
	c := MustCreateYouthReport(t, db, "ha-tien", "2014-01-01", 100, 50, 20, 60)
	gone := MustCreateYouthReport(t, db, "rach-gia", "2014-01-15", 100, 50, 20, 60)
	child := MustCreateYouthReport(t, db, "vinh-thanh-van", "2014-01-15", 10, 5, 2, 6)
	s := sqlite.NewYouthReportService(db)
	if err := s.DeleteYouthReport(system, gone.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		filter chitieu.YouthReportFilter
		want   []*chitieu.YouthReport
		total  int
	}{
		{"All", chitieu.YouthReportFilter{}, []*chitieu.YouthReport{c, a, b, child}, 4},
		{"UnitOwnOnly", chitieu.YouthReportFilter{Unit: "rach-gia"}, []*chitieu.YouthReport{a, b}, 2},
		{"Page", chitieu.YouthReportFilter{Page: chitieu.Page{Limit: 2, Offset: 1}}, []*chitieu.YouthReport{a, b}, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindYouthReports(viewerCtx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total || len(got) != len(tt.want) {
				t.Fatalf("FindYouthReports = %d reports (total %d), want %d (total %d)", len(got), total, len(tt.want), tt.total)
			}
			for i := range got {
				if *got[i] != *tt.want[i] {
					t.Fatalf("report %d = %+v, want %+v", i, *got[i], *tt.want[i])
				}
			}
		})
	}
	t.Run("ErrUnitMissing", func(t *testing.T) {
		_, _, err := s.FindYouthReports(system, chitieu.YouthReportFilter{Unit: "abc"})
		wantError(t, err, chitieu.EINVALID, `unit: unit "abc" does not exist`)
	})
}
