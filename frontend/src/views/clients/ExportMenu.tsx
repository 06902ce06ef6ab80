import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ImportKind, SaveEncoding } from '../../bridge';
import { useClients } from '../../stores/clients';
import { errorText, mappedText } from '../../i18n';

/** The choices of each list: CSV for other software, Excel for people. */
const choices: { format: ExportFormat; encoding: SaveEncoding | ''; label: string }[] = [
  { format: 'csv', encoding: 'utf-8-bom', label: 'export.csvUtf8' },
  { format: 'csv', encoding: 'shift_jis', label: 'export.csvSjis' },
  { format: 'xlsx', encoding: '', label: 'export.xlsx' },
];

/**
 * ExportMenu is the 書き出し button of the clients area: the client list or
 * the people list, as CSV (UTF-8 with BOM or Shift_JIS) or Excel. Go asks
 * where to save and writes the file; My Numbers are never in it.
 */
export function ExportMenu() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const saveExport = useClients((s) => s.saveExport);
  const [busy, setBusy] = useState(false);

  const items: MenuProps['items'] = [
    ...(['clients', 'people'] as ImportKind[]).map((kind) => ({
      type: 'group' as const,
      key: kind,
      label: t(`export.${kind}`),
      children: choices.map((c) => ({
        key: `${kind}:${c.format}:${c.encoding}`,
        label: t(c.label),
        'data-testid': `export-${kind}-${c.format}${c.encoding ? `-${c.encoding}` : ''}`,
      })),
    })),
    { type: 'divider' as const },
    { key: 'note', label: t('export.noMyNumber'), disabled: true },
  ];

  const save = async (key: string) => {
    const [kind, format, encoding] = key.split(':') as [ImportKind, ExportFormat, SaveEncoding | ''];
    setBusy(true);
    const r = await saveExport(kind, format, encoding, i18n.language);
    setBusy(false);
    if (r.error) void message.error(errorText(t, r.error));
    else if (r.path) {
      void message.success(t('export.saved', { path: r.path }));
      // Shift_JIS: what a Mac or an IME typed is in Windows' form (〜 as ～).
      if (r.mapped) void message.info(mappedText(t, r.mapped), 8);
    }
  };

  return (
    <Dropdown menu={{ items, onClick: ({ key }) => void save(key) }} trigger={['click']} disabled={busy}>
      <Button icon={<ExportOutlined />} loading={busy} data-testid="clients-export">
        {t('export.button')}
      </Button>
    </Dropdown>
  );
}
