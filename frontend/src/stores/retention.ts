import { create } from 'zustand';
import { bridge, toAppError, type AppError, type Person, type RetentionItem } from '../bridge';

interface RetentionStore {
  items: RetentionItem[];
  loaded: boolean;
  error?: AppError;
  /** names: client id → name, and "client/person" → person name, for the rows. */
  names: Record<string, string>;
  load: () => Promise<void>;
}

/** useRetention is the deletion queue: every My Number with the day it may be erased, those past it first. */
export const useRetention = create<RetentionStore>((set) => ({
  items: [],
  loaded: false,
  names: {},
  load: async () => {
    try {
      const items = await bridge.numbers.retention();
      const names: Record<string, string> = {};
      const clients = await bridge.clients.list();
      for (const c of clients) names[c.id] = c.name;
      for (const client of new Set(items.map((i) => i.client))) {
        const people = (await bridge.clients.people(client).catch(() => [])) as Person[];
        for (const p of people) names[`${client}/${p.id}`] = p.name;
      }
      set({ items, names, loaded: true, error: undefined });
    } catch (e) {
      set({ error: toAppError(e), loaded: true });
    }
  },
}));
