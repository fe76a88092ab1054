package password

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
)

// common-passwords.txt is the passwords of 10 characters or more (the shortest accepted) from
// the list of the zxcvbn module github.com/trustelem/zxcvbn v1.0.1 (data/passwords.txt, itself
// from Xato's corpus of leaked passwords), lower-cased, and a few Vietnamese and this service's
// own obvious ones. zxcvbn: MIT licence, Copyright (c) 2018 Vincent Vanackere and Trustelem.
//
//go:embed common-passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(commonList) {
		m[p] = true
	}
	return m
}()

// Validate checks a new password of username, in the spirit of NIST SP 800-63B: long enough
// (chitieu.ValidatePassword), and none of what a guesser tries first: the username, one
// character repeated, a password on the common list (compared
// without regard to case). It sets no rule of character classes.
func Validate(username, pw string) error {
	if err := chitieu.ValidatePassword(pw); err != nil {
		return err
	}
	lower := strings.ToLower(norm.NFC.String(pw))
	first, _ := utf8.DecodeRuneInString(lower)
	switch {
	case lower == strings.ToLower(username):
		return chitieu.Invalid("password", chitieu.RuleNotUsername)
	case strings.Trim(lower, string(first)) == "":
		return chitieu.Invalid("password", chitieu.RuleRepeatedChar)
	case common[lower]:
		return chitieu.Invalid("password", chitieu.RuleCommonPassword)
	}
	return nil
}
