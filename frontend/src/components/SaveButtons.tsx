import { Button, Dropdown, Space } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { SaveEncoding } from '../bridge';

/** What SaveButtons call: a PDF, or a CSV in one of the encodings. */
export type SaveRequest = (format: 'pdf' | 'csv', encoding: SaveEncoding | '') => void;

/**
 * SaveButtons are a report's "save as PDF" button and "save as CSV" menu
 * (UTF-8 with BOM for Excel, or Shift_JIS). Test ids: <testid>-save-pdf,
 * <testid>-save-csv, <testid>-csv-utf8, <testid>-csv-sjis.
 */
export function SaveButtons({
  onSave,
  labels,
  testid,
  disabled = false,
  primary = false,
}: {
  onSave: SaveRequest;
  labels: { pdf: string; csv: string; utf8: string; sjis: string };
  testid: string;
  disabled?: boolean;
  primary?: boolean;
}) {
  return (
    <Space>
      <Button type={primary ? 'primary' : 'default'} icon={<FilePdfOutlined />} onClick={() => onSave('pdf', '')} disabled={disabled} data-testid={`${testid}-save-pdf`}>
        {labels.pdf}
      </Button>
      <Dropdown
        disabled={disabled}
        menu={{
          items: [
            { key: 'utf-8-bom', label: labels.utf8, 'data-testid': `${testid}-csv-utf8` } as { key: string; label: string },
            { key: 'shift_jis', label: labels.sjis, 'data-testid': `${testid}-csv-sjis` } as { key: string; label: string },
          ],
          onClick: ({ key }) => onSave('csv', key as SaveEncoding),
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid={`${testid}-save-csv`}>
          {labels.csv}
        </Button>
      </Dropdown>
    </Space>
  );
}
