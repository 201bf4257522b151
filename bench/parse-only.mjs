// The baseline of the validation benchmark: read a JSON Lines log and parse every line, nothing
// more. It reads the way the validate command does (a file read stream, a UTF-8 string decoder,
// lines cut at newlines, blank lines skipped, one JSON.parse per line) and prints the count.
//
// Usage: node bench/parse-only.mjs FILE
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node bench/parse-only.mjs FILE\n');
  process.exit(2);
}

let count = 0;
let objects = 0;
const take = (text) => {
  if (text.trim() === '') return;
  const value = JSON.parse(text);
  count++;
  if (typeof value === 'object' && value !== null) objects++;
};

const decoder = new StringDecoder('utf8');
let pending = '';
for await (const chunk of createReadStream(file)) {
  const text = pending + decoder.write(chunk);
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    take(text.slice(from, nl));
    from = nl + 1;
  }
  pending = text.slice(from);
}
take(pending + decoder.end());
process.stdout.write(`${JSON.stringify({ values: count, objects })}\n`);
