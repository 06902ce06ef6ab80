import { create } from 'zustand';
import { bridge, type AppError, type BulkResult, type Level, type MatrixView, type NewUserRequest, type RecoverySheet, type UserChangeRequest } from '../bridge';
import { useVault } from './vault';
import { jobError, runJob } from './runJob';

interface UsersStore {
  matrix?: MatrixView;
  /** Why the matrix could not be loaded (access.not_admin for staff). */
  matrixError?: AppError;
  loading: boolean;
  /** The last failed change in the matrix, shown above it. */
  actionError?: AppError;
  /** Cells being saved: "user|client" and "owner|client". */
  pending: Record<string, boolean>;
  /**
   * The sheet of a recovery key just reissued. Like the first sheet it lives
   * only here, in memory, until the 責任者 closes it: never in storage, the
   * console or a log, and it goes when the vault locks.
   */
  reissued?: RecoverySheet;

  loadMatrix: () => Promise<void>;
  addUser: (req: NewUserRequest) => Promise<AppError | undefined>;
  updateUser: (id: string, change: UserChangeRequest) => Promise<AppError | undefined>;
  setLevel: (userId: string, clientId: string, level: Level | '') => Promise<void>;
  setOwnerOnly: (clientId: string, ownerOnly: boolean) => Promise<void>;
  /** setLevels sets one user's level on many clients at once ('' back to the default); bulk holds the clients changed. */
  setLevels: (userId: string, clientIds: string[], level: Level | '') => Promise<AppError | undefined>;
  /** setDefault sets what new clients give a user; keep leaves the existing clients as they are. */
  setDefault: (userId: string, level: Level, keep: boolean) => Promise<AppError | undefined>;
  /** The last bulk change's result: which user, how many clients changed. */
  bulk?: { userId: string; changed: number };
  /** The running bulk change's job (progress and cancel), if any. */
  bulkJob?: string;
  /** toggleMyNumber designates the user as the client's My Number handler, or withdraws it. */
  toggleMyNumber: (userId: string, clientId: string) => Promise<void>;
  createClient: (name: string, ownerOnly: boolean) => Promise<AppError | undefined>;
  clearActionError: () => void;
  /** reissueRecovery issues a new recovery key with the 責任者's password; its sheet lands in reissued. */
  reissueRecovery: (password: string) => Promise<AppError | undefined>;
  /** closeReissued forgets the reissued sheet: the 責任者 has printed it. */
  closeReissued: () => void;
}

/**
 * useUsers is the users-and-permissions area: the matrix of users × clients.
 * The list of users itself is public in the vault and comes with VaultState
 * (useVault), which is reloaded after each change of a user.
 */
export const useUsers = create<UsersStore>((set, get) => {
  async function change(key: string, fn: () => Promise<unknown>) {
    set({ pending: { ...get().pending, [key]: true }, actionError: undefined });
    try {
      await fn();
    } catch (e) {
      set({ actionError: e as AppError });
    }
    const pending = { ...get().pending };
    delete pending[key];
    set({ pending });
    await get().loadMatrix();
  }

  // A change of many clients, a job (thousands of clients take seconds:
  // progress and cancel in bulkJob): marked pending under key, refused or
  // cancelled as a whole (the error is returned to the form), then the
  // matrix and the accounts (a default level) are read again.
  async function bulkChange(key: string, userId: string, start: () => Promise<string>) {
    set({ pending: { ...get().pending, [key]: true }, actionError: undefined, bulk: undefined });
    let err: AppError | undefined;
    try {
      const done = await runJob(start, (id) => set({ bulkJob: id }));
      err = jobError(done);
      if (!err) set({ bulk: { userId, changed: (done.result as BulkResult | undefined)?.changed?.length ?? 0 } });
    } catch (e) {
      err = e as AppError;
    }
    const pending = { ...get().pending };
    delete pending[key];
    set({ pending, bulkJob: undefined });
    await Promise.all([useVault.getState().load(), get().loadMatrix()]);
    return err;
  }

  return {
    loading: false,
    pending: {},

    loadMatrix: async () => {
      set({ loading: true });
      try {
        set({ matrix: await bridge.vault.matrix(), matrixError: undefined });
      } catch (e) {
        set({ matrix: undefined, matrixError: e as AppError });
      } finally {
        set({ loading: false });
      }
    },

    addUser: async (req) => {
      try {
        await bridge.vault.addUser(req);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([useVault.getState().load(), get().loadMatrix()]);
      return undefined;
    },

    updateUser: async (id, c) => {
      try {
        await bridge.vault.updateUser(id, c);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([useVault.getState().load(), get().loadMatrix()]);
      return undefined;
    },

    setLevel: (userId, clientId, level) => change(`${userId}|${clientId}`, () => bridge.vault.setLevel(userId, clientId, level)),

    setOwnerOnly: (clientId, ownerOnly) => change(`owner|${clientId}`, () => bridge.vault.setOwnerOnly(clientId, ownerOnly)),

    setLevels: (userId, clientIds, level) => bulkChange('bulk', userId, () => bridge.vault.setLevelsStart(userId, clientIds, level)),

    setDefault: (userId, level, keep) => bulkChange(`default|${userId}`, userId, () => bridge.vault.setDefaultLevelStart(userId, level, keep)),

    toggleMyNumber: (userId, clientId) => {
      const designated = get().matrix?.clients?.find((c) => c.id === clientId)?.handlers?.includes(userId) ?? false;
      return change(`mn|${userId}|${clientId}`, () =>
        designated ? bridge.vault.revokeMyNumber(userId, clientId) : bridge.vault.grantMyNumber(userId, clientId),
      );
    },

    createClient: async (name, ownerOnly) => {
      try {
        await bridge.vault.createClient(name, ownerOnly);
      } catch (e) {
        return e as AppError;
      }
      await get().loadMatrix();
      return undefined;
    },

    clearActionError: () => set({ actionError: undefined }),

    reissueRecovery: async (password) => {
      try {
        set({ reissued: await bridge.vault.rotateRecovery(password) });
      } catch (e) {
        return e as AppError;
      }
      // The accounts now say who still needs to log in once.
      await useVault.getState().load();
      return undefined;
    },

    closeReissued: () => set({ reissued: undefined }),
  };
});

// A session's matrix goes with the session: nobody sees the previous
// user's table after a lock.
useVault.subscribe((s, prev) => {
  if (prev.state?.phase === 'open' && s.state?.phase !== 'open')
    useUsers.setState({ matrix: undefined, matrixError: undefined, actionError: undefined, pending: {}, reissued: undefined, bulk: undefined });
});
