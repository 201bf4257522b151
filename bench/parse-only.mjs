// The baseline of the validation benchmark: read a JSON Lines log and parse every line, nothing
// more. It reads the way the validate command does (src/cli/read-event-log.ts): 64 KiB chunks
// read synchronously into one buffer, a UTF-8 string decoder, lines cut at newlines, blank lines
// skipped, one JSON.parse per line, chunks handed over through `for await`. It prints the count.
//
// Usage: node bench/parse-only.mjs FILE
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 64 * 1024;

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node bench/parse-only.mjs FILE\n');
  process.exit(2);
}

function* fileChunks(path) {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

let values = 0;
let objects = 0;
const take = (text) => {
  if (text.trim() === '') return;
  const value = JSON.parse(text);
  values++;
  if (typeof value === 'object' && value !== null) objects++;
};

const decoder = new StringDecoder('utf8');
let pending = '';
for await (const chunk of fileChunks(file)) {
  const text = pending + decoder.write(chunk);
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    take(text.slice(from, nl));
    from = nl + 1;
  }
  pending = text.slice(from);
}
take(pending + decoder.end());
process.stdout.write(`${JSON.stringify({ values, objects })}\n`);
