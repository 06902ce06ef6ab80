package keys

// MarshalSecrets returns u's secrets document (the plaintext SealUser
// encrypts). The vault seals it under a key kept in the OS keychain for
// "remember me on this PC". The caller must clear the result after use and
// never store it unsealed.
func MarshalSecrets(u *User) ([]byte, error) { return marshalUser(u) }

// UnmarshalSecrets parses a document made by MarshalSecrets. Errors wrap
// ErrCorrupt and never quote the input.
func UnmarshalSecrets(doc []byte) (*User, error) { return unmarshalUser(doc) }
