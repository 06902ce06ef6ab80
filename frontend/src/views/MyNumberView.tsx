import { useEffect } from 'react';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Erasure } from '../bridge';
import { parseTarget, useClients } from '../stores/clients';
import { useVault } from '../stores/vault';
import { errorText } from '../i18n';
import { formatDate, formatDateTime } from '../format/wareki';
import { RetentionCard } from '../components/RetentionCard';
import { LedgerCard } from '../components/LedgerCard';
import { useReports } from '../stores/reports';
import { ErasurePurges } from './backup/ErasurePurges';

/** MyNumberView is the マイナンバー area: the 廃棄 proposals waiting for the 責任者, and the 廃棄記録. */
export function MyNumberView() {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const { erasures, erasuresLoaded, erasuresError, loadErasures, nameTargets, approveErasure, list, peopleByClient } = useClients();
  const me = useVault((s) => s.state?.user);
  const accounts = useVault((s) => s.state?.accounts ?? []);
  const isAdmin = me?.role === 'admin';

  useEffect(() => {
    void loadErasures().then(() => nameTargets());
  }, [loadErasures, nameTargets]);

  const userName = (id?: string) => (id ? (accounts.find((a) => a.id === id || a.login === id)?.name ?? id) : '');
  const targetName = (target: string) => {
    const p = parseTarget(target);
    if (!p) return target;
    const client = list.find((c) => c.id === p.client)?.name ?? t('erasures.unknownClient');
    const person = peopleByClient[p.client]?.find((x) => x.id === p.person)?.name ?? t('erasures.unknownPerson');
    return t('erasures.targetName', { client, person });
  };
  const targetCell = (target: string) => {
    const p = parseTarget(target);
    const client = p ? (list.find((c) => c.id === p.client)?.name ?? t('erasures.unknownClient')) : target;
    const person = p ? (peopleByClient[p.client]?.find((x) => x.id === p.person)?.name ?? t('erasures.unknownPerson')) : '';
    return (
      <div style={{ lineHeight: 1.3 }} data-testid="erasure-target">
        <div>{person}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {client}
        </Typography.Text>
      </div>
    );
  };
  const docs = (e: Erasure) => (e.docs ?? []).map((d) => t(`purpose.${d}`, { defaultValue: d })).join('、');

  const approve = (e: Erasure) => {
    modal.confirm({
      title: t('erasures.confirmTitle'),
      content: t('erasures.confirmBody', { target: targetName(e.target) }),
      okText: t('erasures.confirmOk'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'erasure-confirm-ok' } as object) },
      cancelText: t('form.cancel'),
      onOk: async () => {
        const err = await approveErasure(e.id);
        if (err) void message.error(errorText(t, err));
        else void message.success(t('erasures.approved'));
      },
    });
  };

  const printed = useReports((s) => s.printed);
  const print = async () => {
    const err = await printed('erasures');
    if (err) {
      void message.error(errorText(t, err));
      return;
    }
    window.print();
  };

  const pending = erasures.filter((e) => !e.approvedAt);
  const done = erasures.filter((e) => !!e.approvedAt).sort((a, b) => (b.approvedAt ?? 0) - (a.approvedAt ?? 0));

  const pendingColumns: ColumnsType<Erasure> = [
    { key: 'at', title: t('erasures.proposedAt'), width: 200, render: (_, e) => formatDateTime(e.proposedAt, i18n.language) },
    { key: 'by', title: t('erasures.proposedBy'), width: 140, render: (_, e) => userName(e.proposedBy) },
    { key: 'target', title: t('erasures.target'), render: (_, e) => targetCell(e.target) },
    { key: 'reason', title: t('erasures.reason'), width: 160, render: (_, e) => t(`erasureReason.${e.reason}`, { defaultValue: e.reason }) },
    { key: 'docs', title: t('erasures.docs'), render: (_, e) => docs(e) },
    {
      key: 'action',
      title: '',
      width: 180,
      render: (_, e) =>
        isAdmin ? (
          <Button danger icon={<DeleteOutlined />} onClick={() => approve(e)} data-testid="erasure-approve">
            {t('erasures.approve')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('erasures.waiting')}</Typography.Text>
        ),
    },
  ];

  const recordColumns: ColumnsType<Erasure> = [
    { key: 'approvedAt', title: t('erasures.approvedAt'), width: 200, render: (_, e) => formatDateTime(e.approvedAt ?? 0, i18n.language) },
    { key: 'target', title: t('erasures.target'), render: (_, e) => targetCell(e.target) },
    { key: 'reason', title: t('erasures.reason'), width: 140, render: (_, e) => t(`erasureReason.${e.reason}`, { defaultValue: e.reason }) },
    { key: 'docs', title: t('erasures.docs'), render: (_, e) => docs(e) },
    {
      key: 'proposed',
      title: t('erasures.proposedBy'),
      width: 200,
      render: (_, e) => (
        <div style={{ lineHeight: 1.3 }}>
          <div>{userName(e.proposedBy)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(e.proposedAt, i18n.language)}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'approvedBy', title: t('erasures.approvedBy'), width: 120, render: (_, e) => userName(e.approvedBy) },
    { key: 'backups', title: t('backup.purge.title'), width: 260, render: (_, e) => <ErasurePurges erasure={e.id} /> },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="area-mynumber">
      <div className="kinko-no-print">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('erasures.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 820 }}>
          {t('erasures.intro')}
        </Typography.Paragraph>
      </div>
      {erasuresError && <Alert type="error" showIcon title={errorText(t, erasuresError)} data-testid="erasures-error" />}
      <RetentionCard />
      {isAdmin && <LedgerCard />}
      <Card title={t('erasures.pendingTitle')} className="kinko-no-print">
        <Table<Erasure>
          data-testid="erasures-pending"
          rowKey="id"
          size="middle"
          pagination={false}
          loading={!erasuresLoaded}
          columns={pendingColumns}
          dataSource={pending}
          locale={{ emptyText: t('erasures.pendingEmpty') }}
          scroll={{ x: 960 }}
        />
      </Card>
      <Card
        className="kinko-print-sheet"
        title={t('erasures.recordsTitle')}
        extra={
          <Button icon={<PrinterOutlined />} onClick={() => void print()} className="kinko-no-print" disabled={done.length === 0} data-testid="erasures-print">
            {t('erasures.print')}
          </Button>
        }
      >
        <div className="kinko-print-only">
          <Typography.Title level={4}>{t('erasures.printTitle')}</Typography.Title>
          <Typography.Paragraph>{t('erasures.printedAt', { date: formatDate(new Date(), i18n.language) })}</Typography.Paragraph>
        </div>
        <Table<Erasure>
          data-testid="erasures-records"
          rowKey="id"
          size="middle"
          pagination={false}
          loading={!erasuresLoaded}
          columns={recordColumns}
          dataSource={done}
          locale={{ emptyText: t('erasures.recordsEmpty') }}
        />
      </Card>
    </Space>
  );
}
