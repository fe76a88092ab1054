package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestCadreService_CreateCadre(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewCadreService(db)
		c := &chitieu.Cadre{
			FullName: norm.NFD.String(" Nguyễn  Văn Ân "), Unit: "van-phong", Position: norm.NFD.String("Chánh Văn phòng"),
			FullTime: true, JoinedOn: day(t, "2010-03-01"), BirthDate: day(t, "1985-07-20"), Gender: chitieu.GenderMale,
			PoliticalTheoryLevel: "cao_cap", // computed, not taken from the request
		}
		if err := s.CreateCadre(editorCtx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 {
			t.Fatal("no ID set")
		}
		got, err := s.FindCadreByID(viewerCtx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.Cadre{ID: c.ID, FullName: "Nguyễn Văn Ân", Unit: "van-phong", Position: "Chánh Văn phòng", FullTime: true,
			JoinedOn: day(t, "2010-03-01"), BirthDate: day(t, "1985-07-20"), Gender: chitieu.GenderMale}
		if *got != want || *c != want {
			t.Fatalf("FindCadreByID = %+v\ncreated = %+v\nwant %+v", *got, *c, want)
		}
		if !norm.NFC.IsNormalString(got.FullName) || !norm.NFC.IsNormalString(got.Position) {
			t.Fatal("name or position not stored in NFC")
		}
		e := lastAudit(t, db)
		var after chitieu.Cadre
		json.Unmarshal(e.After, &after)
		if e.Actor != "bien.tap" || e.Entity != "cadre" || e.Key != jsonID(c.ID) || after != want {
			t.Fatalf("audit = %+v, after %s", e, e.After)
		}
	})

	for _, tt := range []struct {
		name    string
		cadre   chitieu.Cadre
		code    string
		message string
	}{
		{"ErrUnitMissing", chitieu.Cadre{FullName: "A", Unit: "abc", JoinedOn: day(t, "2014-01-01")}, chitieu.EINVALID, `unit: unit "abc" does not exist`},
		{"ErrUnitDeleted", chitieu.Cadre{FullName: "A", Unit: "cu", JoinedOn: day(t, "2014-01-01")}, chitieu.EINVALID, `unit: unit "cu" does not exist`},
		{"ErrName", chitieu.Cadre{FullName: " ", Unit: "van-phong", JoinedOn: day(t, "2014-01-01")}, chitieu.EINVALID, "full_name: is required"},
		{"ErrJoinedOn", chitieu.Cadre{FullName: "A", Unit: "van-phong"}, chitieu.EINVALID, "joined_on: is required"},
		{"ErrLeftOnSameDay", chitieu.Cadre{FullName: "A", Unit: "van-phong", JoinedOn: day(t, "2014-01-01"), LeftOn: day(t, "2014-01-01")}, chitieu.EINVALID,
			"left_on: must be after joined_on"},
		{"ErrGender", chitieu.Cadre{FullName: "A", Unit: "van-phong", JoinedOn: day(t, "2014-01-01"), Gender: "x"}, chitieu.EINVALID,
			`gender: must be "male", "female" or empty`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			MustCreateUnit(t, db, "cu", "Cũ", "")
			sqlite.NewUnitService(db).DeleteUnit(system, "cu")
			c := tt.cadre
			wantError(t, sqlite.NewCadreService(db).CreateCadre(system, &c), tt.code, tt.message)
			if _, n, _ := sqlite.NewCadreService(db).FindCadres(system, chitieu.CadreFilter{}); n != 0 {
				t.Fatalf("%d cadres after a refused create", n)
			}
		})
	}
}

func jsonID(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}

func TestCadreService_UpdateCadre(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewCadreService(db)
		c := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2010-01-01")
		MustCreateTraining(t, db, completed(t, c.ID, chitieu.Education, "dai_hoc", "2008-06-30"))

		unit, fullTime, left := "ha-tien", false, day(t, "2015-01-01")
		got, err := s.UpdateCadre(editorCtx, c.ID, chitieu.CadreUpdate{
			Unit: &unit, FullTime: &fullTime, LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: left},
		})
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.Cadre{ID: c.ID, FullName: "Lê Văn Cường", Unit: "ha-tien", FullTime: false, JoinedOn: day(t, "2010-01-01"),
			LeftOn: left, EducationLevel: "dai_hoc"}
		if *got != want {
			t.Fatalf("UpdateCadre = %+v, want %+v", *got, want)
		}
		if found, _ := s.FindCadreByID(system, c.ID); *found != want {
			t.Fatalf("FindCadreByID = %+v, want %+v", *found, want)
		}
		// Clear left_on with an explicit null; leave the rest.
		got, err = s.UpdateCadre(system, c.ID, chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true}})
		if err != nil || !got.LeftOn.IsZero() || got.Unit != "ha-tien" {
			t.Fatalf("clear left_on: %+v, %v", got, err)
		}
		e := lastAudit(t, db)
		var before, after chitieu.Cadre
		json.Unmarshal(e.Before, &before)
		json.Unmarshal(e.After, &after)
		if e.Action != chitieu.ActionUpdate || before.LeftOn != left || !after.LeftOn.IsZero() {
			t.Fatalf("audit %s -> %s", e.Before, e.After)
		}
	})

	t.Run("NameRekeyed", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewCadreService(db)
		c := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2010-01-01")
		name := "Phạm Thị Dung"
		if _, err := s.UpdateCadre(system, c.ID, chitieu.CadreUpdate{FullName: &name}); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.FindCadres(system, chitieu.CadreFilter{Query: "cuong"}); n != 0 {
			t.Fatal("the old name is still found")
		}
		if _, n, _ := s.FindCadres(system, chitieu.CadreFilter{Query: "pham thi dung"}); n != 1 {
			t.Fatal("the new name is not found")
		}
	})

	for _, tt := range []struct {
		name    string
		id      int64 // 0: the cadre made
		upd     chitieu.CadreUpdate
		code    string
		message string
	}{
		{"ErrNotFound", 999, chitieu.CadreUpdate{}, chitieu.ENOTFOUND, "cadre 999 does not exist"},
		{"ErrUnitMissing", 0, chitieu.CadreUpdate{Unit: ptr("abc")}, chitieu.EINVALID, `unit: unit "abc" does not exist`},
		{"ErrLeftBeforeJoined", 0, chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: chitieu.NewDate(2009, 1, 1)}},
			chitieu.EINVALID, "left_on: must be after joined_on"},
		{"ErrJoinedCleared", 0, chitieu.CadreUpdate{JoinedOn: ptr(chitieu.Date(0))}, chitieu.EINVALID, "joined_on: is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			c := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2010-01-01")
			id := tt.id
			if id == 0 {
				id = c.ID
			}
			_, err := sqlite.NewCadreService(db).UpdateCadre(system, id, tt.upd)
			wantError(t, err, tt.code, tt.message)
			if got, _ := sqlite.NewCadreService(db).FindCadreByID(system, c.ID); *got != *c {
				t.Fatalf("cadre changed by a refused update: %+v", got)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestCadreService_DeleteCadre(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewCadreService(db)
	c := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2010-01-01")
	tr := MustCreateTraining(t, db, completed(t, c.ID, chitieu.Education, "dai_hoc", "2008-06-30"))
	if err := s.DeleteCadre(editorCtx, c.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.FindCadreByID(system, c.ID)
	wantError(t, err, chitieu.ENOTFOUND, "cadre "+jsonID(c.ID)+" does not exist")
	if _, n, _ := s.FindCadres(system, chitieu.CadreFilter{}); n != 0 {
		t.Fatalf("%d cadres listed after the delete", n)
	}
	wantError(t, s.DeleteCadre(system, c.ID), chitieu.ENOTFOUND, "cadre "+jsonID(c.ID)+" does not exist")
	e := lastAudit(t, db)
	if e.Action != chitieu.ActionDelete || e.Entity != "cadre" || string(e.After) != "null" {
		t.Fatalf("audit = %+v", e)
	}
	// Its records stay, as the domain keeps them.
	if _, err := sqlite.NewTrainingService(db).FindTrainingByID(system, tr.ID); err != nil {
		t.Fatalf("training record of a deleted cadre: %v", err)
	}
}

func TestCadreService_FindCadres(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewCadreService(db)
	// Today is 2014-06-15.
	an := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
	binh := MustCreateCadre(t, db, norm.NFD.String("Trần Thị Bình"), "rach-gia", "2014-06-15") // joins today: active
	cuong := MustCreateCadre(t, db, "Lê Văn Cường", "vinh-thanh-van", "2014-06-16")            // joins tomorrow
	dung := MustCreateCadre(t, db, "Đặng Thị Dung", "vinh-thanh-van", "2012-01-01")            // leaves today: not active
	em := MustCreateCadre(t, db, "Hồ Văn Em 100%_x", "ha-tien", "2012-01-01")                  // leaves tomorrow: active
	gone := MustCreateCadre(t, db, "Nguyễn Văn An", "van-phong", "2010-01-01")                 // deleted
	if _, err := s.UpdateCadre(system, dung.ID, chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-06-15")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCadre(system, em.ID, chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-06-16")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCadre(system, gone.ID); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false

	for _, tt := range []struct {
		name   string
		filter chitieu.CadreFilter
		want   []*chitieu.Cadre
		total  int
	}{
		{"All", chitieu.CadreFilter{}, []*chitieu.Cadre{an, binh, cuong, dung, em}, 5},
		{"UnitSubtree", chitieu.CadreFilter{Unit: "rach-gia"}, []*chitieu.Cadre{binh, cuong, dung}, 3},
		{"UnitLeaf", chitieu.CadreFilter{Unit: "vinh-thanh-van"}, []*chitieu.Cadre{cuong, dung}, 2},
		{"UnitRoot", chitieu.CadreFilter{Unit: "tinh-doan"}, []*chitieu.Cadre{an, binh, cuong, dung, em}, 5},
		{"ActiveToday", chitieu.CadreFilter{Active: &yes}, []*chitieu.Cadre{an, binh, em}, 3},
		{"NotActiveToday", chitieu.CadreFilter{Active: &no}, []*chitieu.Cadre{cuong, dung}, 2},
		{"ActiveInSubtree", chitieu.CadreFilter{Unit: "rach-gia", Active: &yes}, []*chitieu.Cadre{binh}, 1},
		{"QueryWithoutDiacritics", chitieu.CadreFilter{Query: "nguyen van an"}, []*chitieu.Cadre{an}, 1},
		{"QueryWithDiacritics", chitieu.CadreFilter{Query: "Văn Ân"}, []*chitieu.Cadre{an}, 1},
		{"QueryNFD", chitieu.CadreFilter{Query: norm.NFD.String("BÌNH")}, []*chitieu.Cadre{binh}, 1},
		{"QueryDStroke", chitieu.CadreFilter{Query: "dang"}, []*chitieu.Cadre{dung}, 1},
		{"QueryPart", chitieu.CadreFilter{Query: "van"}, []*chitieu.Cadre{an, cuong, em}, 3},
		{"QueryPercentIsLiteral", chitieu.CadreFilter{Query: "100%_"}, []*chitieu.Cadre{em}, 1},
		{"QueryUnderscoreIsLiteral", chitieu.CadreFilter{Query: "v_n"}, []*chitieu.Cadre{}, 0},
		{"QueryNothing", chitieu.CadreFilter{Query: "xyz"}, []*chitieu.Cadre{}, 0},
		{"Page", chitieu.CadreFilter{Page: chitieu.Page{Limit: 2, Offset: 2}}, []*chitieu.Cadre{cuong, dung}, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindCadres(viewerCtx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total || !sameCadres(got, tt.want) {
				t.Fatalf("FindCadres = %d %v, want %d %v", total, names(got), tt.total, names(tt.want))
			}
		})
	}

	t.Run("ErrUnitMissing", func(t *testing.T) {
		_, _, err := s.FindCadres(system, chitieu.CadreFilter{Unit: "abc"})
		wantError(t, err, chitieu.EINVALID, `unit: unit "abc" does not exist`)
	})
	t.Run("ErrOffset", func(t *testing.T) {
		_, _, err := s.FindCadres(system, chitieu.CadreFilter{Page: chitieu.Page{Offset: -1}})
		wantError(t, err, chitieu.EINVALID, "offset: must not be negative")
	})
}

func sameCadres(got, want []*chitieu.Cadre) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		w := *want[i]
		// want holds the cadres as created; the updates above set left_on.
		if got[i].ID != w.ID || got[i].FullName != chitieu.CleanText(w.FullName) {
			return false
		}
	}
	return true
}

func names(cs []*chitieu.Cadre) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.FullName)
	}
	return out
}

// TestCadreService_Levels checks the levels a cadre read fills in as of today: the level of the
// highest-ranked record completed on or before today, the earliest of equal rank.
func TestCadreService_Levels(t *testing.T) {
	pt, edu := chitieu.PoliticalTheory, chitieu.Education
	for _, tt := range []struct {
		name        string
		records     func(t *testing.T, id int64) []chitieu.Training
		pt, edu     chitieu.Level
		alsoDeleted bool // delete the first record
	}{
		{"None", func(t *testing.T, id int64) []chitieu.Training { return nil }, "", "", false},
		{"CompletedToday", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, pt, "trung_cap", "2014-06-15")}
		}, "trung_cap", "", false},
		{"CompletedTomorrow", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, pt, "so_cap", "2012-01-01"), completed(t, id, pt, "trung_cap", "2014-06-16")}
		}, "so_cap", "", false},
		{"HighestRankNotLatest", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, edu, "thac_si", "2010-01-01"), completed(t, id, edu, "cao_dang", "2013-01-01")}
		}, "", "thac_si", false},
		{"EqualRankEarliest", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, pt, "cao_cap", "2013-05-01"), completed(t, id, pt, "cu_nhan", "2011-05-01")}
		}, "cu_nhan", "", false},
		{"EqualRankEarliestOtherOrder", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, pt, "cu_nhan", "2013-05-01"), completed(t, id, pt, "cao_cap", "2011-05-01")}
		}, "cao_cap", "", false},
		{"PlannedAndInProgressDoNotCount", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{
				{CadreID: id, Kind: pt, Level: "cao_cap", Status: chitieu.InProgress, StartedOn: day(t, "2013-01-01"), ExpectedOn: day(t, "2014-01-01")},
				{CadreID: id, Kind: edu, Level: "tien_si", Status: chitieu.Planned},
				{CadreID: id, Kind: edu, Level: "dai_hoc", Status: chitieu.Dropped},
				completed(t, id, edu, "trung_cap", "2005-01-01"),
			}
		}, "", "trung_cap", false},
		{"DeletedDoesNotCount", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, edu, "tien_si", "2012-01-01"), completed(t, id, edu, "dai_hoc", "2005-01-01")}
		}, "", "dai_hoc", true},
		{"ProfessionalHasNoLevel", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{{CadreID: id, Kind: chitieu.Professional, Course: "Nghiệp vụ công tác Đoàn", Status: chitieu.Completed,
				CompletedOn: day(t, "2013-01-01")}}
		}, "", "", false},
		{"BothKinds", func(t *testing.T, id int64) []chitieu.Training {
			return []chitieu.Training{completed(t, id, pt, "trung_cap", "2012-01-01"), completed(t, id, edu, "dai_hoc", "2006-01-01")}
		}, "trung_cap", "dai_hoc", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2000-01-01")
			for i, r := range tt.records(t, c.ID) {
				created := MustCreateTraining(t, db, r)
				if i == 0 && tt.alsoDeleted {
					if err := sqlite.NewTrainingService(db).DeleteTraining(system, created.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			s := sqlite.NewCadreService(db)
			got, err := s.FindCadreByID(system, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.PoliticalTheoryLevel != tt.pt || got.EducationLevel != tt.edu {
				t.Fatalf("FindCadreByID levels = %q, %q; want %q, %q", got.PoliticalTheoryLevel, got.EducationLevel, tt.pt, tt.edu)
			}
			list, _, err := s.FindCadres(system, chitieu.CadreFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if list[0].PoliticalTheoryLevel != tt.pt || list[0].EducationLevel != tt.edu {
				t.Fatalf("FindCadres levels = %q, %q; want %q, %q", list[0].PoliticalTheoryLevel, list[0].EducationLevel, tt.pt, tt.edu)
			}
		})
	}

	t.Run("TodayMoves", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2000-01-01")
		MustCreateTraining(t, db, completed(t, c.ID, pt, "trung_cap", "2014-06-16"))
		s := sqlite.NewCadreService(db)
		if got, _ := s.FindCadreByID(system, c.ID); got.PoliticalTheoryLevel != "" {
			t.Fatalf("level on 2014-06-15 = %q, want none", got.PoliticalTheoryLevel)
		}
		// 17:00 UTC on the 15th is midnight of the 16th in Hồ Chí Minh City.
		db.Now = func() time.Time { return time.Date(2014, 6, 15, 17, 0, 0, 0, time.UTC) }
		if got, _ := s.FindCadreByID(system, c.ID); got.PoliticalTheoryLevel != "trung_cap" {
			t.Fatalf("level on 2014-06-16 = %q, want trung_cap", got.PoliticalTheoryLevel)
		}
	})
}

// TestCadreService_Authorization checks the roles and an editor's unit limit on cadre writes.
func TestCadreService_Authorization(t *testing.T) {
	newCadre := func(unit string) *chitieu.Cadre {
		return &chitieu.Cadre{FullName: "Nguyễn Văn Ân", Unit: unit, FullTime: true, JoinedOn: chitieu.NewDate(2010, 1, 1)}
	}
	for _, tt := range []struct {
		name    string
		ctx     context.Context
		do      func(ctx context.Context, s *sqlite.CadreService, inside, outside int64) error
		code    string
		message string
	}{
		{"CreateInsideOwnUnit", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("rach-gia"))
		}, "", ""},
		{"CreateBelowOwnUnit", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("vinh-thanh-van"))
		}, "", ""},
		{"ErrCreateOutside", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("ha-tien"))
		}, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`},
		{"ErrCreateAbove", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("tinh-doan"))
		}, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "tinh-doan"`},
		{"UpdateInside", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, in, _ int64) error {
			_, err := s.UpdateCadre(ctx, in, chitieu.CadreUpdate{Unit: ptr("rach-gia")})
			return err
		}, "", ""},
		{"ErrUpdateMoveOut", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, in, _ int64) error {
			_, err := s.UpdateCadre(ctx, in, chitieu.CadreUpdate{Unit: ptr("ha-tien")})
			return err
		}, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`},
		{"ErrUpdateMoveIn", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, out int64) error {
			_, err := s.UpdateCadre(ctx, out, chitieu.CadreUpdate{Unit: ptr("rach-gia")})
			return err
		}, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`},
		{"ErrDeleteOutside", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, _, out int64) error {
			return s.DeleteCadre(ctx, out)
		}, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`},
		{"DeleteInside", editorOfRG, func(ctx context.Context, s *sqlite.CadreService, in, _ int64) error {
			return s.DeleteCadre(ctx, in)
		}, "", ""},
		{"EditorWithoutUnitAnywhere", editorCtx, func(ctx context.Context, s *sqlite.CadreService, _, out int64) error {
			return s.DeleteCadre(ctx, out)
		}, "", ""},
		{"AdminAnywhere", adminCtx, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("tinh-doan"))
		}, "", ""},
		{"ErrViewerCreate", viewerCtx, func(ctx context.Context, s *sqlite.CadreService, _, _ int64) error {
			return s.CreateCadre(ctx, newCadre("rach-gia"))
		}, chitieu.EFORBIDDEN, "role: a user with role viewer cannot write records; an editor or an admin can"},
		{"ErrViewerUpdate", viewerCtx, func(ctx context.Context, s *sqlite.CadreService, in, _ int64) error {
			_, err := s.UpdateCadre(ctx, in, chitieu.CadreUpdate{})
			return err
		}, chitieu.EFORBIDDEN, "role: a user with role viewer cannot write records; an editor or an admin can"},
		{"ErrViewerDelete", viewerCtx, func(ctx context.Context, s *sqlite.CadreService, in, _ int64) error {
			return s.DeleteCadre(ctx, in)
		}, chitieu.EFORBIDDEN, "role: a user with role viewer cannot write records; an editor or an admin can"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			inside := MustCreateCadre(t, db, "Trong", "vinh-thanh-van", "2010-01-01")
			outside := MustCreateCadre(t, db, "Ngoài", "ha-tien", "2010-01-01")
			before := auditCount(t, db)
			err := tt.do(tt.ctx, sqlite.NewCadreService(db), inside.ID, outside.ID)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if auditCount(t, db) != before+1 {
					t.Fatal("no audit entry for the write")
				}
				return
			}
			wantError(t, err, tt.code, tt.message)
			if auditCount(t, db) != before {
				t.Fatal("an audit entry for a refused write")
			}
		})
	}
}
