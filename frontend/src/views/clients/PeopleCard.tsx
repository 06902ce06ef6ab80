import { useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, EditOutlined, ExportOutlined, IdcardOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../bridge';
import { isNoAccess, numberTarget, useClients, type NumberState } from '../../stores/clients';
import { errorText } from '../../i18n';
import { formatIsoDate } from '../../format/wareki';
import { NumberReveal } from '../../components/NumberReveal';
import { PersonModal } from './PersonModal';
import { AcquireModal } from './AcquireModal';
import { ProposeModal } from './ProposeModal';
import { FilingModal } from './FilingModal';

/** DateCell writes a stored date in 和暦 with the 西暦 under it. */
function DateCell({ iso }: { iso?: string }) {
  const { i18n } = useTranslation();
  if (!iso) return null;
  return (
    <div style={{ lineHeight: 1.3 }}>
      <div>{formatIsoDate(iso, i18n.language)}</div>
      {i18n.language === 'ja' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {iso}
        </Typography.Text>
      )}
    </div>
  );
}

/** From this many people on, the table is virtual. */
const manyPeople = 200;

/** PeopleCard is the open client's people with their My Number status. */
export function PeopleCard() {
  const { t } = useTranslation();
  const { current, people, peopleError, numbers, erasures, loadErasures, loadChoices } = useClients();
  const [editing, setEditing] = useState<Person | 'new'>();
  const [acquiring, setAcquiring] = useState<Person>();
  const [proposing, setProposing] = useState<Person>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [filing, setFiling] = useState(false);
  const client = current?.client.id ?? '';

  useEffect(() => {
    void loadErasures();
    void loadChoices();
  }, [loadErasures, loadChoices]);

  const pending = new Set(erasures.filter((e) => !e.approvedAt).map((e) => e.target));

  const columns: ColumnsType<Person> = [
    {
      key: 'name',
      title: t('people.col.name'),
      width: 160,
      fixed: 'left',
      render: (_, p) => (
        <div style={{ lineHeight: 1.3 }}>
          <div>{p.name}</div>
          {p.kana && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.kana}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      key: 'roles',
      title: t('people.col.roles'),
      width: 150,
      render: (_, p) => (
        <Space size={[0, 4]} wrap>
          {(p.roles ?? []).map((r) => (
            <Tag key={r}>{t(`personRole.${r}`)}</Tag>
          ))}
          {p.relation?.kind && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{relationText(p)}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'birth', title: t('people.col.birth'), width: 135, render: (_, p) => <DateCell iso={p.birth} /> },
    { key: 'joined', title: t('people.col.joined'), width: 125, render: (_, p) => <DateCell iso={p.joined} /> },
    { key: 'left', title: t('people.col.left'), width: 125, render: (_, p) => <DateCell iso={p.left} /> },
    {
      key: 'number',
      title: t('people.col.number'),
      render: (_, p) => (
        <NumberCell
          client={client}
          person={p}
          state={numbers[p.id]}
          pending={pending.has(numberTarget(client, p.id))}
          onAcquire={() => setAcquiring(p)}
          onPropose={() => setProposing(p)}
        />
      ),
    },
    {
      key: 'edit',
      title: '',
      width: 90,
      render: (_, p) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="person-edit">
          {t('people.edit')}
        </Button>
      ),
    },
  ];

  function relationText(p: Person): string {
    const to = people.find((o) => o.id === p.relation?.to);
    const kind = t(`relation.${p.relation?.kind}`);
    return to ? t('relation.of', { name: to.name, kind }) : kind;
  }

  return (
    <Card
      size="small"
      title={t('people.title')}
      extra={
        <Space>
          {Object.values(numbers).some((n) => n?.view) && (
            <Button icon={<ExportOutlined />} onClick={() => setFiling(true)} data-testid="filing-open">
              {t('filing.open')}
            </Button>
          )}
          <Button icon={<UserAddOutlined />} onClick={() => setEditing('new')} data-testid="person-add">
            {t('people.add')}
          </Button>
        </Space>
      }
      data-testid="people-card"
    >
      {peopleError && <Alert type="error" showIcon title={errorText(t, peopleError)} style={{ marginBottom: 12 }} />}
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setWarnings([])}
          title={t('acquire.warningsTitle')}
          description={warnings.map((w) => (
            <div key={w}>{t(`warning.${w}`, { defaultValue: t('warning.unknown') })}</div>
          ))}
          style={{ marginBottom: 12 }}
          data-testid="acquire-warnings"
        />
      )}
      <Table<Person>
        data-testid="people-table"
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={people}
        // A large employer's hundreds of people: only the rows in view are drawn.
        virtual={people.length > manyPeople}
        scroll={people.length > manyPeople ? { x: 1040, y: 560 } : { x: 1040 }}
        locale={{ emptyText: t('people.empty') }}
        onRow={(p) => ({ 'data-testid': `person-row-${p.name}` }) as React.HTMLAttributes<HTMLElement>}
      />
      {editing && <PersonModal person={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
      {acquiring && (
        <AcquireModal
          person={acquiring}
          onClose={() => setAcquiring(undefined)}
          onDone={(w) => {
            setAcquiring(undefined);
            setWarnings(w);
          }}
        />
      )}
      {filing && <FilingModal onClose={() => setFiling(false)} />}
      {proposing && numbers[proposing.id]?.view && (
        <ProposeModal person={proposing} purposes={numbers[proposing.id]?.view?.purposes ?? []} onClose={() => setProposing(undefined)} />
      )}
    </Card>
  );
}

interface NumberCellProps {
  client: string;
  person: Person;
  state?: NumberState;
  pending: boolean;
  onAcquire: () => void;
  onPropose: () => void;
}

/** NumberCell is a person's My Number: 未登録 with 登録, or 登録済み masked with 表示 and 廃棄を申請. */
function NumberCell({ client, person, state, pending, onAcquire, onPropose }: NumberCellProps) {
  const { t } = useTranslation();
  if (!state || (state.loading && state.view === undefined && !state.error)) return <Spin size="small" />;
  if (state.error) {
    if (isNoAccess(state.error))
      return (
        <Tooltip title={t('number.noAccessHelp')}>
          <Typography.Text type="secondary" data-testid="number-no-access">
            {t('number.noAccess')}
          </Typography.Text>
        </Tooltip>
      );
    return <Typography.Text type="danger">{errorText(t, state.error)}</Typography.Text>;
  }
  if (!state.view)
    return (
      <Space size={8} wrap>
        <Tag data-testid="number-none">{t('number.none')}</Tag>
        <Button size="small" icon={<IdcardOutlined />} onClick={onAcquire} data-testid="number-acquire">
          {t('number.acquire')}
        </Button>
      </Space>
    );
  const v = state.view;
  return (
    <Space size={8} wrap>
      <Tag color="green" data-testid="number-registered">
        {t('number.registered')}
      </Tag>
      <NumberReveal client={client} person={person.id} masked={v.masked} purposes={v.purposes ?? []} />
      {pending ? (
        <Tag color="orange" data-testid="number-pending">
          {t('number.pendingErasure')}
        </Tag>
      ) : (
        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onPropose} data-testid="number-propose">
          {t('number.propose')}
        </Button>
      )}
    </Space>
  );
}
