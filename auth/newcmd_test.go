package auth

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

func TestNewCmdLoginAndAdduser(t *testing.T) {
	tests := []struct {
		name       string
		newCmd     func(*cmdutil.Factory, func(*LoginOptions) error) *cobra.Command
		args       []string
		wantCreate bool
		wantErr    bool
	}{
		{name: "login", newCmd: NewCmdLogin},
		{name: "adduser creates the account", newCmd: NewCmdAdduser, wantCreate: true},
		{name: "login takes no arguments", newCmd: NewCmdLogin, args: []string{"amy"}, wantErr: true},
		{name: "adduser takes no arguments", newCmd: NewCmdAdduser, args: []string{"amy"}, wantErr: true},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, tt.newCmd, tt.args...)
		if tt.wantErr {
			if err == nil || got != nil {
				t.Errorf("%s: err = %v, want a refusal before running", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Create != tt.wantCreate {
			t.Errorf("%s: Create = %v, want %v", tt.name, got.Create, tt.wantCreate)
		}
	}
}

func TestNewCmdWhoamiAndLogout(t *testing.T) {
	if got, err := cmdtest.Parse(t, NewCmdWhoami); err != nil || got == nil {
		t.Errorf("whoami: %v", err)
	}
	if got, err := cmdtest.Parse(t, NewCmdWhoami, "x"); err == nil || got != nil {
		t.Errorf("whoami x: err = %v, want a refusal", err)
	}
	if got, err := cmdtest.Parse(t, NewCmdLogout); err != nil || got == nil {
		t.Errorf("logout: %v", err)
	}
	if got, err := cmdtest.Parse(t, NewCmdLogout, "x"); err == nil || got != nil {
		t.Errorf("logout x: err = %v, want a refusal", err)
	}
}
