package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"sync"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
)

// pendingTTL is how long an uploaded file waits for its user to confirm the import.
const pendingTTL = 15 * time.Minute

// pendingUploads keeps the files whose dry run found nothing wrong until their user confirms
// the import, so that what is imported is exactly what was checked and nobody picks the file
// again. They are held in memory only (a restart forgets them: the user uploads again), under
// a random token that is good for one confirmation, from the session that uploaded the file
// and for that kind only. Memory is bounded: one file a session (a new upload replaces the
// last), each within the upload limit, at most budget bytes in all (the oldest go first), and
// none kept past pendingTTL.
type pendingUploads struct {
	now    func() time.Time
	budget int64

	mu      sync.Mutex
	used    int64
	puts    uint64 // uploads kept so far, to order them: two may come in the same clock tick
	byToken map[string]*pendingUpload
}

type pendingUpload struct {
	session [sha256.Size]byte // a hash of the session's cookie: the token is useless elsewhere
	kind    chitieu.ImportKind
	file    *sheetimport.File
	expires time.Time
	seq     uint64 // its place among the uploads kept, the oldest first
}

func newPendingUploads(now func() time.Time, budget int64) *pendingUploads {
	return &pendingUploads{now: now, budget: budget, byToken: map[string]*pendingUpload{}}
}

// sessionHash is what binds an upload to the session that made it: a hash of the session's
// cookie, so that the token is never kept beside the session's credential.
func sessionHash(cookie string) [sha256.Size]byte { return sha256.Sum256([]byte(cookie)) }

// put keeps the file for the session and returns the token that confirms it.
func (p *pendingUploads) put(session [sha256.Size]byte, kind chitieu.ImportKind, f *sheetimport.File) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.prune(now)
	for token, u := range p.byToken {
		if u.session == session {
			p.remove(token)
		}
	}
	size := int64(len(f.Data))
	for p.used+size > p.budget && len(p.byToken) > 0 {
		p.remove(p.oldest())
	}
	token := rand.Text()
	p.puts++
	p.byToken[token] = &pendingUpload{session: session, kind: kind, file: f, expires: now.Add(pendingTTL), seq: p.puts}
	p.used += size
	return token
}

// take hands over the file of the token, once, to the session that uploaded it and for the
// same kind; nil when there is none (expired, already imported, pushed out, or never there).
func (p *pendingUploads) take(token string, session [sha256.Size]byte, kind chitieu.ImportKind) *sheetimport.File {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prune(p.now())
	u := p.byToken[token]
	if u == nil || subtle.ConstantTimeCompare(u.session[:], session[:]) != 1 || u.kind != kind {
		return nil
	}
	p.remove(token)
	return u.file
}

// prune forgets the files past their time.
func (p *pendingUploads) prune(now time.Time) {
	for token, u := range p.byToken {
		if !now.Before(u.expires) {
			p.remove(token)
		}
	}
}

func (p *pendingUploads) remove(token string) {
	if u := p.byToken[token]; u != nil {
		p.used -= int64(len(u.file.Data))
		delete(p.byToken, token)
	}
}

func (p *pendingUploads) oldest() string {
	var first string
	var seq uint64
	for token, u := range p.byToken {
		if first == "" || u.seq < seq {
			first, seq = token, u.seq
		}
	}
	return first
}
