// The load generator of the emulator load test: `connections` workers, each on its own keep-alive
// connection (one node:http Agent, keepAlive, maxSockets = connections), each running flows back
// to back: create a SetupIntent, confirm it with pm_card_visa, retrieve it. Any answer that is not
// 2xx, or any socket error, stops the load and rejects the round.
import http from 'node:http';
import { LatencyHistogram } from './latency-histogram.mjs';

const AUTHORIZATION = 'Bearer sk_test_bench';
const CREATE_BODY = Buffer.from('payment_method_types[]=card');
const CONFIRM_BODY = Buffer.from('payment_method=pm_card_visa');
const FORM = 'application/x-www-form-urlencoded';
const CREATE_HEADERS = { authorization: AUTHORIZATION, 'content-type': FORM, 'content-length': String(CREATE_BODY.length) };
const CONFIRM_HEADERS = { authorization: AUTHORIZATION, 'content-type': FORM, 'content-length': String(CONFIRM_BODY.length) };
const GET_HEADERS = { authorization: AUTHORIZATION };

/** How long a round may overrun its measured window before it is abandoned as hung. */
const WATCHDOG_MS = 30_000;

class LoadError extends Error {}

/** Creates a client for the server at `url`; `close()` destroys its connections. */
export function createLoadClient(url, { connections = 32 } = {}) {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

  const send = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const request = http.request({ agent, host: hostname, port, method, path, headers }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
          if (status < 200 || status > 299) {
            reject(new LoadError(`${method} ${path} answered ${status}: ${text.slice(0, 300)}`));
          } else {
            resolve(text);
          }
        });
      });
      request.on('error', (error) => reject(new LoadError(`${method} ${path} failed: ${error.message}`)));
      request.end(body);
    });

  const create = () => send('POST', '/v1/setup_intents', CREATE_HEADERS, CREATE_BODY);
  const confirm = (id) => send('POST', `/v1/setup_intents/${id}/confirm`, CONFIRM_HEADERS, CONFIRM_BODY);
  const retrieve = (id) => send('GET', `/v1/setup_intents/${id}`, GET_HEADERS, undefined);

  return {
    /** Runs one flow and returns the three answers, parsed (to check them before loading). */
    async flow() {
      const created = JSON.parse(await create());
      const confirmed = JSON.parse(await confirm(created.id));
      const retrieved = JSON.parse(await retrieve(created.id));
      return { created, confirmed, retrieved };
    },

    /**
     * Runs flows on every connection for `rampMs` (not recorded), then `measureMs` (recorded:
     * requests and flows that complete inside the window), then lets each worker finish its flow.
     * `onWindow('start' | 'end')` is called at the window's edges (for server CPU readings).
     */
    async run({ rampMs, measureMs, onWindow = () => {} }) {
      const requestLatency = new LatencyHistogram();
      const flowLatency = new LatencyHistogram();
      let requests = 0;
      let flows = 0;
      let failure = null;
      let stopping = false;
      const startedAt = performance.now();
      const windowStart = startedAt + rampMs;
      const windowEnd = windowStart + measureMs;
      const inWindow = (time) => time >= windowStart && time < windowEnd;

      const timed = async (call) => {
        const started = performance.now();
        const text = await call();
        const ended = performance.now();
        if (inWindow(ended)) {
          requests++;
          requestLatency.record(ended - started);
        }
        return text;
      };
      const worker = async () => {
        while (!stopping) {
          const started = performance.now();
          const { id } = JSON.parse(await timed(create));
          await timed(() => confirm(id));
          await timed(() => retrieve(id));
          const ended = performance.now();
          if (inWindow(ended)) {
            flows++;
            flowLatency.record(ended - started);
          }
        }
      };

      let cpuAtStart;
      let cpuAtEnd;
      const timers = [
        setTimeout(() => {
          cpuAtStart = process.cpuUsage();
          onWindow('start');
        }, rampMs),
        setTimeout(() => {
          cpuAtEnd = process.cpuUsage(cpuAtStart);
          stopping = true;
          onWindow('end');
        }, rampMs + measureMs),
        setTimeout(() => {
          failure ??= new LoadError(`the round did not finish within ${WATCHDOG_MS} ms of its end`);
          agent.destroy();
        }, rampMs + measureMs + WATCHDOG_MS),
      ];
      try {
        await Promise.all(
          Array.from({ length: connections }, () =>
            worker().catch((error) => {
              // The first failure stops every worker; the round then rejects with it.
              failure ??= error;
              stopping = true;
            }),
          ),
        );
      } finally {
        for (const timer of timers) clearTimeout(timer);
      }
      if (failure !== null) throw failure;
      const seconds = measureMs / 1000;
      return {
        seconds,
        flows,
        requests,
        flowsPerSecond: flows / seconds,
        requestsPerSecond: requests / seconds,
        request: summary(requestLatency),
        flow: summary(flowLatency),
        clientCpu: cpuAtEnd === undefined ? Number.NaN : (cpuAtEnd.user + cpuAtEnd.system) / 1e6 / seconds,
      };
    },

    close() {
      agent.destroy();
    },
  };
}

function summary(histogram) {
  return { count: histogram.total, p50: histogram.percentile(0.5), p99: histogram.percentile(0.99), max: histogram.max() };
}
