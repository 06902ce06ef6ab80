import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../i18n';
import { NumberReveal } from './NumberReveal';
import { resetClientsForTests } from '../stores/clients';
import { installFakeGo, type FakeGo } from '../testing';

const digits = '123456789018';

describe('NumberReveal', () => {
  let go: FakeGo;
  let clipboard: string[];

  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetClientsForTests();
    clipboard = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: vi.fn(async (s: string) => void clipboard.push(s)) },
    });
    go = installFakeGo({ MyNumberService: { Reveal: () => digits, Conceal: () => undefined, Copied: () => undefined } });
  });
  afterEach(() => {
    cleanup();
    go.restore();
    vi.useRealTimers();
  });

  function mount() {
    render(
      <App>
        <NumberReveal client="c1" person="p1" masked="**** **** 9018" purposes={['withholding_slip', 'tax_return']} />
      </App>,
    );
  }
  const inDom = () => document.body.innerHTML.replace(/\s/g, '').includes(digits);

  async function reveal() {
    fireEvent.click(screen.getByTestId('number-show'));
    expect(await screen.findByText('源泉徴収票')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByTestId('number-reveal-ok'));
    });
    await vi.waitFor(() => expect(screen.getByTestId('number-revealed')).toBeTruthy());
  }

  it('shows the digits for a recorded purpose and masks them again after 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mount();
    expect(screen.getByTestId('number-masked').textContent).toBe('**** **** 9018');
    expect(inDom()).toBe(false);
    await reveal();
    expect(go.calls.find(([, m]) => m === 'Reveal')?.[2]).toEqual(['c1', 'p1', 'withholding_slip']);
    expect(screen.getByTestId('number-revealed').textContent).toBe('1234 5678 9018');
    expect(screen.getByTestId('number-countdown').textContent).toContain('30');
    await act(async () => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.getByTestId('number-countdown').textContent).toMatch(/2\d/);
    expect(go.calls.filter(([, m]) => m === 'Conceal')).toHaveLength(0);
    await act(async () => {
      vi.advanceTimersByTime(20_500);
    });
    expect(screen.queryByTestId('number-revealed')).toBeNull();
    expect(screen.getByTestId('number-masked')).toBeTruthy();
    expect(inDom()).toBe(false);
    // Go lifts the screen-capture protection once the number is masked.
    await vi.waitFor(() => expect(go.calls.filter(([, m]) => m === 'Conceal')).toHaveLength(1));
  });

  it('copies the digits and clears the clipboard after 10 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mount();
    await reveal();
    await act(async () => {
      fireEvent.click(screen.getByTestId('number-copy'));
    });
    expect(await screen.findByText('コピーしました。10秒後にクリップボードを消去します')).toBeTruthy();
    expect(clipboard).toEqual([digits]);
    // The copy is in the access log, with the purpose it was revealed for.
    expect(go.calls.find(([, m]) => m === 'Copied')?.[2]).toEqual(['c1', 'p1', 'withholding_slip']);
    await act(async () => {
      vi.advanceTimersByTime(9_000);
    });
    expect(clipboard).toEqual([digits]);
    await act(async () => {
      vi.advanceTimersByTime(1_500);
    });
    expect(clipboard).toEqual([digits, '']);
  });

  it('takes the copy back when the access log cannot record it', async () => {
    go.restore();
    go = installFakeGo({
      MyNumberService: {
        Reveal: () => digits,
        Conceal: () => undefined,
        Copied: () => {
          throw JSON.stringify({ code: 'journal.disk_full' });
        },
      },
    });
    mount();
    await reveal();
    await act(async () => {
      fireEvent.click(screen.getByTestId('number-copy'));
    });
    await vi.waitFor(() => expect(clipboard).toEqual([digits, '']));
    expect(screen.queryByText(/コピーしました/)).toBeNull();
  });

  it('hides the digits at once on 隠す', async () => {
    mount();
    await reveal();
    fireEvent.click(screen.getByTestId('number-hide'));
    expect(screen.queryByTestId('number-revealed')).toBeNull();
    expect(inDom()).toBe(false);
  });

  it('explains a refused reveal from its code', async () => {
    go.restore();
    go = installFakeGo({ MyNumberService: { Reveal: () => { throw JSON.stringify({ code: 'mynumber.purpose_not_recorded' }); } } });
    mount();
    fireEvent.click(screen.getByTestId('number-show'));
    await screen.findByText('源泉徴収票');
    await act(async () => {
      fireEvent.click(screen.getByTestId('number-reveal-ok'));
    });
    expect((await screen.findByTestId('number-reveal-error')).textContent).toContain('目的外利用の禁止');
    expect(inDom()).toBe(false);
  });
});
