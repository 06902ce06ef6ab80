import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { AppError } from '../bridge';
import { fieldErrors } from '../stores/clients';

/**
 * showFieldErrors puts each problem of a records.invalid error under its
 * form field (Go's field name, or its form name through rename). It returns
 * whether any field got a message.
 */
export function showFieldErrors(form: FormInstance, t: TFunction, err: AppError | undefined, rename: Record<string, string> = {}): boolean {
  const byField = new Map<string, string[]>();
  for (const f of fieldErrors(err)) {
    const name = rename[f.field] ?? f.field;
    byField.set(name, [...(byField.get(name) ?? []), t(f.key)]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}
