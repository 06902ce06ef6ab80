// Package access holds Kinko's users, roles and protection levels, and Decide,
// the single pure function that says whether a user may do something.
//
// Nothing here does I/O, cryptography or reads the clock. The vault builds a
// State by applying journal ops in order and calls Decide before applying each
// op (a replica quarantines an op whose author was not allowed to do it at
// that point) and before every user action. Because Decide depends only on the
// State, every replica that has seen the same ops reaches the same verdicts.
//
// # Roles and levels
//
// A user has one Role: Admin (責任者) assigns people and levels, Handler
// (事務取扱担当者) may be designated to handle a client's My Numbers, Staff
// (一般職員) does ordinary work, Auditor (監査) reads the access log and
// nothing else. Per user and client there is a Level: Edit (編集), Read
// (閲覧のみ) or Hidden (開示不能). DefaultLevel gives a new user's default by
// role; Role.Allows says which levels a role may hold (an Auditor only
// Hidden), and DecideUser, DecideLevel and State.Level enforce it. State.Level gives the effective
// level: admins edit every client, a client marked OwnerOnly (所長のみ) is hidden
// from everyone else, otherwise an explicit per-client level wins over the
// user's default.
//
// # My Numbers
//
// Access to a client's My Numbers (特定個人情報) is a separate designation, not
// a level. Only someone who already holds a client's My Number key — a
// designated handler — can designate another handler. An administrator who is
// not designated cannot read My Numbers and cannot designate anyone, not even
// themselves: even the head of the office cannot see them unless a handler
// lets them in. An administrator may revoke a designation.
//
// # Scopes
//
// Hidden levels and My Numbers are enforced by encryption, not only by Decide:
// each scope ("office", "audit", "client:<id>", "mynumber:<id>") has a key
// that the vault wraps to exactly the users Members returns, plus the
// recovery key. A user outside a scope holds no key for it.
//
// # Errors
//
// A refusal is a *DeniedError that matches ErrDenied. Its Reason is a short,
// stable identifier (ReasonNotAdmin, ReasonLevelHidden, ...) that the vault
// stores in its quarantine and the app maps to words; it never contains a
// name, an id or any record data.
package access
