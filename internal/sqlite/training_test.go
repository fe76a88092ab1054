package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestTrainingService_CreateTraining(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
		s := sqlite.NewTrainingService(db)
		tr := &chitieu.Training{CadreID: c.ID, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Course: norm.NFD.String(" Trung cấp lý luận chính trị "), Provider: "Trường Chính trị tỉnh",
			Status: chitieu.InProgress, StartedOn: day(t, "2014-01-06"), ExpectedOn: day(t, "2015-06-30")}
		if err := s.CreateTraining(editorCtx, tr); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindTrainingByID(viewerCtx, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.Training{ID: tr.ID, CadreID: c.ID, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Course: "Trung cấp lý luận chính trị", Provider: "Trường Chính trị tỉnh", Status: chitieu.InProgress,
			StartedOn: day(t, "2014-01-06"), ExpectedOn: day(t, "2015-06-30")}
		if *got != want {
			t.Fatalf("FindTrainingByID = %+v, want %+v", *got, want)
		}
		e := lastAudit(t, db)
		var after chitieu.Training
		json.Unmarshal(e.After, &after)
		if e.Entity != "training" || e.Action != chitieu.ActionCreate || after != want {
			t.Fatalf("audit = %+v %s", e, e.After)
		}
	})

	for _, tt := range []struct {
		name    string
		t       func(cadre, deleted int64) chitieu.Training
		code    string
		message string
	}{
		{"ErrCadreMissing", func(_, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: 999, Kind: chitieu.Professional, Status: chitieu.Planned}
		}, chitieu.EINVALID, "cadre_id: cadre 999 does not exist"},
		{"ErrCadreDeleted", func(_, deleted int64) chitieu.Training {
			return chitieu.Training{CadreID: deleted, Kind: chitieu.Professional, Status: chitieu.Planned}
		}, chitieu.EINVALID, "cadre_id: cadre 2 does not exist"},
		{"ErrLevelRequired", func(c, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: c, Kind: chitieu.Education, Status: chitieu.Planned}
		}, chitieu.EINVALID, `level: is required for kind education: one of "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"`},
		{"ErrLevelOfOtherKind", func(c, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: c, Kind: chitieu.PoliticalTheory, Level: "dai_hoc", Status: chitieu.Planned}
		}, chitieu.EINVALID, `level: must be one of "so_cap", "trung_cap", "cao_cap", "cu_nhan" for kind political_theory`},
		{"ErrCompletedOnRequired", func(c, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: c, Kind: chitieu.Professional, Status: chitieu.Completed}
		}, chitieu.EINVALID, "completed_on: is required when status is completed"},
		{"ErrCompletedBeforeStarted", func(c, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: c, Kind: chitieu.Professional, Status: chitieu.Completed,
				StartedOn: chitieu.NewDate(2014, 1, 2), CompletedOn: chitieu.NewDate(2014, 1, 1)}
		}, chitieu.EINVALID, "completed_on: must not be before started_on"},
		{"ErrStatus", func(c, _ int64) chitieu.Training {
			return chitieu.Training{CadreID: c, Kind: chitieu.Professional, Status: "done"}
		}, chitieu.EINVALID, `status: must be one of "planned", "in_progress", "completed", "dropped"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
			gone := MustCreateCadre(t, db, "Đã nghỉ", "van-phong", "2010-01-01")
			if err := sqlite.NewCadreService(db).DeleteCadre(system, gone.ID); err != nil {
				t.Fatal(err)
			}
			tr := tt.t(c.ID, gone.ID)
			wantError(t, sqlite.NewTrainingService(db).CreateTraining(system, &tr), tt.code, tt.message)
		})
	}
}

func TestTrainingService_UpdateTraining(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
		s := sqlite.NewTrainingService(db)
		tr := MustCreateTraining(t, db, chitieu.Training{CadreID: c.ID, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Status: chitieu.InProgress, StartedOn: day(t, "2014-01-06"), ExpectedOn: day(t, "2014-06-30")})

		// It completes: the cadre's level follows.
		status, done := chitieu.Completed, day(t, "2014-06-10")
		got, err := s.UpdateTraining(editorCtx, tr.ID, chitieu.TrainingUpdate{Status: &status,
			CompletedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: done}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != chitieu.Completed || got.CompletedOn != done || got.Level != "trung_cap" || got.ExpectedOn != day(t, "2014-06-30") {
			t.Fatalf("UpdateTraining = %+v", got)
		}
		if cadre, _ := sqlite.NewCadreService(db).FindCadreByID(system, c.ID); cadre.PoliticalTheoryLevel != "trung_cap" {
			t.Fatalf("cadre level after completion = %q", cadre.PoliticalTheoryLevel)
		}
		// A level raised in place moves the stored rank too.
		if _, err := s.UpdateTraining(system, tr.ID, chitieu.TrainingUpdate{Level: chitieu.Optional[chitieu.Level]{Set: true, Value: "so_cap"}}); err != nil {
			t.Fatal(err)
		}
		MustCreateTraining(t, db, completed(t, c.ID, chitieu.PoliticalTheory, "cao_cap", "2014-06-01"))
		if cadre, _ := sqlite.NewCadreService(db).FindCadreByID(system, c.ID); cadre.PoliticalTheoryLevel != "cao_cap" {
			t.Fatalf("cadre level = %q, want cao_cap", cadre.PoliticalTheoryLevel)
		}
	})

	for _, tt := range []struct {
		name    string
		id      int64
		upd     chitieu.TrainingUpdate
		code    string
		message string
	}{
		{"ErrNotFound", 999, chitieu.TrainingUpdate{}, chitieu.ENOTFOUND, "training record 999 does not exist"},
		{"ErrCompletedWithoutDate", 1, chitieu.TrainingUpdate{Status: ptr(chitieu.Completed)}, chitieu.EINVALID,
			"completed_on: is required when status is completed"},
		{"ErrKindWithoutLevel", 1, chitieu.TrainingUpdate{Kind: ptr(chitieu.Education)}, chitieu.EINVALID,
			`level: is required for kind education: one of "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
			tr := MustCreateTraining(t, db, chitieu.Training{CadreID: c.ID, Kind: chitieu.Professional, Status: chitieu.Planned})
			_, err := sqlite.NewTrainingService(db).UpdateTraining(system, tt.id, tt.upd)
			wantError(t, err, tt.code, tt.message)
			if got, _ := sqlite.NewTrainingService(db).FindTrainingByID(system, tr.ID); *got != *tr {
				t.Fatalf("record changed by a refused update: %+v", got)
			}
		})
	}
}

func TestTrainingService_DeleteTraining(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	c := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
	tr := MustCreateTraining(t, db, completed(t, c.ID, chitieu.Education, "dai_hoc", "2008-01-01"))
	s := sqlite.NewTrainingService(db)
	if err := s.DeleteTraining(editorCtx, tr.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.FindTrainingByID(system, tr.ID)
	wantError(t, err, chitieu.ENOTFOUND, "training record 1 does not exist")
	if cadre, _ := sqlite.NewCadreService(db).FindCadreByID(system, c.ID); cadre.EducationLevel != "" {
		t.Fatalf("level from a deleted record: %q", cadre.EducationLevel)
	}
	if e := lastAudit(t, db); e.Action != chitieu.ActionDelete || e.Entity != "training" || e.Key != "1" {
		t.Fatalf("audit = %+v", e)
	}
}

func TestTrainingService_FindTrainings(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	a := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
	b := MustCreateCadre(t, db, "Trần Thị Bình", "rach-gia", "2010-01-01")
	r1 := MustCreateTraining(t, db, completed(t, a.ID, chitieu.Education, "dai_hoc", "2008-01-01"))
	r2 := MustCreateTraining(t, db, chitieu.Training{CadreID: a.ID, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Planned})
	r3 := MustCreateTraining(t, db, completed(t, b.ID, chitieu.PoliticalTheory, "so_cap", "2011-01-01"))
	r4 := MustCreateTraining(t, db, chitieu.Training{CadreID: b.ID, Kind: chitieu.Professional, Status: chitieu.Dropped})
	gone := MustCreateTraining(t, db, completed(t, b.ID, chitieu.Education, "cao_dang", "2009-01-01"))
	s := sqlite.NewTrainingService(db)
	if err := s.DeleteTraining(system, gone.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		filter chitieu.TrainingFilter
		want   []*chitieu.Training
		total  int
	}{
		{"All", chitieu.TrainingFilter{}, []*chitieu.Training{r1, r2, r3, r4}, 4},
		{"Cadre", chitieu.TrainingFilter{CadreID: a.ID}, []*chitieu.Training{r1, r2}, 2},
		{"Kind", chitieu.TrainingFilter{Kind: chitieu.PoliticalTheory}, []*chitieu.Training{r2, r3}, 2},
		{"Status", chitieu.TrainingFilter{Status: chitieu.Completed}, []*chitieu.Training{r1, r3}, 2},
		{"All three", chitieu.TrainingFilter{CadreID: b.ID, Kind: chitieu.PoliticalTheory, Status: chitieu.Completed}, []*chitieu.Training{r3}, 1},
		{"Page", chitieu.TrainingFilter{Page: chitieu.Page{Limit: 1, Offset: 3}}, []*chitieu.Training{r4}, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindTrainings(viewerCtx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total || len(got) != len(tt.want) {
				t.Fatalf("FindTrainings = %d records (total %d), want %d (total %d)", len(got), total, len(tt.want), tt.total)
			}
			for i := range got {
				if *got[i] != *tt.want[i] {
					t.Fatalf("record %d = %+v, want %+v", i, *got[i], *tt.want[i])
				}
			}
		})
	}
	t.Run("ErrKind", func(t *testing.T) {
		_, _, err := s.FindTrainings(system, chitieu.TrainingFilter{Kind: "sport"})
		wantError(t, err, chitieu.EINVALID, `kind: must be one of "political_theory", "education", "professional"`)
	})
	t.Run("ErrStatus", func(t *testing.T) {
		_, _, err := s.FindTrainings(system, chitieu.TrainingFilter{Status: "done"})
		wantError(t, err, chitieu.EINVALID, `status: must be one of "planned", "in_progress", "completed", "dropped"`)
	})
}

// TestTrainingService_Authorization: a training record is written as its cadre's unit allows.
func TestTrainingService_Authorization(t *testing.T) {
	outsideMsg := `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "ha-tien"`
	for _, tt := range []struct {
		name    string
		ctx     context.Context
		do      func(ctx context.Context, s *sqlite.TrainingService, inCadre, outCadre, inRec, outRec int64) error
		code    string
		message string
	}{
		{"CreateInside", editorOfRG, func(ctx context.Context, s *sqlite.TrainingService, in, _, _, _ int64) error {
			return s.CreateTraining(ctx, &chitieu.Training{CadreID: in, Kind: chitieu.Professional, Status: chitieu.Planned})
		}, "", ""},
		{"ErrCreateOutside", editorOfRG, func(ctx context.Context, s *sqlite.TrainingService, _, out, _, _ int64) error {
			return s.CreateTraining(ctx, &chitieu.Training{CadreID: out, Kind: chitieu.Professional, Status: chitieu.Planned})
		}, chitieu.EFORBIDDEN, outsideMsg},
		{"UpdateInside", editorOfRG, func(ctx context.Context, s *sqlite.TrainingService, _, _, in, _ int64) error {
			_, err := s.UpdateTraining(ctx, in, chitieu.TrainingUpdate{Course: ptr("Bồi dưỡng")})
			return err
		}, "", ""},
		{"ErrUpdateOutside", editorOfRG, func(ctx context.Context, s *sqlite.TrainingService, _, _, _, out int64) error {
			_, err := s.UpdateTraining(ctx, out, chitieu.TrainingUpdate{Course: ptr("Bồi dưỡng")})
			return err
		}, chitieu.EFORBIDDEN, outsideMsg},
		{"ErrDeleteOutside", editorOfRG, func(ctx context.Context, s *sqlite.TrainingService, _, _, _, out int64) error {
			return s.DeleteTraining(ctx, out)
		}, chitieu.EFORBIDDEN, outsideMsg},
		{"ErrViewer", viewerCtx, func(ctx context.Context, s *sqlite.TrainingService, in, _, _, _ int64) error {
			return s.CreateTraining(ctx, &chitieu.Training{CadreID: in, Kind: chitieu.Professional, Status: chitieu.Planned})
		}, chitieu.EFORBIDDEN, "role: a user with role viewer cannot write records; an editor or an admin can"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			in := MustCreateCadre(t, db, "Trong", "vinh-thanh-van", "2010-01-01")
			out := MustCreateCadre(t, db, "Ngoài", "ha-tien", "2010-01-01")
			inRec := MustCreateTraining(t, db, chitieu.Training{CadreID: in.ID, Kind: chitieu.Professional, Status: chitieu.Planned})
			outRec := MustCreateTraining(t, db, chitieu.Training{CadreID: out.ID, Kind: chitieu.Professional, Status: chitieu.Planned})
			err := tt.do(tt.ctx, sqlite.NewTrainingService(db), in.ID, out.ID, inRec.ID, outRec.ID)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tt.code, tt.message)
		})
	}
}
