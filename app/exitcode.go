package app

// ExitCode is the process status of a CLI verb. The numbers are part of
// Kinko's public interface (scheduled tasks and scripts test them): never
// renumber one; add new codes at the end. docs/cli.md lists them.
type ExitCode int

// The stable exit codes.
const (
	ExitOK          ExitCode = 0   // success
	ExitFailure     ExitCode = 1   // unexpected internal error
	ExitUsage       ExitCode = 2   // wrong command line
	ExitAuth        ExitCode = 3   // wrong password or unknown user
	ExitNotFound    ExitCode = 4   // vault, record, job or file not found
	ExitDenied      ExitCode = 5   // the user's role or level does not allow it
	ExitData        ExitCode = 6   // input data cannot be read (encoding, syntax, corrupt file)
	ExitIntegrity   ExitCode = 7   // verification found damage or tampering
	ExitUnavailable ExitCode = 8   // vault folder or backup drive unreachable, disk full
	ExitBusy        ExitCode = 9   // locked by another process or job
	ExitExpired     ExitCode = 10  // share package past its expiry
	ExitInterrupted ExitCode = 130 // cancelled (Ctrl-C or CancelJob)
)
