import { describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { AppError } from '../bridge';
import { useSubmit } from './useSubmit';

describe('useSubmit', () => {
  it('is busy while the action runs, then calls onOk', async () => {
    let finish!: (e: AppError | undefined) => void;
    const run = vi.fn(() => new Promise<AppError | undefined>((r) => (finish = r)));
    const onOk = vi.fn();
    const onError = vi.fn();
    const { result } = renderHook(() => useSubmit(run, { onOk, onError }));
    let pending!: Promise<void>;
    act(() => {
      pending = result.current.submit(7);
    });
    expect(result.current.busy).toBe(true);
    expect(run).toHaveBeenCalledWith(7);
    await act(async () => {
      finish(undefined);
      await pending;
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeUndefined();
    expect(onOk).toHaveBeenCalledWith(7);
    expect(onError).not.toHaveBeenCalled();
  });

  it('keeps the error, calls onError, and clears it on the next submit or clearError', async () => {
    const err: AppError = { code: 'auth.bad_password' };
    const run = vi.fn(async (v: string): Promise<AppError | undefined> => (v === 'bad' ? err : undefined));
    const onOk = vi.fn();
    const onError = vi.fn();
    const { result } = renderHook(() => useSubmit(run, { onOk, onError }));
    await act(() => result.current.submit('bad'));
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBe(err);
    expect(onError).toHaveBeenCalledWith(err, 'bad');
    expect(onOk).not.toHaveBeenCalled();
    act(() => result.current.clearError());
    expect(result.current.error).toBeUndefined();
    await act(() => result.current.submit('bad'));
    expect(result.current.error).toBe(err);
    await act(() => result.current.submit('good'));
    expect(result.current.error).toBeUndefined();
    expect(onOk).toHaveBeenCalledWith('good');
  });
});
