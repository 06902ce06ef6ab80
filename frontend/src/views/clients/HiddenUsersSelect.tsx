import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../bridge';
import { useVault } from '../../stores/vault';

/**
 * useHideable is who may be made 開示不能 on a client as it is created:
 * the other users who are not 責任者 (a 責任者 sees every client). It is
 * empty unless the logged-in user is a 責任者, the only role the vault lets
 * set levels, so staff never see the choice.
 */
export function useHideable(): Account[] {
  const user = useVault((s) => s.state?.user);
  const accounts = useVault((s) => s.state?.accounts);
  if (user?.role !== 'admin') return [];
  return (accounts ?? []).filter((a) => a.role !== 'admin' && a.id !== user.id);
}

/**
 * HiddenUsersSelect picks the users (ids) to be 開示不能 on the clients
 * being created, from users (useHideable). Inside a Form.Item it takes the
 * item's value and onChange.
 */
export function HiddenUsersSelect({
  users,
  value,
  onChange,
  testid,
}: {
  users: Account[];
  value?: string[];
  onChange?: (ids: string[]) => void;
  testid: string;
}) {
  const { t } = useTranslation();
  return (
    <Select<string[]>
      mode="multiple"
      allowClear
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      placeholder={t('client.hiddenPlaceholder')}
      optionFilterProp="label"
      options={users.map((a) => ({
        value: a.id,
        label: t(a.disabled ? 'client.hiddenUserDisabled' : 'client.hiddenUser', { name: a.name, login: a.login }),
      }))}
      virtual={false}
      data-testid={testid}
    />
  );
}
