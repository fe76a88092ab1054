package sqlite_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/sqlite"
)

// applier follows the store into a dataset, as the figures' keeper does.
type applier struct{ ds *chitieu.Dataset }

func (a applier) RecordsChanged(changes ...chitieu.Change) {
	for _, c := range changes {
		a.ds.Apply(c)
	}
}

// TestFindCadresInMemory: the dataset answers every cadre list the store answers, the same: on
// random records written through the services (created, moved, left, deleted, with training
// records of every status and the recruitment rule narrowed to a subtree), for each filter and
// page, both for a dataset loaded from the file and one that followed the writes.
func TestFindCadresInMemory(t *testing.T) {
	db := MustOpenDB(t)
	followed := chitieu.NewDataset()
	db.Listener = applier{followed}
	MustCreateProvince(t, db)
	cadres, trainings := sqlite.NewCadreService(db), sqlite.NewTrainingService(db)
	rng := rand.New(rand.NewPCG(7, 11))
	units := []string{"tinh-doan", "van-phong", "rach-gia", "vinh-thanh-van", "ha-tien"}
	names := []string{"Nguyễn Văn Ân", "Trần Thị Bích", "Lê Văn An", "Phạm Ngọc Lan", "Võ Thị Ánh"}
	hirings := []chitieu.Hiring{{}, {Recruitment: chitieu.RecruitedByTransfer},
		{Recruitment: chitieu.RecruitedByExam, ExamOn: day(t, "2009-06-01"), ExamResult: chitieu.ExamPassed},
		{Recruitment: chitieu.RecruitedByExam, ExamOn: day(t, "2009-06-01"), ExamResult: chitieu.ExamFailed}}
	levels := map[chitieu.TrainingKind][]chitieu.Level{
		chitieu.PoliticalTheory: {"so_cap", "trung_cap", "cao_cap", "cu_nhan"},
		chitieu.Education:       {"trung_cap", "cao_dang", "dai_hoc", "thac_si"},
	}
	var ids []int64
	for i := range 120 {
		c := &chitieu.Cadre{FullName: fmt.Sprintf("%s %d", names[rng.IntN(len(names))], i), Unit: units[rng.IntN(len(units))],
			FullTime: rng.IntN(4) > 0, JoinedOn: chitieu.NewDate(2010+rng.IntN(5), time.Month(1+rng.IntN(6)), 1), Hiring: hirings[rng.IntN(len(hirings))]}
		if rng.IntN(5) == 0 {
			c.LeftOn = c.JoinedOn + chitieu.Date(200+rng.IntN(2000))
		}
		if err := cadres.CreateCadre(system, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
		for range rng.IntN(4) {
			kind := []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education}[rng.IntN(2)]
			tr := chitieu.Training{CadreID: c.ID, Kind: kind, Level: levels[kind][rng.IntN(len(levels[kind]))]}
			on := chitieu.NewDate(2011+rng.IntN(6), 3, 1)
			switch rng.IntN(3) {
			case 0:
				tr.Status, tr.CompletedOn = chitieu.Completed, on
			case 1:
				tr.Status, tr.ExpectedOn = chitieu.Planned, on
			default:
				tr.Status, tr.StartedOn, tr.ExpectedOn = chitieu.InProgress, on-100, on
			}
			if err := trainings.CreateTraining(system, &tr); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range ids[:30] {
		switch rng.IntN(3) {
		case 0:
			if err := cadres.DeleteCadre(system, id); err != nil {
				t.Fatal(err)
			}
		default:
			unit, name := units[rng.IntN(len(units))], names[rng.IntN(len(names))]
			if _, err := cadres.UpdateCadre(system, id, chitieu.CadreUpdate{Unit: &unit, FullName: &name}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rule := chitieu.DefaultRecruitmentRule()
	rule.ScopeUnit = "rach-gia"
	if _, err := sqlite.NewRecruitmentRuleService(db).UpdateRecruitmentRule(adminCtx, &rule); err != nil {
		t.Fatal(err)
	}
	loaded, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}

	yes, no := true, false
	var filters []chitieu.CadreFilter
	for _, unit := range append(units, "", "khong-co") {
		for _, active := range []*bool{nil, &yes, &no} {
			for _, q := range []string{"", "van", "ÁNH", "an 1"} {
				for _, check := range []string{"", chitieu.RecruitmentCheckFailing} {
					for _, page := range []chitieu.Page{{}, {Limit: 3, Offset: 2}, {Limit: 1000, Offset: 50}, {Limit: 1000, Offset: 1500}, {Limit: 1000}} {
						filters = append(filters, chitieu.CadreFilter{Unit: unit, Active: active, Query: q, RecruitmentCheck: check, Page: page})
					}
				}
			}
		}
	}
	filters = append(filters, chitieu.CadreFilter{RecruitmentCheck: "all"}, chitieu.CadreFilter{Page: chitieu.Page{Limit: -1}})
	today := db.Today()
	var failing, found, leveled int // so that the comparison is not of empty lists only
	for _, f := range filters {
		want, wantTotal, wantErr := cadres.FindCadres(system, f)
		if f.RecruitmentCheck != "" {
			failing += wantTotal
		}
		if f.Query != "" {
			found += wantTotal
		}
		for _, c := range want {
			if c.PoliticalTheoryLevel != chitieu.LevelNone && c.EducationLevel != chitieu.LevelNone {
				leveled++
			}
		}
		for name, ds := range map[string]*chitieu.Dataset{"loaded": loaded, "followed": followed} {
			got, total, err := ds.FindCadres(f, today)
			if chitieu.ErrorCode(err) != chitieu.ErrorCode(wantErr) || i18n.Message(i18n.EN, err) != i18n.Message(i18n.EN, wantErr) {
				t.Fatalf("%s, %+v: error %v, want %v", name, f, err, wantErr)
			}
			if total != wantTotal || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %+v: %d in all, %d listed\n got %+v\nwant %d in all, %+v", name, f, total, len(got), got, wantTotal, want)
			}
		}
	}
	if failing == 0 || found == 0 || leveled == 0 {
		t.Fatalf("the records give no cadre failing the rule (%d), found by name (%d) or with both levels (%d)", failing, found, leveled)
	}
	t.Logf("%d filters, the same answers", len(filters))
}
