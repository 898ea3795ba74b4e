package profile

import (
	"strings"
	"testing"
)

func TestParseOTPAuth(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		want    enrolment
		wantErr string
	}{
		{
			name: "issuer in the label and the query",
			url:  "otpauth://totp/npm:pat?secret=JBSWY3DPEHPK3PXP&issuer=npm",
			want: enrolment{Secret: "JBSWY3DPEHPK3PXP", Issuer: "npm", Account: "pat"},
		},
		{
			name: "issuer only in the label",
			url:  "otpauth://totp/Example%20Registry:pat%40example.test?secret=ABC",
			want: enrolment{Secret: "ABC", Issuer: "Example Registry", Account: "pat@example.test"},
		},
		{
			name: "query issuer wins over the label",
			url:  "otpauth://totp/label:pat?secret=ABC&issuer=query",
			want: enrolment{Secret: "ABC", Issuer: "query", Account: "pat"},
		},
		{
			name: "no issuer at all",
			url:  "otpauth://totp/pat?secret=ABC",
			want: enrolment{Secret: "ABC", Account: "pat"},
		},
		{
			name: "control characters are not sent to the terminal",
			url:  "otpauth://totp/ev%1B%5B2Jil:p%07at?secret=ABC",
			want: enrolment{Secret: "ABC", Issuer: "ev?[2Jil", Account: "p?at"},
		},
		{name: "no secret", url: "otpauth://totp/npm:pat?issuer=npm", wantErr: "has no secret"},
		{name: "counter-based", url: "otpauth://hotp/npm:pat?secret=ABC&counter=1", wantErr: `"hotp" codes`},
		{name: "not otpauth", url: "https://registry.example.test/?secret=ABC", wantErr: "not a valid otpauth:// URL"},
		{name: "unparsable", url: "otpauth://totp/%zz?secret=SECRETVALUE", wantErr: "not a valid otpauth:// URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseOTPAuth(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "SECRETVALUE") || strings.Contains(err.Error(), "secret=") {
					t.Errorf("the error repeats the URL: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.URL = tt.url
			if *got != tt.want {
				t.Errorf("got %+v, want %+v", *got, tt.want)
			}
		})
	}
}
