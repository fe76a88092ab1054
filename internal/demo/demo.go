// Package demo enters a demonstration plan into an empty database: the Kiên Giang provincial
// Youth Union's 2013 plan (../shared/seed/PLAN.md) with its units under their real names, its
// three targets, and made-up but plausible cadres, training records and youth reports from 2013
// to 2015 — so that the history climbs, one target is achieved and one missed — and a current
// plan, the congress term's resolution of 2022–2027, with targets due by the end of the term
// that are in progress.
//
// Everything goes through the domain's services, so the demo data meets the same rules and
// leaves the same audit trail ("system") as data entered by staff. The data is the same on
// every run: the made-up parts come from a seeded generator.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"chitieu/internal/chitieu"
)

// Services are the domain services the demo plan is entered through.
type Services struct {
	Units        chitieu.UnitService
	Cadres       chitieu.CadreService
	Trainings    chitieu.TrainingService
	YouthReports chitieu.YouthReportService
	Targets      chitieu.TargetService
	Plans        chitieu.PlanService

	// Recruitment and leadership positions; the demo enters them when these are given.
	RecruitmentRule chitieu.RecruitmentRuleService
	Positions       chitieu.PositionService

	// Postings and reorganisations (issue 16): when given, the demo moves some cadres over the
	// years and, unless Until is before it, applies the 2025 merger (Merger) as a client would.
	Postings        chitieu.PostingService
	Reorganisations chitieu.ReorganisationService
	// Until, when set, stops the demo's story on that day: no move or merger after it.
	Until chitieu.Date
}

// Unit codes: stable, as they are the unit label of the metrics.
const (
	Province = "kien-giang"        // Tỉnh Đoàn Kiên Giang
	Office   = "co-quan-tinh-doan" // the provincial office: the cadre targets' scope

	office    = Office
	vanPhong  = "van-phong"
	toChuc    = "ban-to-chuc-kiem-tra"
	tuyenGiao = "ban-tuyen-giao"
	phongTrao = "ban-phong-trao"
	truongHoc = "ban-thanh-thieu-nhi-truong-hoc"
	thieuNhi  = "ban-cong-tac-thieu-nhi"
	trungTam  = "trung-tam-hoat-dong-thanh-thieu-nhi"
)

// Target codes.
const (
	PoliticalTheoryTarget = "ly-luan-chinh-tri"  // trung cấp or higher, >= 80 % by 2015
	UniversityTarget      = "dai-hoc"            // đại học or higher, >= 95 % by 2015
	YouthTarget           = "tap-hop-thanh-nien" // youth gathered, > 65 % by the end of 2015
	AdvancedTarget        = "cao-cap-2027"       // the current plan's: cao cấp, >= 45 % by mid-2027
)

// Plan codes.
const (
	Plan2013    = "ke-hoach-2013"      // the 2013 plan, as migration 006 names it in a database made before plans
	CurrentPlan = "nhiem-ky-2022-2027" // the congress term's resolution
)

// CurrentScope is the unit the current plan covers: the root of today's tree, the new province's
// union since the 2025 merger. The plan is made over Kiên Giang's union, and the merger hands it
// on (seedOrganisation).
func CurrentScope() string { return NewProvince }

// Plans returns the demo's plans: the 2013 plan, finished, and the current term's.
func Plans() []chitieu.Plan {
	return []chitieu.Plan{
		{Code: Plan2013, Name: "Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn Kiên Giang",
			StartsOn: d(2013, 1, 1), EndsOn: d(2015, 12, 31), ScopeUnit: Province},
		{Code: CurrentPlan, Name: "Nghị quyết Đại hội Đoàn tỉnh nhiệm kỳ 2022–2027",
			StartsOn: d(2022, 7, 1), EndsOn: d(2027, 6, 30), ScopeUnit: Province},
	}
}

// Units returns the demo's units, each after its parent.
func Units() []chitieu.Unit {
	units := []chitieu.Unit{
		{Code: Province, Name: "Tỉnh Đoàn Kiên Giang"},
		{Code: Office, Name: "Cơ quan Tỉnh Đoàn", Parent: Province},
		{Code: vanPhong, Name: "Văn phòng", Parent: Office},
		{Code: toChuc, Name: "Ban Tổ chức – Kiểm tra", Parent: Office},
		{Code: tuyenGiao, Name: "Ban Tuyên giáo", Parent: Office},
		{Code: phongTrao, Name: "Ban Phong trào", Parent: Office},
		{Code: truongHoc, Name: "Ban Thanh thiếu nhi Trường học", Parent: Office},
		{Code: thieuNhi, Name: "Ban Công tác Thiếu nhi", Parent: Office},
		{Code: trungTam, Name: "Trung tâm Hoạt động Thanh thiếu nhi", Parent: Office},
	}
	for _, ds := range districts {
		units = append(units, chitieu.Unit{Code: ds.code, Name: ds.name, Parent: Province})
	}
	return units
}

// Targets returns the 2013 plan's targets and the current plan's.
func Targets() []chitieu.Target {
	baseline, deadline := d(2013, 1, 1), d(2015, 12, 31)
	cadres := func(code, name string, kind chitieu.TargetKind, level chitieu.Level, threshold float64) chitieu.Target {
		t := chitieu.NewTarget()
		t.Code, t.Name, t.Kind, t.MinLevel = code, name, kind, level
		t.ScopeUnit, t.FullTimeOnly, t.Comparator, t.Threshold = Office, true, chitieu.AtLeast, threshold
		t.BaselineDate, t.Deadline, t.Plan = baseline, deadline, Plan2013
		return t
	}
	youth := chitieu.NewTarget()
	youth.Code, youth.Kind = YouthTarget, chitieu.TargetYouthGathering
	youth.Name = "Tỷ lệ tập hợp thanh niên vào tổ chức Đoàn, Hội đạt trên 65% (đến cuối năm 2015)"
	youth.ScopeUnit, youth.FullTimeOnly, youth.Comparator, youth.Threshold = Province, false, chitieu.Over, 0.65
	youth.BaselineDate, youth.Deadline, youth.Plan = baseline, deadline, Plan2013

	advanced := cadres(AdvancedTarget,
		"Cán bộ chuyên trách cơ quan Tỉnh Đoàn có trình độ cao cấp lý luận chính trị đạt 45% (đến hết nhiệm kỳ 2022–2027)",
		chitieu.TargetPoliticalTheory, "cao_cap", 0.45)
	advanced.BaselineDate, advanced.Deadline, advanced.Plan = d(2022, 7, 1), d(2027, 6, 30), CurrentPlan

	return []chitieu.Target{
		cadres(PoliticalTheoryTarget,
			"Cán bộ chuyên trách cơ quan Tỉnh Đoàn có trình độ chính trị từ trung cấp trở lên đạt 80% (đến năm 2015)",
			chitieu.TargetPoliticalTheory, "trung_cap", 0.80),
		cadres(UniversityTarget,
			"Cán bộ chuyên trách cơ quan Tỉnh Đoàn có trình độ chuyên môn đại học trở lên đạt 95% (đến năm 2015)",
			chitieu.TargetEducation, "dai_hoc", 0.95),
		youth,
		advanced,
		professionalTarget(),
	}
}

// Seed enters the demo plan. It refuses a database that already has units: the demo goes only
// into an empty one. It takes one write (one transaction) per record, about a thousand.
func Seed(ctx context.Context, s Services) error {
	_, total, err := s.Units.FindUnits(ctx, chitieu.UnitFilter{Page: chitieu.Page{Limit: 1}})
	if err != nil {
		return fmt.Errorf("demo: look for units: %w", err)
	} else if total > 0 {
		return chitieu.NewError(chitieu.ECONFLICT, "demo", chitieu.RuleDemoNotEmpty, total)
	}

	r := rand.New(rand.NewPCG(2013, 2015))
	for _, u := range Units() {
		if err := s.Units.CreateUnit(ctx, &u); err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.Code, err)
		}
	}
	for _, p := range Plans() {
		if err := s.Plans.CreatePlan(ctx, &p); err != nil {
			return fmt.Errorf("demo: plan %s: %w", p.Code, err)
		}
	}
	for _, t := range Targets() {
		if err := s.Targets.CreateTarget(ctx, &t); err != nil {
			return fmt.Errorf("demo: target %s: %w", t.Code, err)
		}
	}

	people := append(officePeople(r), districtCadres(r)...)
	names := newNames(r)
	ids := make([]int64, len(people))
	for i, p := range people {
		if ids[i], err = enter(ctx, s, r, names, p); err != nil {
			return err
		}
	}
	if err := seedStaffing(ctx, s, people, ids); err != nil {
		return err
	}

	reports := youthReports(r)
	if err := createYouthReports(ctx, s, reports); err != nil {
		return err
	}
	return seedOrganisation(ctx, s, people, ids, reports)
}

func createYouthReports(ctx context.Context, s Services, reports []chitieu.YouthReport) error {
	for _, rep := range reports {
		if err := s.YouthReports.CreateYouthReport(ctx, &rep); err != nil {
			return fmt.Errorf("demo: youth report of %s on %s: %w", rep.Unit, rep.ReportedOn, err)
		}
	}
	return nil
}

// seedOrganisation enters the moves of the years after the plan and the 2025 merger, up to Until.
func seedOrganisation(ctx context.Context, s Services, people []person, ids []int64, reports []chitieu.YouthReport) error {
	if s.Postings == nil || s.Reorganisations == nil {
		return nil
	}
	if err := seedMoves(ctx, s, people, ids, s.Until); err != nil {
		return err
	}
	merger := Merger()
	if !s.Until.IsZero() && s.Until < merger.EffectiveOn {
		return nil
	}
	if _, err := s.Reorganisations.ApplyReorganisation(ctx, &merger, false); err != nil {
		return fmt.Errorf("demo: the 2025 merger: %w", err)
	}
	if s.Plans != nil {
		scope := CurrentScope()
		if _, err := s.Plans.UpdatePlan(ctx, CurrentPlan, chitieu.PlanUpdate{ScopeUnit: &scope}); err != nil {
			return fmt.Errorf("demo: the current plan after the merger: %w", err)
		}
	}
	var after []chitieu.YouthReport
	for _, rep := range youthAfterMerger(reports) {
		if s.Until.IsZero() || rep.ReportedOn <= s.Until {
			after = append(after, rep)
		}
	}
	return createYouthReports(ctx, s, after)
}

// officePeople returns the office's cadres with the Central Union's short courses (lớp bồi
// dưỡng nghiệp vụ) that the plan sends full-time cadres to: in 2013–2015 for most of those in
// post, and now and then since.
func officePeople(r *rand.Rand) []person {
	out := make([]person, 0, len(officeCadres))
	for _, p := range officeCadres {
		p.recs = append([]rec(nil), p.recs...)
		if !p.partTime {
			last := p.left.AddDays(-1)
			if p.left.IsZero() {
				last = d(2026, 9, 30)
			}
			from, to := max(p.joined, d(2013, 3, 1)), min(last, d(2015, 11, 30))
			if p.joined > d(2015, 12, 31) {
				from, to = p.joined.AddDays(90), last
			}
			if to > from.AddDays(20) && r.Float64() < 0.6 {
				start := dayBetween(r, from, to.AddDays(-20))
				p.recs = append(p.recs, done(pro, "", start, start.AddDays(4+r.IntN(9))).at(officeCourses[p.unit], centralUnion))
			}
		}
		out = append(out, p)
	}
	return out
}

// enter creates a cadre and their training records, and returns the cadre's id.
func enter(ctx context.Context, s Services, r *rand.Rand, names *names, p person) (int64, error) {
	c := chitieu.Cadre{
		FullName:  names.next(p.female),
		Unit:      p.unit,
		Position:  p.position,
		FullTime:  !p.partTime,
		JoinedOn:  p.joined,
		LeftOn:    p.left,
		BirthDate: d(p.born, time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		Gender:    chitieu.GenderMale,
		Hiring:    hiringOf(p),
	}
	if p.female {
		c.Gender = chitieu.GenderFemale
	}
	if err := s.Cadres.CreateCadre(ctx, &c); err != nil {
		return 0, fmt.Errorf("demo: cadre %s (%s, %s): %w", c.FullName, c.Position, c.Unit, err)
	}
	for _, x := range p.recs {
		end := x.end
		if x.monthly {
			end = end.AddDays(r.IntN(26))
		}
		start := x.start
		if start.IsZero() {
			start = end.AddDays(-usualLength(x.kind, x.level))
		}
		course, provider := x.course, x.provider
		if course == "" {
			course, provider = catalog(r, x, start >= p.joined, placeOf(p.unit))
		}
		t := chitieu.Training{
			CadreID: c.ID, Kind: x.kind, Level: x.level, Course: course, Provider: provider,
			Status: x.status, StartedOn: start,
		}
		switch {
		case x.status == chitieu.Completed && x.monthly:
			t.CompletedOn = end
		case x.status == chitieu.Completed:
			t.CompletedOn, t.ExpectedOn = end, end
		default:
			t.ExpectedOn = end
		}
		if err := s.Trainings.CreateTraining(ctx, &t); err != nil {
			return 0, fmt.Errorf("demo: training %s %s of %s: %w", t.Kind, t.Level, c.FullName, err)
		}
	}
	return c.ID, nil
}
