module github.com/gonpm/gonpm

go 1.26.8

require (
	github.com/creack/pty v1.1.24
	github.com/pquerna/otp v1.5.0
	github.com/spf13/pflag v1.0.10
	golang.org/x/term v0.48.0
)

require (
	github.com/boombuler/barcode v1.0.1-0.20190219062509-6c824513bacc // indirect
	golang.org/x/sys v0.50.0 // indirect
)
