package password

import (
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		user, pw, want string // want: "" for accepted, else a part of the message
	}{
		{"an", "ngựa-ô đi qua cầu", ""},
		{"an", "ngắn", "at least 10 characters"},
		{"nguyen.van.an", "Nguyen.Van.An", "must not be the username"},
		{"an", "Đoàn viên thanh niên 2014", ""},
		{"an", "aaaaaaaaaaaa", "one character repeated"},
		{"an", "ỗỗỗỗỗỗỗỗỗỗ", "one character repeated"},
		{"an", "qwertyuiop", "common passwords"},
		{"an", "Password123", "common passwords"},
		{"an", "matkhau@123", "common passwords"},
	} {
		err := Validate(tt.user, tt.pw)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q for %s: %v", tt.pw, tt.user, err)
		case tt.want != "" && (chitieu.ErrorCode(err) != chitieu.EINVALID || !strings.Contains(i18n.Message(i18n.EN, err), tt.want)):
			t.Errorf("%q for %s: %v, want EINVALID with %q", tt.pw, tt.user, err, tt.want)
		}
	}
	if len(common) < 1500 {
		t.Errorf("the common list has %d passwords", len(common))
	}
}
