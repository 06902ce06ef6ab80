import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, Form, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, FilingCandidate, SaveEncoding } from '../../bridge';
import { useClients } from '../../stores/clients';
import { useReports } from '../../stores/reports';
import { errorText, mappedText } from '../../i18n';

/**
 * FilingModal is the government-form export (提出用データ): for the open
 * client and one 利用目的, the people whose numbers were acquired for it.
 * The window only ever sees masked numbers; Go writes the digits straight
 * into the file the user picks.
 */
export function FilingModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { current, choices, loadChoices } = useClients();
  const { filingCandidates, saveFiling } = useReports();
  const client = current?.client.id ?? '';
  const [purpose, setPurpose] = useState<string>();
  const [candidates, setCandidates] = useState<FilingCandidate[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [encoding, setEncoding] = useState<SaveEncoding>('shift_jis');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);

  useEffect(() => {
    if (!purpose) return;
    let stale = false;
    void filingCandidates(client, purpose).then((r) => {
      if (stale) return;
      setCandidates(r.candidates);
      setSelected(r.candidates.map((c) => c.person));
      setError(r.error);
    });
    return () => {
      stale = true;
    };
  }, [client, purpose, filingCandidates]);

  const save = async () => {
    if (!purpose) return;
    setBusy(true);
    const r = await saveFiling({ client, purpose, people: selected }, encoding, i18n.language);
    setBusy(false);
    if (r.error) {
      setError(r.error);
      return;
    }
    if (r.result?.path) {
      void message.success(t('filing.saved', { count: r.result.rows, path: r.result.path }), 8);
      // Shift_JIS: what a Mac or an IME typed is in Windows' form (〜 as ～).
      if (r.result.mapped?.length) void message.info(mappedText(t, r.result.mapped), 8);
      onClose();
    }
  };

  return (
    <Modal
      open
      width={760}
      title={t('filing.title', { client: current?.client.name ?? '' })}
      onCancel={onClose}
      okText={t('filing.save')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      okButtonProps={{ disabled: !purpose || selected.length === 0 || !confirmed, 'data-testid': 'filing-save' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">{t('filing.intro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('filing.purpose')} extra={t('filing.purposeHelp')}>
          <Select
            value={purpose}
            onChange={setPurpose}
            placeholder={t('filing.purposePlaceholder')}
            options={(choices?.purposes ?? []).map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
            data-testid="filing-purpose"
          />
        </Form.Item>
        {purpose && (
          <Form.Item label={t('filing.people')}>
            <Table<FilingCandidate>
              size="small"
              rowKey="person"
              pagination={false}
              dataSource={candidates}
              locale={{ emptyText: t('filing.noneForPurpose') }}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
              columns={[
                { key: 'name', title: t('people.col.name'), render: (_, c) => c.name },
                { key: 'role', title: t('people.col.roles'), width: 120, render: (_, c) => (c.role ? t(`personRole.${c.role}`) : '') },
                {
                  key: 'masked',
                  title: t('people.col.number'),
                  width: 190,
                  render: (_, c) => (
                    <Space size={4}>
                      <Typography.Text code>{c.masked}</Typography.Text>
                      {c.left && <Tag>{t('filing.left')}</Tag>}
                    </Space>
                  ),
                },
              ]}
              data-testid="filing-people"
            />
          </Form.Item>
        )}
        <Form.Item label={t('filing.encoding')}>
          <Radio.Group value={encoding} onChange={(e) => setEncoding(e.target.value as SaveEncoding)}>
            <Radio value="shift_jis">{t('filing.sjis')}</Radio>
            <Radio value="utf-8-bom">{t('filing.utf8')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
      <Alert
        type="warning"
        showIcon
        title={t('filing.warningTitle')}
        description={
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="filing-confirm">
            {t('filing.warning')}
          </Checkbox>
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginTop: 12 }} data-testid="filing-error" />}
    </Modal>
  );
}
