package web

import (
	"context"

	"chitieu/internal/chitieu"
)

// The plan's other commitments: the recruitment rule as the pages state it, and the overview's
// cards of the cadres recruited against it and of the leadership seats.

// recruitmentRule is the recruitment rule with the name of its scope unit, as the pages state it.
type recruitmentRule struct {
	Rule      chitieu.RecruitmentRule
	ScopeName string // "" when the rule covers every unit
}

func (h *Handler) findRecruitmentRule(ctx context.Context, tree *unitTree) (recruitmentRule, error) {
	r, err := h.RecruitmentRule.FindRecruitmentRule(ctx)
	if err != nil {
		return recruitmentRule{}, err
	}
	rule := recruitmentRule{Rule: *r}
	if r.ScopeUnit != "" {
		rule.ScopeName = tree.name(r.ScopeUnit)
	}
	return rule, nil
}

// commitmentCards are the plan's other commitments on the overview's day, over the units the
// user may see (so that an editor's figures are those of the lists the cards link to).
type commitmentCards struct {
	Rule        recruitmentRule
	WithoutExam int // cadres recruited without a passed exam, against the rule
	ByUnit      []unitCount
	Seats       chitieu.SeatSummary
	UnitNames   map[string]string
}

type unitCount struct {
	Name  string
	Count int
}

// commitmentCards computes the figures of the plan's other commitments on day.
func (h *Handler) commitmentCards(ctx context.Context, tree *unitTree, day chitieu.Date) (commitmentCards, error) {
	figs, err := h.Figures.Commitments(ctx, day)
	if err != nil {
		return commitmentCards{}, err
	}
	rule, err := h.findRecruitmentRule(ctx, tree)
	if err != nil {
		return commitmentCards{}, err
	}
	limit := chitieu.UserFromContext(ctx).Unit
	cards := commitmentCards{Rule: rule, UnitNames: map[string]string{}}
	for _, uc := range figs.RecruitedWithoutExam {
		if uc.Count > 0 && tree.within(limit, uc.Unit) {
			cards.WithoutExam += uc.Count
			cards.ByUnit = append(cards.ByUnit, unitCount{Name: tree.name(uc.Unit), Count: uc.Count})
		}
	}
	var seats []chitieu.SeatFigures
	for _, f := range figs.Leadership {
		if tree.within(limit, f.Unit) {
			seats = append(seats, f)
			cards.UnitNames[f.Unit] = tree.name(f.Unit)
		}
	}
	cards.Seats = chitieu.SummarizeSeats(seats)
	return cards, nil
}
