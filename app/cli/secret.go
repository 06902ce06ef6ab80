package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/kinko-jp/kinko/app"
)

// A secret (password, recovery key) comes from, in order: the file named by
// a flag, an environment variable, or a prompt on the terminal — never from
// the command line, which every process on the PC can read.

// secretSource names where one secret may come from.
type secretSource struct {
	file   string // value of the --…-file flag
	envVar string // e.g. KINKO_PASSWORD
	prompt string // catalog key of the prompt
}

// errNoSecret: no file, no variable, and no terminal to ask on.
var errNoSecret = &app.Error{Code: "cli.no_secret"}

func (e *Env) secret(src secretSource, confirm bool) ([]byte, error) {
	if src.file != "" {
		b, err := os.ReadFile(src.file)
		if err != nil {
			return nil, &app.Error{Code: "cli.secret_file"}
		}
		if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
			b = b[:i]
		}
		return b, nil
	}
	if v := e.Getenv(src.envVar); v != "" {
		return []byte(v), nil
	}
	if e.ReadSecret == nil {
		return nil, errNoSecret
	}
	s, err := e.ReadSecret(e.T(src.prompt, nil) + ": ")
	if err != nil {
		return nil, errNoSecret
	}
	if confirm {
		again, err := e.ReadSecret(e.T("cli.prompt.again", nil) + ": ")
		if err != nil {
			return nil, errNoSecret
		}
		if !bytes.Equal(s, again) {
			return nil, &app.Error{Code: "cli.secret_mismatch"}
		}
	}
	return s, nil
}

// terminalSecret reads a line from the terminal without echo; when stdin
// is not a terminal (a pipe) it reads one line from it.
func terminalSecret(prompt string) ([]byte, error) {
	fd := int(os.Stdin.Fd())
	if term.IsTerminal(fd) {
		fmt.Fprint(os.Stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		return b, err
	}
	line, err := stdinLines.ReadBytes('\n')
	if len(line) == 0 && err != nil {
		return nil, errors.New("cli: no input")
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

var stdinLines = bufio.NewReader(os.Stdin)
