package config

import (
	"reflect"
	"testing"
)

func TestEnvEntries(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want []entry
	}{
		{"lower prefix", []string{"npm_config_registry=http://127.0.0.1:1/"}, []entry{{Key: "registry", Value: "http://127.0.0.1:1/"}}},
		{"upper prefix", []string{"NPM_CONFIG_OTP=123456"}, []entry{{Key: "otp", Value: "123456"}}},
		{"mixed prefix", []string{"Npm_Config_Otp=1"}, []entry{{Key: "otp", Value: "1"}}},
		{"underscores become dashes", []string{"npm_config_fetch_retries=5"}, []entry{{Key: "fetch-retries", Value: "5"}}},
		{"leading underscore kept", []string{"npm_config__auth=abc"}, []entry{{Key: "_auth", Value: "abc"}}},
		{"upper key lowered", []string{"NPM_CONFIG_FETCH_TIMEOUT=1"}, []entry{{Key: "fetch-timeout", Value: "1"}}},
		{"nerf dart verbatim", []string{"NPM_CONFIG_//127.0.0.1:4873/:_authToken=t"}, []entry{{Key: "//127.0.0.1:4873/:_authToken", Value: "t"}}},
		{"empty skipped", []string{"npm_config_otp="}, nil},
		{"other variables ignored", []string{"HOME=/h", "npm_configx=1", "npm_config_=1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := envEntries(tt.env); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
