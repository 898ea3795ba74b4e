package registry

import (
	"strings"
	"testing"
)

// TestOTPErrorWaysForward: in CI only a publish is told about trusted
// publishing and bypass tokens; every write is told about the code sources.
func TestOTPErrorWaysForward(t *testing.T) {
	tests := []struct {
		name    string
		err     OTPError
		want    []string
		notWant []string
	}{
		{"publish in CI", OTPError{InCI: true, Publish: true}, []string{"--otp=<code>", "NPM_CONFIG_OTP", "--otp-command", "trusted publishing", "bypass 2FA"}, nil},
		{"approve in CI", OTPError{InCI: true}, []string{"--otp=<code>", "NPM_CONFIG_OTP", "--otp-command"}, []string{"trusted publishing", "bypass 2FA"}},
		{"outside CI", OTPError{Publish: true}, []string{"--otp=<code>", "NPM_CONFIG_OTP"}, []string{"trusted publishing", "--otp-command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(msg, w) {
					t.Errorf("%q has %q", msg, w)
				}
			}
		})
	}
}
