package password_test

import (
	"errors"
	"strings"
	"testing"

	"chitieu/internal/password"

	"golang.org/x/text/unicode/norm"
)

func TestHash(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		h, err := password.Hash("correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Fatalf("hash %q: want the argon2id PHC form with OWASP parameters", h)
		}
		parts := strings.Split(h, "$")
		if got := len(parts[4]); got != 22 { // 16 bytes, unpadded base64
			t.Fatalf("salt %q: %d characters, want 22", parts[4], got)
		}
		if ok, err := password.Verify(h, "correct horse battery staple"); err != nil || !ok {
			t.Fatalf("Verify(right password) = %v, %v; want true, nil", ok, err)
		}
	})

	t.Run("SaltedEachTime", func(t *testing.T) {
		a, _ := password.Hash("same password")
		b, _ := password.Hash("same password")
		if a == b {
			t.Fatal("two hashes of one password are equal: the salt is not random")
		}
	})

	t.Run("LongVietnamese", func(t *testing.T) {
		// Far past bcrypt's 72 bytes; the last character must still count.
		pw := strings.Repeat("Đoàn Thanh niên Cộng sản Hồ Chí Minh ", 5)
		h, err := password.Hash(pw + "a")
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := password.Verify(h, pw+"b"); ok {
			t.Fatal("a password differing in its last character verified")
		}
		if ok, _ := password.Verify(h, pw+"a"); !ok {
			t.Fatal("the right password did not verify")
		}
	})
}

func TestVerify(t *testing.T) {
	h, err := password.Hash("mật khẩu đúng rồi")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		encoded  string
		password string
		want     bool
		wantErr  error
	}{
		{"Right", h, "mật khẩu đúng rồi", true, nil},
		{"Wrong", h, "mật khẩu sai rồi", false, nil},
		{"NFDIsTheSamePassword", h, norm.NFD.String("mật khẩu đúng rồi"), true, nil},
		{"Empty", h, "", false, nil},
		{"ErrNotPHC", "plain", "x", false, password.ErrMalformed},
		{"ErrOtherAlgorithm", strings.Replace(h, "argon2id", "argon2i", 1), "x", false, password.ErrMalformed},
		{"ErrBadParams", strings.Replace(h, "m=19456", "m=oops", 1), "x", false, password.ErrMalformed},
		{"ErrHugeMemory", strings.Replace(h, "m=19456", "m=99999999", 1), "x", false, password.ErrMalformed},
		{"ErrBadSalt", strings.Replace(h, "$m=19456,t=2,p=1$", "$m=19456,t=2,p=1$!!", 1), "x", false, password.ErrMalformed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := password.Verify(tt.encoded, tt.password)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	h, _ := password.Hash("benchmark password")
	for b.Loop() {
		password.Verify(h, "benchmark password")
	}
}
