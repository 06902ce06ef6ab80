import type { Level, Role } from '../bridge';

// The role rules of core/access, for the forms: which level a new user gets
// when the form does not choose one, and which levels a role may hold. The
// vault enforces both; the forms only avoid offering what it refuses.

/** defaultLevel is access.DefaultLevel: 編集 for 責任者 and 事務取扱担当者, 閲覧のみ for 一般職員, 開示不能 for 監査. */
export function defaultLevel(role: Role): Level {
  switch (role) {
    case 'admin':
    case 'handler':
      return 'edit';
    case 'staff':
      return 'read';
    default:
      return 'hidden';
  }
}

/** fixedLevel is the only level a role may hold (access.Role.Allows), or undefined when it may hold any: a 監査 reads the log and nothing else. */
export function fixedLevel(role: string | undefined): Level | undefined {
  return role === 'auditor' ? 'hidden' : undefined;
}
