/** Transient notifications, optionally with one action (e.g. Undo). */
import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
  detail?: string;
  action?: {
    label: string;
    testId?: string;
    run: () => void | Promise<void>;
    /** The ledger change this action undoes: the button turns off once the ledger shows it undone elsewhere. */
    undoesChange?: number;
  };
  /** Milliseconds before it closes itself; 0 keeps it until dismissed. */
  timeout: number;
}

interface ToastStore {
  toasts: Toast[];
  push: (t: Omit<Toast, 'id' | 'timeout'> & { timeout?: number }) => number;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToastStore = create<ToastStore>((set) => ({
  toasts: [],
  push: (t) => {
    const id = nextId++;
    // Toasts with an action stay longer: the user needs time to decide to undo.
    const timeout = t.timeout ?? (t.action ? 12_000 : t.kind === 'error' ? 8000 : 4000);
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id, timeout }] }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Shorthand for the common cases. */
export const toast = {
  success: (message: string, extra?: Partial<Omit<Toast, 'id' | 'kind' | 'message'>>) => useToastStore.getState().push({ kind: 'success', message, ...extra }),
  error: (message: string, extra?: Partial<Omit<Toast, 'id' | 'kind' | 'message'>>) => useToastStore.getState().push({ kind: 'error', message, ...extra }),
  info: (message: string, extra?: Partial<Omit<Toast, 'id' | 'kind' | 'message'>>) => useToastStore.getState().push({ kind: 'info', message, ...extra }),
};
