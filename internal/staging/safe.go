package staging

import "github.com/gonpm/gonpm/internal/termsafe"

// SafeText makes registry text safe to print on a terminal: control
// characters (escape sequences, carriage returns, newlines) are shown
// escaped instead of acting on the screen. It is termsafe.Line, the one
// helper every command uses.
func SafeText(s string) string { return termsafe.Line(s) }
