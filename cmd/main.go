// Package cmd builds gonpm's root command and turns errors into exit codes.
package cmd

// Main runs gonpm and returns the process exit code.
func Main() int { return 0 }
