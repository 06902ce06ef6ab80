import { create } from 'zustand';
import { bridge, type AppError, type Info } from '../bridge';

interface SystemState {
  info?: Info;
  error?: AppError;
  load: () => Promise<void>;
}

/** useSystem holds what the shell shows about the app: version, data folder. */
export const useSystem = create<SystemState>((set) => ({
  load: async () => {
    try {
      set({ info: await bridge.system.info(), error: undefined });
    } catch (e) {
      set({ error: e as AppError });
    }
  },
}));
