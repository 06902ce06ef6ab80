import { create } from 'zustand';

export const areas = ['clients', 'mynumber', 'backup', 'share', 'audit', 'users', 'vault', 'settings'] as const;
export type Area = (typeof areas)[number];

function areaFromHash(): Area {
  const h = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return (areas as readonly string[]).includes(h) ? (h as Area) : 'clients';
}

interface NavState {
  area: Area;
  go: (area: Area) => void;
}

/** useNav is the shell's router: one area at a time, kept in the URL hash so a reload stays put. */
export const useNav = create<NavState>((set) => ({
  area: areaFromHash(),
  go: (area) => {
    if (location.hash !== `#/${area}`) history.replaceState(null, '', `#/${area}`);
    set({ area });
  },
}));
