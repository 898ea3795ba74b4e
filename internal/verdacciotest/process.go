package verdacciotest

import (
	"os/exec"
	"sync"
)

// process is a started Verdaccio whose exit is observed in the background,
// so readiness polling can notice an early death.
type process struct {
	cmd      *exec.Cmd
	done     chan struct{}
	err      error // set before done is closed
	stopOnce sync.Once
}

func startProcess(cmd *exec.Cmd) (*process, error) {
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// stop kills the process and anything it started, and waits for it.
func (p *process) stop() {
	p.stopOnce.Do(func() {
		select {
		case <-p.done:
			return
		default:
		}
		killProcessGroup(p.cmd)
		<-p.done
	})
}
