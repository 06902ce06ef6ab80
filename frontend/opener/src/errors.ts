// The refusals of the pages, one code each; the pages show them in words
// (i18n.ts, "err.<code>"). They match the app's share.* error codes where
// the app has the same case.
export type ErrorCode =
  | 'passphrase' // wrong passphrase
  | 'not_package' // not an age file, or not a Kinko package inside
  | 'corrupt' // damaged or altered (hash, size, CRC, unlisted entry)
  | 'truncated' // the file ends too early
  | 'expired'
  | 'unsafe_name'
  | 'work_factor' // scrypt work factor above 20
  | 'too_new' // manifest version newer than this page
  | 'return_package' // a return package: only the office opens it
  | 'changed' // a file changed while the envelope read it
  | 'empty' // no files chosen
  | 'read' // a chosen file could not be read
  | 'save'; // saving failed or was refused by the browser

export class ShareError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ShareError';
  }
}

export function isShareError(e: unknown, code?: ErrorCode): e is ShareError {
  return e instanceof ShareError && (code === undefined || e.code === code);
}
