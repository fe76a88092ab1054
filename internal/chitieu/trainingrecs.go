package chitieu

import "slices"

// trainingRec is a training record as the Dataset holds it: 48 bytes without pointers, so that
// the garbage collector does not scan a million of them, instead of a 128-byte Training with five
// strings behind a map entry and two slices of pointers. A Training is made from it on demand.
type trainingRec struct {
	id, cadreID                        int64
	startedOn, expectedOn, completedOn Date
	course, courseLen                  uint32 // the course's bytes in trainingRecs.text
	provider                           uint32 // index in trainingRecs.providers
	kind, level, status                uint8  // indexes in trainingRecs.words
}

// The first words, the store's kinds, statuses and levels, have fixed codes; others (a record
// put by a caller that did not validate it) are added after them.
const (
	wordNone uint8 = iota
	wordPoliticalTheory
	wordEducation
	wordProfessional
	wordPlanned
	wordInProgress
	wordCompleted
	wordDropped
	wordFree // the kind of a slot whose record was removed

	// wordOther stands for a word past the table's room (a level typed into the database by
	// hand, say: only kinds and statuses are CHECKed there); its record's string is in odd.
	wordOther uint8 = 255
)

var knownWords = []string{"", string(PoliticalTheory), string(Education), string(Professional),
	string(Planned), string(InProgress), string(Completed), string(Dropped), "\x00free",
	"so_cap", "trung_cap", "cao_cap", "cu_nhan", "cao_dang", "dai_hoc", "thac_si", "tien_si"}

// oddWord names a record's kind (0), level (1) or status (2) coded wordOther.
type oddWord struct {
	id    int64
	field uint8
}

// trainingRecs are the Dataset's training records.
type trainingRecs struct {
	recs []trainingRec
	// slotOf[id] is 1 + the index in recs of the record with the id (0: none): the store's ids
	// are dense, so this is 4 bytes an id where a map would take 30. An id far past the others
	// (a caller's own) is in far instead.
	slotOf  []int32
	far     map[int64]int32
	byCadre map[int64][]int32 // by cadre, the slots of its records
	free    []int32           // slots of removed records, for the next ones
	// text holds the courses one after another (a million records name nearly a million
	// courses, so sharing them would not pay); deadText counts the bytes no record names.
	text     []byte
	deadText int

	providers    []string // each provider once
	providerKeys []string // SearchKey of each provider, beside providers
	providerIdx  map[string]uint32
	words        []string // kinds, levels and statuses
	wordIdx      map[string]uint8
	odd          map[oddWord]string
	// rank[k][w] and pos[k][w] are the rank of the level with code w in the leveled kind with
	// index k, and 1 + its index in leveled (0: not of the kind), so that summing up a cadre's
	// records compares codes, not strings.
	rank, pos [2][256]uint8
}

func newTrainingRecs(n int) trainingRecs {
	tr := trainingRecs{
		recs:        make([]trainingRec, 0, n),
		slotOf:      make([]int32, 0, n+1),
		far:         map[int64]int32{},
		byCadre:     map[int64][]int32{},
		providerIdx: map[string]uint32{},
		wordIdx:     map[string]uint8{},
		odd:         map[oddWord]string{},
	}
	for _, w := range knownWords {
		tr.code(w)
	}
	return tr
}

// code returns the code of a kind, level or status, wordOther once the table is full.
func (tr *trainingRecs) code(w string) uint8 {
	if c, ok := tr.wordIdx[w]; ok {
		return c
	}
	if len(tr.words) >= int(wordOther) {
		return wordOther
	}
	c := uint8(len(tr.words))
	tr.words = append(tr.words, w)
	tr.wordIdx[w] = c
	for k, kind := range []TrainingKind{PoliticalTheory, Education} {
		r, _ := Rank(kind, Level(w))
		tr.rank[k][c], tr.pos[k][c] = uint8(r), uint8(slices.Index(leveled[k], Level(w))+1)
	}
	return c
}

// word returns the code of a record's kind, level or status (field 0, 1, 2), keeping the word in
// odd when it has none.
func (tr *trainingRecs) word(id int64, field uint8, w string) uint8 {
	c := tr.code(w)
	if c == wordOther {
		tr.odd[oddWord{id, field}] = w
	} else if len(tr.odd) > 0 {
		delete(tr.odd, oddWord{id, field})
	}
	return c
}

// wordOf is the word a record's code stands for.
func (tr *trainingRecs) wordOf(id int64, field, c uint8) string {
	if c == wordOther {
		return tr.odd[oddWord{id, field}]
	}
	return tr.words[c]
}

// provider returns the index of a provider, folding it the first time it is seen.
func (tr *trainingRecs) provider(p string) uint32 {
	if i, ok := tr.providerIdx[p]; ok {
		return i
	}
	i := uint32(len(tr.providers))
	tr.providers = append(tr.providers, p)
	tr.providerKeys = append(tr.providerKeys, SearchKey(p))
	tr.providerIdx[p] = i
	return i
}

// put adds or replaces a record, keeping the replaced record's course bytes when the course is
// the same; it returns the record it replaced, if any.
func (tr *trainingRecs) put(t *Training) (old Training, replaced bool) {
	i, replaced := tr.slot(t.ID)
	if replaced {
		old = tr.training(&tr.recs[i]) // before rec notes the new record's odd words
	}
	rec := tr.rec(t)
	if replaced {
		prev := &tr.recs[i]
		if old.Course == t.Course {
			rec.course, rec.courseLen = prev.course, prev.courseLen
		} else {
			tr.deadText += int(prev.courseLen)
			rec.course, rec.courseLen = tr.addText(t.Course)
		}
		if prev.cadreID != t.CadreID {
			tr.unlink(prev.cadreID, i)
			tr.byCadre[t.CadreID] = append(tr.byCadre[t.CadreID], i)
		}
		*prev = rec
		tr.compactText()
		return old, true
	}
	i = tr.add(rec, t.Course)
	tr.byCadre[t.CadreID] = append(tr.byCadre[t.CadreID], i)
	return Training{}, false
}

// load adds a record of a dataset being loaded, whose id it does not have yet; index then
// lists the records by cadre.
func (tr *trainingRecs) load(t *Training) {
	tr.add(tr.rec(t), t.Course)
}

// rec makes the record of a Training, but for its course.
func (tr *trainingRecs) rec(t *Training) trainingRec {
	return trainingRec{id: t.ID, cadreID: t.CadreID, startedOn: t.StartedOn, expectedOn: t.ExpectedOn,
		completedOn: t.CompletedOn, provider: tr.provider(t.Provider),
		kind: tr.word(t.ID, 0, string(t.Kind)), level: tr.word(t.ID, 1, string(t.Level)), status: tr.word(t.ID, 2, string(t.Status))}
}

// add puts a new record into a free slot and returns the slot.
func (tr *trainingRecs) add(rec trainingRec, course string) int32 {
	rec.course, rec.courseLen = tr.addText(course)
	var i int32
	if n := len(tr.free); n > 0 {
		i, tr.free = tr.free[n-1], tr.free[:n-1]
		tr.recs[i] = rec
	} else {
		i = int32(len(tr.recs))
		tr.recs = append(tr.recs, rec)
	}
	tr.setSlot(rec.id, i+1)
	return i
}

// index lists the loaded records by cadre, each cadre's list cut from one array of slots.
func (tr *trainingRecs) index() {
	n := map[int64]int32{}
	for i := range tr.recs {
		n[tr.recs[i].cadreID]++
	}
	slots := make([]int32, len(tr.recs))
	tr.byCadre = make(map[int64][]int32, len(n))
	at := 0
	for i := range tr.recs {
		id := tr.recs[i].cadreID
		list, ok := tr.byCadre[id]
		if !ok {
			list = slots[at : at : at+int(n[id])] // full: a later append copies it elsewhere
			at += int(n[id])
		}
		tr.byCadre[id] = append(list, int32(i))
	}
}

// remove removes a record and returns it, if there was one.
func (tr *trainingRecs) remove(id int64) (Training, bool) {
	i, ok := tr.slot(id)
	if !ok {
		return Training{}, false
	}
	rec := &tr.recs[i]
	old := tr.training(rec)
	tr.unlink(rec.cadreID, i)
	tr.deadText += int(rec.courseLen)
	for field := range uint8(3) {
		delete(tr.odd, oddWord{id, field})
	}
	*rec = trainingRec{kind: wordFree}
	tr.setSlot(id, 0)
	tr.free = append(tr.free, i)
	tr.compactText()
	return old, true
}

// slot returns the index in recs of the record with the id.
func (tr *trainingRecs) slot(id int64) (int32, bool) {
	if id >= 0 && id < int64(len(tr.slotOf)) && tr.slotOf[id] > 0 {
		return tr.slotOf[id] - 1, true
	}
	s, ok := tr.far[id] // also an id slotOf has grown past since
	return s, ok
}

// setSlot notes 1 + the record's index by its id, or that it has none (0).
func (tr *trainingRecs) setSlot(id int64, s int32) {
	inDense := id >= 0 && id < int64(len(tr.slotOf))
	switch {
	case s == 0:
		if inDense {
			tr.slotOf[id] = 0
		}
		delete(tr.far, id)
	case inDense:
		tr.slotOf[id] = s
	case id >= 0 && id < int64(2*len(tr.recs)+1024): // not much past the records there are
		tr.slotOf = append(tr.slotOf, make([]int32, int(id)+1-len(tr.slotOf))...)
		tr.slotOf[id] = s
	default:
		tr.far[id] = s - 1
	}
}

// unlink takes a slot off its cadre's list.
func (tr *trainingRecs) unlink(cadreID int64, i int32) {
	list := slices.DeleteFunc(tr.byCadre[cadreID], func(s int32) bool { return s == i })
	if len(list) == 0 {
		delete(tr.byCadre, cadreID)
	} else {
		tr.byCadre[cadreID] = list
	}
}

func (tr *trainingRecs) addText(s string) (at, n uint32) {
	at = uint32(len(tr.text))
	tr.text = append(tr.text, s...)
	return at, uint32(len(s))
}

// compactText copies the courses still named into a new text once the bytes of replaced and
// removed ones outweigh them, so that a long stream of writes does not grow it without end.
func (tr *trainingRecs) compactText() {
	if tr.deadText < 1<<20 || tr.deadText < len(tr.text)/2 {
		return
	}
	text := make([]byte, 0, len(tr.text)-tr.deadText)
	for i := range tr.recs {
		rec := &tr.recs[i]
		at := uint32(len(text))
		text = append(text, tr.text[rec.course:rec.course+rec.courseLen]...)
		rec.course = at
	}
	tr.text, tr.deadText = text, 0
}

// training makes the Training a record holds.
func (tr *trainingRecs) training(rec *trainingRec) Training {
	return Training{ID: rec.id, CadreID: rec.cadreID, Kind: TrainingKind(tr.wordOf(rec.id, 0, rec.kind)),
		Level: Level(tr.wordOf(rec.id, 1, rec.level)), Course: string(tr.text[rec.course : rec.course+rec.courseLen]),
		Provider: tr.providers[rec.provider], Status: TrainingStatus(tr.wordOf(rec.id, 2, rec.status)),
		StartedOn: rec.startedOn, ExpectedOn: rec.expectedOn, CompletedOn: rec.completedOn}
}

// get returns the record with the id.
func (tr *trainingRecs) get(id int64) (*trainingRec, bool) {
	i, ok := tr.slot(id)
	if !ok {
		return nil, false
	}
	return &tr.recs[i], true
}

// summarize computes the qualifications of one cadre's records.
func (tr *trainingRecs) summarize(cadreID int64) qualifications {
	var q qualifications
	for _, i := range tr.byCadre[cadreID] {
		rec := &tr.recs[i]
		k := 0
		switch rec.kind {
		case wordPoliticalTheory:
		case wordEducation:
			k = 1
		default:
			continue
		}
		q.add(k, tr.rank[k][rec.level], tr.pos[k][rec.level], rec)
	}
	return q
}
