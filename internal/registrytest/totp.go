package registrytest

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

const totpIssuer = "gonpm-testregistry"

var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPCode is the 6-digit SHA-1 TOTP code (30 s period) of secret at t.
func TOTPCode(secret string, t time.Time) (string, error) {
	code, err := totp.GenerateCodeCustom(secret, t, totpOpts)
	if err != nil {
		return "", fmt.Errorf("computing TOTP code: %w", err)
	}
	return code, nil
}

// TOTP is TOTPCode for tests; it returns "" for an invalid secret.
func (s *Server) TOTP(secret string, t time.Time) string {
	code, _ := TOTPCode(secret, t)
	return code
}

func validTOTP(secret, code string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now, totpOpts)
	return err == nil && ok
}

func newTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// otpauthURL is the enrolment URL npm turns into a QR code; npm reads the
// secret query parameter for its " Or enter code:" line.
func otpauthURL(user, secret string) string {
	return fmt.Sprintf("otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=6&period=30",
		totpIssuer, url.PathEscape(user), secret, totpIssuer)
}

// newRecoveryCodes returns ten single-use codes of 64 hex digits: npm's OTP
// prompt accepts only digits or exactly 64 hex characters, so longer or
// shorter hex codes could not be typed at it.
func newRecoveryCodes() []recoveryCode {
	codes := make([]recoveryCode, 10)
	for i := range codes {
		codes[i] = recoveryCode{Code: randomHex(32)}
	}
	return codes
}
