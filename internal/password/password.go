// Package password hashes and checks passwords with argon2id, in the PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash) so that a hash carries its own parameters and
// they can be raised later without breaking the hashes already stored. Passwords are taken in
// Unicode NFC, so that a Vietnamese passphrase typed on a system that sends NFD is the same
// password.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// The parameters of new hashes: OWASP's recommended minimum for argon2id (19 MiB of memory, two
// passes, one lane), a 16-byte salt and a 32-byte key.
const (
	Memory  = 19456 // KiB
	Time    = 2
	Threads = 1
	SaltLen = 16
	KeyLen  = 32
)

// ErrMalformed is returned by Verify for an encoded hash it cannot read.
var ErrMalformed = errors.New("password: malformed hash")

var b64 = base64.RawStdEncoding

// Hash returns the encoded argon2id hash of password with a new random salt.
func Hash(password string) (string, error) {
	salt := make([]byte, SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(norm.NFC.String(password)), salt, Time, Memory, Threads, KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, Memory, Time, Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify tells whether password matches the encoded hash, comparing in constant time. The
// parameters are read from the hash. An error means the hash itself is unreadable.
func Verify(encoded, password string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

type params struct {
	memory  uint32
	time    uint32
	threads uint8
}

// Bounds on the parameters read from a stored hash, so that a corrupt or hostile one cannot make
// Verify allocate without limit.
const (
	maxMemory = 4 << 20 // KiB: 4 GiB
	maxTime   = 100
	maxKeyLen = 1024
)

func decode(encoded string) (params, []byte, []byte, error) {
	var p params
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, ErrMalformed
	}
	var threads uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &threads); err != nil || n != 3 {
		return p, nil, nil, ErrMalformed
	}
	if p.memory == 0 || p.memory > maxMemory || p.time == 0 || p.time > maxTime || threads == 0 || threads > 255 {
		return p, nil, nil, ErrMalformed
	}
	p.threads = uint8(threads)
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) == 0 {
		return p, nil, nil, ErrMalformed
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) == 0 || len(key) > maxKeyLen {
		return p, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}
