module github.com/gonpm/gonpm

go 1.26.8

require (
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/mdp/qrterminal/v3 v3.2.1
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.1.0
	golang.org/x/term v0.48.0
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	rsc.io/qr v0.2.0 // indirect
)
