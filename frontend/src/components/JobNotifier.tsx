import { useEffect, useRef } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useJobs } from '../stores/jobs';
import { errorText, jobKindText } from '../i18n';

/** JobNotifier shows a notification when a job ends: done, failed (with the reason) or cancelled. */
export function JobNotifier() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const last = useJobs((s) => s.lastDone);
  // Each job is announced once: a change of language (a new t) must not
  // announce the last one again.
  const announced = useRef('');
  useEffect(() => {
    if (!last || announced.current === last.id) return;
    announced.current = last.id;
    const kind = jobKindText(t, last.kind);
    switch (last.status) {
      case 'ok':
        notification.success({ key: last.id, title: t('jobs.done', { kind }) });
        break;
      case 'canceled':
        notification.info({ key: last.id, title: t('jobs.canceled', { kind }) });
        break;
      case 'failed':
        notification.error({
          key: last.id,
          title: t('jobs.failed', { kind }),
          description: last.error ? errorText(t, last.error) : undefined,
        });
        break;
    }
  }, [last, notification, t]);
  return null;
}
