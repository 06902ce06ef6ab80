import { App, Button, Input, Space } from 'antd';
import { FolderOpenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FolderPurpose } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { backupError } from './format';

/**
 * FolderField is a folder path: typed (a NAS path such as \\NAS\backup) or
 * chosen in the OS folder dialog. then(path) adjusts what the dialog gave
 * (the restore appends the restored entry's name).
 */
export function FolderField({
  value,
  onChange,
  purpose,
  testid,
  placeholder,
  then,
}: {
  value?: string;
  onChange?: (v: string) => void;
  purpose: FolderPurpose;
  testid: string;
  placeholder?: string;
  then?: (path: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const choose = useBackup((s) => s.chooseFolder);
  const pick = async () => {
    const r = await choose(purpose, i18n.language);
    if (r.error) void message.error(backupError(t, r.error));
    else if (r.path) onChange?.(then ? then(r.path) : r.path);
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input value={value} onChange={(e) => onChange?.(e.target.value)} placeholder={placeholder} data-testid={testid} />
      <Button icon={<FolderOpenOutlined />} onClick={() => void pick()} data-testid={`${testid}-choose`}>
        {t('backup.choose')}
      </Button>
    </Space.Compact>
  );
}
