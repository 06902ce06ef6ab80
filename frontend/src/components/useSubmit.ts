import { useState } from 'react';
import type { AppError } from '../bridge';

export interface SubmitOptions<V> {
  /** onOk runs after a successful run (busy already false). */
  onOk?: (v: V) => void;
  /** onError runs after a failed run, once error has been set. */
  onError?: (err: AppError, v: V) => void;
}

export interface Submit<V> {
  busy: boolean;
  error?: AppError;
  submit: (v: V) => Promise<void>;
  clearError: () => void;
}

/**
 * useSubmit is the busy/error state of a form that calls one store action:
 * submit clears the error, marks busy while run is pending, then keeps the
 * AppError run resolves with (and calls onError) or calls onOk.
 */
export function useSubmit<V>(run: (v: V) => Promise<AppError | undefined>, { onOk, onError }: SubmitOptions<V> = {}): Submit<V> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const submit = async (v: V) => {
    setBusy(true);
    setError(undefined);
    const err = await run(v);
    setBusy(false);
    if (err) {
      setError(err);
      onError?.(err, v);
    } else onOk?.(v);
  };
  return { busy, error, submit, clearError: () => setError(undefined) };
}
