package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed static
var staticFS embed.FS

const staticPrefix = "/static/"

// staticFiles serves the embedded files at URLs that carry a hash of their content, so that a
// browser may keep them for a year and still gets a changed file at once.
type staticFiles struct {
	byURL  map[string]staticFile // "app.1a2b3c4d5e6f.css" -> file
	byName map[string]string     // "app.css" -> its URL
}

type staticFile struct {
	body        []byte
	contentType string
}

func loadStatic() (*staticFiles, error) {
	s := &staticFiles{byURL: map[string]staticFile{}, byName: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := path.Base(p)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		s.byURL[hashed] = staticFile{body: body, contentType: mime.TypeByExtension(ext)}
		s.byName[name] = staticPrefix + hashed
		return nil
	})
	return s, err
}

// url returns the hashed URL of a static file.
func (s *staticFiles) url(name string) string { return s.byName[name] }

// favicon answers /favicon.ico, which browsers ask for whatever the page links, with the
// icon the pages link.
func (s *staticFiles) favicon(c *gin.Context) {
	c.Params = gin.Params{{Key: "file", Value: strings.TrimPrefix(s.url("favicon.svg"), staticPrefix)}}
	s.serve(c)
}

func (s *staticFiles) serve(c *gin.Context) {
	f, ok := s.byURL[strings.TrimPrefix(c.Param("file"), "/")]
	if !ok {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, f.contentType, f.body)
}
