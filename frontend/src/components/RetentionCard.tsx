import { useEffect } from 'react';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { RetentionItem } from '../bridge';
import { useRetention } from '../stores/retention';
import { errorText } from '../i18n';
import { formatIsoDate } from '../format/wareki';

/**
 * RetentionCard is the deletion queue (保存期間と廃棄): every My Number the user
 * can open, with the day its documents' retention ends; those past it come
 * first and should be proposed for 廃棄 from the person's row.
 */
export function RetentionCard() {
  const { t, i18n } = useTranslation();
  const { items, loaded, error, names, load } = useRetention();
  useEffect(() => {
    void load();
  }, [load]);
  const columns: ColumnsType<RetentionItem> = [
    {
      key: 'who',
      title: t('retention.person'),
      render: (_, r) => (
        <div style={{ lineHeight: 1.3 }}>
          <div>{names[`${r.client}/${r.person}`] ?? t('erasures.unknownPerson')}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {names[r.client] ?? t('erasures.unknownClient')}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'purposes', title: t('retention.purposes'), render: (_, r) => r.purposes.map((p) => <Tag key={p}>{t(`purpose.${p}`)}</Tag>) },
    { key: 'trigger', title: t('retention.trigger'), width: 150, render: (_, r) => (r.trigger ? t(`retention.triggers.${r.trigger}`) : t('retention.stillNeeded')) },
    {
      key: 'due',
      title: t('retention.due'),
      width: 200,
      render: (_, r) =>
        r.due ? (
          <span data-testid="retention-due">
            {formatIsoDate(r.due, i18n.language)} {r.past && <Tag color="red">{t('retention.past')}</Tag>}
          </span>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Card title={t('retention.title')} className="kinko-no-print" data-testid="retention">
      <Typography.Paragraph type="secondary">{t('retention.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Table<RetentionItem>
        rowKey={(r) => `${r.client}/${r.person}`}
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={!loaded}
        columns={columns}
        dataSource={items}
        locale={{ emptyText: t('retention.empty') }}
      />
    </Card>
  );
}
