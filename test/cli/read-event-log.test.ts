// Reading a log as it streams in: chunks may cut anywhere (inside strings, between the bytes of
// one character), a parse error names its line, and a list object stands for its events.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventLogReadError } from '../../src/cli/event-log-read-error.js';
import { readEventLog } from '../../src/cli/read-event-log.js';

async function readAll(chunks: readonly (string | Buffer)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of readEventLog(Readable.from(chunks))) {
    out.push(value);
  }
  return out;
}

/** The text cut into pieces of `size` bytes. */
function cut(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const VALUES = [
  { id: 'evt_1', note: 'a, b] c} "quoted" \\ back', nested: { list: [1, [2, 3]], empty: {} } },
  { id: 'evt_2', name: 'Zoë — naïve ✓' },
  { id: 'evt_3' },
];

describe('readEventLog', () => {
  it.each([1, 2, 3, 7, 64])('reads a JSON array cut into %i-byte chunks', async (size) => {
    expect(await readAll(cut(`  \n${JSON.stringify(VALUES, null, 2)}\n`, size))).toEqual(VALUES);
  });

  it.each([1, 3, 64])('reads JSON Lines cut into %i-byte chunks, skipping blank lines and CRLF endings', async (size) => {
    const text = `${JSON.stringify(VALUES[0])}\r\n\r\n${JSON.stringify(VALUES[1])}\n   \n${JSON.stringify(VALUES[2])}`;
    expect(await readAll(cut(text, size))).toEqual(VALUES);
  });

  it('reads an empty array, an empty input and whitespace as no events', async () => {
    expect(await readAll(['[ ]'])).toEqual([]);
    expect(await readAll([])).toEqual([]);
    expect(await readAll([' \n\n '])).toEqual([]);
  });

  it('names the line of a broken JSON line', async () => {
    await expect(readAll([`${JSON.stringify(VALUES[0])}\n${JSON.stringify(VALUES[1])}\n{"id": nope}\n`])).rejects.toThrow(/^line 3: /);
    await expect(readAll(['{"id":'])).rejects.toBeInstanceOf(EventLogReadError);
  });

  it('names the line of a broken array element, an empty element and an unclosed array', async () => {
    await expect(readAll(['[\n{"id": "evt_1"},\n{"id": }\n]'])).rejects.toThrow(/^line 3: /);
    await expect(readAll(['[\n{"id": "evt_1"},\n,{"id": "evt_2"}]'])).rejects.toThrow('line 3: empty array element');
    await expect(readAll(['[\n{"id": "evt_1"},\n', '{"id": "evt_2"}\n'])).rejects.toThrow('line 4: the JSON array is not closed');
  });

  it('refuses content after the closing bracket, in the same chunk or a later one', async () => {
    await expect(readAll(['[{"id": "evt_1"}] {"id": "evt_2"}'])).rejects.toThrow('line 1: unexpected content after the JSON array');
    await expect(readAll(['[{"id": "evt_1"}]\n', '\n', '  x'])).rejects.toThrow('line 3: unexpected content after the JSON array');
    expect(await readAll(['[{"id": "evt_1"}]\n', '  \n'])).toEqual([{ id: 'evt_1' }]);
  });

  it.each([1, 2, 5, 64])('reads pretty-printed objects one after the other, cut into %i-byte chunks', async (size) => {
    const text = `\n${VALUES.map((value) => JSON.stringify(value, null, 2)).join('\n')}\n`;
    expect(await readAll(cut(text, size))).toEqual(VALUES);
  });

  it('tells pretty-printed JSON from JSON Lines by whether the first line is a lone {', async () => {
    expect(await readAll(['{ \r\n "id": "evt_1"\n}\r\n'])).toEqual([{ id: 'evt_1' }]);
    expect(await readAll(['{"id": "evt_1"}'])).toEqual([{ id: 'evt_1' }]);
    await expect(readAll(['{"id":\n"evt_1"}\n'])).rejects.toThrow(/^line 1: /);
  });

  it('names the line a broken or unclosed pretty-printed object starts on, and refuses other values between them', async () => {
    await expect(readAll(['{\n"id": "evt_1"\n}\n{\n"id": nope\n}\n'])).rejects.toThrow(/^line 4: /);
    await expect(readAll(['{\n"id": "evt_1"\n}\n\n{\n"id": "evt_2"\n'])).rejects.toThrow('line 5: the JSON object is not closed');
    await expect(readAll(['{\n"id": "evt_1"\n}\n, {}'])).rejects.toThrow('line 4: expected a JSON object');
  });

  it('reads a list object as its data, oldest first, wherever it appears', async () => {
    const page = (...ids: string[]) => ({ object: 'list', data: ids.map((id) => ({ id })), has_more: false, url: '/v1/events' });
    const lines = `${JSON.stringify(page('evt_3', 'evt_2'))}\n${JSON.stringify({ id: 'evt_4' })}\n${JSON.stringify(page())}\n`;
    expect(await readAll([lines])).toEqual([{ id: 'evt_2' }, { id: 'evt_3' }, { id: 'evt_4' }]);
    expect(await readAll([JSON.stringify([page('evt_2', 'evt_1'), { id: 'evt_3' }])])).toEqual([{ id: 'evt_1' }, { id: 'evt_2' }, { id: 'evt_3' }]);
    expect(await readAll(cut(JSON.stringify(page('evt_2', 'evt_1'), null, 2), 3))).toEqual([{ id: 'evt_1' }, { id: 'evt_2' }]);
    // Only a list with a data array is a page; anything else is judged as an event.
    expect(await readAll(['{"object": "list"}\n'])).toEqual([{ object: 'list' }]);
  });

  it('carries the line and the reason apart on the error', async () => {
    const error = await readAll(['{"id": "evt_1"}\n\n{"id": }\n']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventLogReadError);
    expect(error).toMatchObject({ line: 3, reason: expect.stringContaining('JSON') as unknown });
  });
});
