import { useEffect } from 'react';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { SaveButtons } from './SaveButtons';
import { useTranslation } from 'react-i18next';
import type { Ledger, SaveEncoding } from '../bridge';
import { useReports, type Saved } from '../stores/reports';
import { errorText } from '../i18n';
import { formatDateTime, formatIsoDate } from '../format/wareki';

type LedgerFile = Ledger['files'][number];

/**
 * LedgerCard is the 管理台帳 (特定個人情報の取扱状況の記録) for the 責任者: generated
 * from the vault, shown as a summary and a table per client, and saved as
 * PDF or CSV where the user picks (Go writes the file).
 */
export function LedgerCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { ledger, ledgerLoading, ledgerError, loadLedger, saveLedger } = useReports();

  useEffect(() => {
    void loadLedger();
  }, [loadLedger]);

  const saved = (r: Saved) => {
    if (r.error) void message.error(errorText(t, r.error));
    else if (r.path) void message.success(t('ledger.saved', { path: r.path }));
  };
  const save = async (format: 'pdf' | 'csv', encoding: SaveEncoding | '') => saved(await saveLedger(format, encoding, i18n.language));

  const columns: ColumnsType<LedgerFile> = [
    { key: 'code', title: t('ledger.col.code'), width: 100, render: (_, f) => f.code },
    { key: 'client', title: t('ledger.col.client'), render: (_, f) => f.name || t('ledger.unknownClient') },
    { key: 'held', title: t('ledger.col.held'), width: 70, align: 'right', render: (_, f) => f.held },
    {
      key: 'purposes',
      title: t('ledger.col.purposes'),
      render: (_, f) =>
        f.sealed ? (
          <Typography.Text type="secondary">{t('ledger.sealed')}</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {(f.purposes ?? []).map((p) => (
              <Tag key={p}>{t(`purpose.${p}`)}</Tag>
            ))}
          </Space>
        ),
    },
    { key: 'holders', title: t('ledger.col.holders'), width: 180, render: (_, f) => (f.holders ?? []).join('、') || t('ledger.none') },
    {
      key: 'deletion',
      title: t('ledger.col.deletion'),
      width: 220,
      render: (_, f) => (
        <Space size={[0, 4]} wrap>
          {f.pastRetention > 0 && <Tag color="red">{`${t('ledger.short.past')} ${f.pastRetention}`}</Tag>}
          {f.pendingErasure > 0 && <Tag color="orange">{`${t('ledger.short.pending')} ${f.pendingErasure}`}</Tag>}
          {f.erased > 0 && <Tag>{`${t('ledger.short.erased')} ${f.erased}`}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Card
      className="kinko-no-print"
      title={t('ledger.cardTitle')}
      data-testid="ledger-card"
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void loadLedger()} loading={ledgerLoading} data-testid="ledger-refresh">
            {t('ledger.refresh')}
          </Button>
          <SaveButtons
            primary
            disabled={!ledger}
            testid="ledger"
            onSave={(format, encoding) => void save(format, encoding)}
            labels={{ pdf: t('ledger.savePdf'), csv: t('ledger.saveCsv'), utf8: t('ledger.csvUtf8'), sjis: t('ledger.csvSjis') }}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('ledger.intro')}
      </Typography.Paragraph>
      {ledgerError && <Alert type="error" showIcon title={errorText(t, ledgerError)} style={{ marginBottom: 12 }} data-testid="ledger-error" />}
      {ledger && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ marginBottom: 16 }} data-testid="ledger-summary">
            <Descriptions.Item label={t('ledger.managers')}>{(ledger.managers ?? []).join('、') || t('ledger.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.handlers')}>{(ledger.handlers ?? []).join('、') || t('ledger.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.held')}>
              <span data-testid="ledger-held">{ledger.totals.held}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.pastRetention')}>{ledger.totals.pastRetention}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.pendingErasure')}>{ledger.totals.pendingErasure}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.erased')}>{ledger.totals.erased}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.generatedAt')} span={2}>
              {formatDateTime(new Date(ledger.generatedAt).getTime(), i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {ledger.totals.sealed > 0 && <Alert type="info" showIcon title={t('ledger.sealedNote')} style={{ marginBottom: 12 }} />}
          <Table<LedgerFile>
            data-testid="ledger-files"
            rowKey="client"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={ledger.files ?? []}
            locale={{ emptyText: t('ledger.empty') }}
            scroll={{ x: 900 }}
            expandable={{
              rowExpandable: (f) => !f.sealed,
              expandedRowRender: (f) => <LedgerEntries ledger={ledger} client={f.client} />,
            }}
          />
        </>
      )}
    </Card>
  );
}

/** LedgerEntries lists one client's numbers: person, purposes, acquisition, retention date, state — never the number. */
function LedgerEntries({ ledger, client }: { ledger: Ledger; client: string }) {
  const { t, i18n } = useTranslation();
  const rows = (ledger.entries ?? []).filter((e) => e.client === client);
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.person}-${e.status}`}
      pagination={false}
      dataSource={rows}
      columns={[
        { key: 'person', title: t('ledger.col.person'), render: (_, e) => e.personName || t('ledger.unknownPerson') },
        { key: 'role', title: t('ledger.col.role'), width: 110, render: (_, e) => (e.role ? t(`personRole.${e.role}`) : '') },
        { key: 'purposes', title: t('ledger.col.purposes'), render: (_, e) => (e.purposes ?? []).map((p) => t(`purpose.${p}`)).join('、') },
        { key: 'acquired', title: t('ledger.col.acquiredAt'), width: 150, render: (_, e) => (e.acquiredAt ? formatIsoDate(e.acquiredAt, i18n.language) : '') },
        { key: 'due', title: t('ledger.col.due'), width: 150, render: (_, e) => (e.due ? formatIsoDate(e.due, i18n.language) : e.status === 'erased' ? '' : t('ledger.dueNone')) },
        { key: 'status', title: t('ledger.col.status'), width: 170, render: (_, e) => t(`ledger.status.${e.status}`) },
      ]}
    />
  );
}
