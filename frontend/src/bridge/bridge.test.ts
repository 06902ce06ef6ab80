import { describe, expect, it } from 'vitest';
import { toAppError } from './index';

describe('toAppError', () => {
  it.each([
    ['Go *app.Error JSON', '{"code":"csv.syntax","params":{"record":2}}', { code: 'csv.syntax', params: { record: 2 } }],
    ['JSON without params', '{"code":"job.not_found"}', { code: 'job.not_found', params: {} }],
    ['an AppError object', { code: 'bridge.unavailable' }, { code: 'bridge.unavailable' }],
    ['plain text never reaches the user', 'open /home/x/山田.pdf: permission denied', { code: 'internal' }],
    ['an Error', new Error('boom'), { code: 'internal' }],
    ['JSON of another shape', '{"message":"x"}', { code: 'internal' }],
    ['undefined', undefined, { code: 'internal' }],
  ])('%s', (_, input, want) => {
    expect(toAppError(input)).toEqual(want);
  });
});
