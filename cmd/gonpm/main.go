// Command gonpm is an npm-compatible client for the registry's account and
// package-ownership work.
package main

import (
	"os"

	"github.com/gonpm/gonpm/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
