// Package share makes and opens Kinko's share packages (共有パッケージ) and
// return packages (返信用封筒で届いたもの).
//
// A package is a standard age file — nothing of Kinko's own — so any age
// tool (the age command, rage, typage in a browser) opens it:
//
//   - an outgoing package has one scrypt recipient (the generated
//     passphrase, work factor WorkFactor); a return package has one X25519
//     recipient, the public key of the envelope it was made with;
//   - its plaintext is a ZIP whose first entry is manifest.json (Manifest)
//     and whose other entries are "files/<path>", names in UTF-8 with the
//     UTF-8 flag set, each with its CRC-32 and sizes in the local header;
//   - every file's size and SHA-256 are in the manifest; an opener refuses
//     a package whose files differ from it, or whose expiry has passed.
//
// Create streams: memory stays flat whatever the size. Open decrypts with
// age.DecryptReaderAt, so the ZIP's central directory is read without
// writing plaintext anywhere but the target folder, and extracts into a
// staging folder renamed into place only when every file checked out.
//
// The offline HTML opener and the return envelope page are in
// core/share/opener; the My Number scan of outgoing files in
// core/share/scan. Expiry offline is advisory: the openers check it, but
// nothing stops someone who keeps the file and the passphrase.
package share
