package sqlite_test

import (
	"errors"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// plan2013 is the province's 2013 plan, with targets due by the end of 2015.
func plan2013(tb testing.TB) chitieu.Plan {
	return chitieu.Plan{Code: "ke-hoach-2013", Name: "Kế hoạch năm 2013", StartsOn: day(tb, "2013-01-01"),
		EndsOn: day(tb, "2015-12-31"), ScopeUnit: "tinh-doan"}
}

func TestPlanService(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	plans, targets := sqlite.NewPlanService(db), sqlite.NewTargetService(db)
	p := plan2013(t)
	if err := plans.CreatePlan(editorCtx, &p); chitieu.ErrorCode(err) != chitieu.EFORBIDDEN {
		t.Fatalf("an editor creates a plan: %v, want EFORBIDDEN", err)
	}
	if err := plans.CreatePlan(adminCtx, &p); err != nil {
		t.Fatal(err)
	}
	if again := plan2013(t); ruleOf(plans.CreatePlan(adminCtx, &again)) != chitieu.RulePlanExists {
		t.Fatal("a second plan with the same code was not refused")
	}
	town := chitieu.Plan{Code: "rach-gia-2024", Name: "Nghị quyết Đại hội Thành Đoàn", StartsOn: day(t, "2024-01-01"),
		EndsOn: day(t, "2027-06-30"), ScopeUnit: "rach-gia"}
	if err := plans.CreatePlan(adminCtx, &town); err != nil {
		t.Fatal(err)
	}
	list, err := plans.FindPlans(viewerCtx)
	if err != nil || len(list) != 2 || list[0].Code != "rach-gia-2024" || list[1].Code != "ke-hoach-2013" {
		t.Fatalf("FindPlans = %v, %v; want the latest start first", list, err)
	}

	for _, tc := range []struct {
		name, plan, scope, deadline string
		rule                        chitieu.Rule
	}{
		{"fits", "ke-hoach-2013", "tinh-doan", "2015-12-31", ""},
		{"no plan", "", "tinh-doan", "2015-12-31", ""},
		{"deadline after the plan", "ke-hoach-2013", "tinh-doan", "2016-01-01", chitieu.RuleTargetInPlan},
		{"deadline on the plan's first day", "ke-hoach-2013", "tinh-doan", "2013-01-01", chitieu.RuleTargetInPlan},
		{"scope outside the plan's", "rach-gia-2024", "ha-tien", "2027-06-30", chitieu.RuleTargetPlanScope},
		{"scope below the plan's", "rach-gia-2024", "vinh-thanh-van", "2027-06-30", ""},
		{"unknown plan", "khong-co", "tinh-doan", "2015-12-31", chitieu.RulePlanNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg := politicalTheory(t)
			tg.Code, tg.Plan, tg.ScopeUnit, tg.Deadline = "t-"+tc.plan+"-"+tc.scope+"-"+tc.deadline, tc.plan, tc.scope, day(t, tc.deadline)
			tg.BaselineDate = day(t, "2012-12-31") // a baseline before the plan is allowed
			err := targets.CreateTarget(adminCtx, &tg)
			if ruleOf(err) != tc.rule || (tc.rule == "" && err != nil) {
				t.Fatalf("CreateTarget = %v, want rule %q", err, tc.rule)
			}
			if err == nil {
				got, err := targets.FindTarget(viewerCtx, tg.Code)
				if err != nil || got.Plan != tc.plan {
					t.Fatalf("FindTarget = %+v, %v; want plan %q", got, err, tc.plan)
				}
			}
		})
	}

	// Shrinking the plan past its target's deadline, or its scope off the target's, is refused.
	short := day(t, "2015-06-30")
	if _, err := plans.UpdatePlan(adminCtx, "ke-hoach-2013", chitieu.PlanUpdate{EndsOn: &short}); ruleOf(err) != chitieu.RulePlanTargetOutside {
		t.Fatalf("UpdatePlan ending before a target's deadline = %v", err)
	}
	narrow := "ha-tien"
	if _, err := plans.UpdatePlan(adminCtx, "ke-hoach-2013", chitieu.PlanUpdate{ScopeUnit: &narrow}); ruleOf(err) != chitieu.RulePlanTargetOutside {
		t.Fatalf("UpdatePlan to a scope off the target's = %v", err)
	}
	other := "khac"
	if _, err := plans.UpdatePlan(adminCtx, "ke-hoach-2013", chitieu.PlanUpdate{Code: &other}); ruleOf(err) != chitieu.RulePlanCodeFixed {
		t.Fatalf("UpdatePlan of the code = %v", err)
	}
	longer := plan2013(t)
	longer.Name, longer.EndsOn = "Kế hoạch năm 2013 (gia hạn)", day(t, "2016-12-31")
	if _, err := plans.UpdatePlan(adminCtx, "ke-hoach-2013", chitieu.PlanUpdate{Name: &longer.Name, EndsOn: &longer.EndsOn}); err != nil {
		t.Fatal(err)
	}
	got, err := plans.FindPlan(viewerCtx, "ke-hoach-2013")
	if err != nil || *got != longer {
		t.Fatalf("FindPlan = %+v, %v; want %+v", got, err, longer)
	}
	if e := lastAudit(t, db); e.Entity != "plan" || e.Key != "ke-hoach-2013" || e.Action != chitieu.ActionUpdate {
		t.Fatalf("last audit entry = %+v", e)
	}
	if _, err := plans.FindPlan(viewerCtx, "khong-co"); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("FindPlan of no plan = %v", err)
	}
}

// ruleOf is the rule of a *chitieu.Error, "" for any other error or none.
func ruleOf(err error) chitieu.Rule {
	var e *chitieu.Error
	if errors.As(err, &e) {
		return e.Rule
	}
	return ""
}
